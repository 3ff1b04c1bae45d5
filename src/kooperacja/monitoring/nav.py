from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Porównanie gmin"), "monitoring:index", perm="monitoring.view_figures", order=66),
]
