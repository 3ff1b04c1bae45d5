from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Konsorcja"), "consortia:list", perm="consortia.use_consortia", order=50),
    NavItem(
        _("Moje zobowiązania"), "consortia:obligations", perm="consortia.view_obligations", section="user", order=25
    ),
    NavItem(_("Wsparcie biura"), "consortia:support_list", perm="consortia.view_support", section="user", order=26),
]
