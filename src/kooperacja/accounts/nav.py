from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Mój profil"), "accounts:profile", perm="accounts.view_profile", section="user", order=10),
]
