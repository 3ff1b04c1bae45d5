"""The delivery home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kooperacja.catalog.models import Service

from .. import selectors
from ..policies import staff_org_ids
from .common import perm_required


@perm_required("delivery.open_delivery")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = selectors.delivered_services_for(user) if staff_org_ids(user) else Service.objects.none()
    return render(
        request,
        "delivery/home.html",
        {
            "services": mine,
            "is_staff": bool(staff_org_ids(user)),
            "can_outcomes": user.has_perm("delivery.view_outcomes"),
            "n_programmes": selectors.programmes_visible_to(user).count(),
            "n_flats": selectors.flats_visible_to(user).count(),
        },
    )
