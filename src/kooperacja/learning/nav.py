from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Edukacja"), "learning:library", order=80, match_prefix="/edukacja/"),
    NavItem(_("Moje szkolenia"), "learning:my_learning", perm="learning.see_my_learning", section="user", order=80),
    NavItem(_("Panel trenera"), "learning:trainer_panel", perm="learning.see_trainer_panel", section="user", order=81),
    NavItem(_("Grupy szkoleniowe"), "learning:cohort_list", perm="learning.add_cohort", section="user", order=83),
    NavItem(
        _("Szkolenia w regionie"), "learning:coordination", perm="learning.see_coordination", section="user", order=82
    ),
]
