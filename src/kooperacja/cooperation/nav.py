from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(
        _("Kooperacja"),
        "cooperation:teams",
        perm="cooperation.see_teams",
        order=60,
        match_prefix="/kooperacja/zespoly/",
    ),
    NavItem(
        _("Sprawy"), "cooperation:case_list", perm="cooperation.see_cases", order=61, match_prefix="/kooperacja/sprawy/"
    ),
    NavItem(
        _("Skierowania"),
        "cooperation:referral_inbox",
        perm="cooperation.see_referral_inbox",
        order=62,
        match_prefix="/kooperacja/skierowania/",
    ),
    NavItem(
        _("Planer koszyków"),
        "cooperation:planner",
        perm="cooperation.run_planner",
        order=63,
        match_prefix="/kooperacja/planer/",
    ),
    NavItem(_("Kooperacja w liczbach"), "cooperation:statistics", perm="cooperation.see_statistics", order=64),
]
