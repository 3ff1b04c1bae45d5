from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import NavItem

ITEMS = [
    NavItem(_("Ogłoszenia"), "commissioning:calls", order=30),
    NavItem(_("Zlecanie usług"), "commissioning:officer_home", perm="commissioning.view_officer_menu", order=31),
    NavItem(_("Moje oferty"), "commissioning:my_offers", perm="commissioning.view_my_offers", order=32),
    NavItem(_("Ocena ofert"), "commissioning:commission_home", perm="commissioning.view_commission_work", order=33),
    NavItem(_("Programy współpracy"), "commissioning:programmes", order=35),
    NavItem(_("Umowy"), "commissioning:contracts", perm="commissioning.view_contracts", section="user", order=34),
]
