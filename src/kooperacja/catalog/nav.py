from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [NavItem(_("Usługi"), "catalog:index", order=30)]
