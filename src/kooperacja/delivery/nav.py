from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [NavItem(_("Realizacja usług"), "delivery:home", perm="delivery.open_delivery", order=35)]
