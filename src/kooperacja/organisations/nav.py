from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Organizacje"), "organisations:directory", order=20),
    NavItem(
        _("Wnioski o dołączenie"),
        "organisations:requests",
        perm="organisations.view_membership_requests",
        section="user",
        order=30,
    ),
    NavItem(
        _("Import organizacji"),
        "organisations:import",
        perm="organisations.import_organisations",
        section="user",
        order=40,
    ),
]
