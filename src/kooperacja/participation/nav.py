from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Konsultacje"), "participation:process_list", order=70, match_prefix="/konsultacje/"),
    NavItem(
        _("Moja aktywność"),
        "participation:my_activity",
        section="user",
        order=70,
        login_required=True,
    ),
    NavItem(
        _("Moderacja"),
        "participation:moderation",
        perm="participation.moderate_process",
        order=71,
        match_prefix="/konsultacje/moderacja/",
    ),
]
