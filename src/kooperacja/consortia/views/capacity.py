"""The register of members' capacity for new calls: the list with filters and totals (insiders), add / change /
remove a row (the member's people or the office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.commissioning.enums import LotSector
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action

from .. import capacity, selectors, services
from ..capacity_forms import CapacityForm
from ..models import MemberCapacity


@login_required
def capacity_register(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    sector = request.GET.get("obszar", "")
    if sector not in LotSector.values:
        sector = ""
    territory_id = parse_id(request.GET.get("gmina", ""))
    rows = capacity.register(consortium, sector=sector, territory_id=territory_id)
    editable = capacity.editable_members(request.user, consortium)
    return render(
        request,
        "consortia/capacity.html",
        {
            "consortium": consortium,
            "rows": list(rows),
            "totals": capacity.totals(rows),
            "sectors": LotSector.choices,
            "sector": sector,
            "gminas": capacity.gminas(consortium).filter(pk__in=capacity.register(consortium).values("territory_id")),
            "territory_id": territory_id,
            "editable": set(editable.values_list("pk", flat=True)),
            "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
        },
    )


def _row_for(request: HttpRequest, pk: int) -> MemberCapacity:
    row = get_object_or_404(MemberCapacity.objects.select_related("member__consortium", "member__organisation"), pk=pk)
    selectors.internal_consortium_for(request.user, row.member.consortium_id)  # 404 to who may not see the register
    return row


@login_required
def capacity_edit(request: HttpRequest, pk: int, row_pk: int | None = None) -> HttpResponse:
    """`pk` is the consortium; `row_pk` a row to change (else a new row)."""
    consortium = selectors.internal_consortium_for(request.user, pk)
    row = _row_for(request, row_pk) if row_pk is not None else None
    if row is not None and row.member.consortium_id != consortium.pk:
        raise Http404
    if row is not None and not capacity.may_edit(request.user, row.member):
        raise PermissionDenied(_("Potencjał członka wpisują jego przedstawiciele albo biuro konsorcjum."))
    if row is None and not capacity.editable_members(request.user, consortium).exists():
        raise PermissionDenied(_("Potencjał członka wpisują jego przedstawiciele albo biuro konsorcjum."))
    form = CapacityForm(request.POST or None, instance=row, consortium=consortium, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "member"}
        member = row.member if row is not None else form.cleaned_data["member"]
        saved = call_service(form, services.capacity_save, actor=request.user, member=member, data=data, capacity=row)
        if saved is not None:
            messages.success(request, _("Zapisano potencjał członka."))
            return redirect("consortia:capacity", pk=consortium.pk)
    title = _("Zmień wpis w rejestrze potencjału") if row else _("Nowy wpis w rejestrze potencjału")
    return render(request, "consortia/form.html", {"form": form, "consortium": consortium, "title": title})


@login_required
@require_POST
def capacity_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row_for(request, pk)
    consortium_pk = row.member.consortium_id
    if not capacity.may_edit(request.user, row.member):
        raise PermissionDenied(_("Potencjał członka wpisują jego przedstawiciele albo biuro konsorcjum."))
    run_action(request, services.capacity_remove, actor=request.user, capacity=row, success=_("Usunięto wpis."))
    return redirect("consortia:capacity", pk=consortium_pk)
