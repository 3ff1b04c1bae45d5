"""The materials library: public list and search, detail, permission-checked downloads, publishing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..enums import GrantKind
from ..forms import LibraryFilterForm, MaterialForm, VersionForm
from ._base import page_of, perm_required, publisher_orgs


def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.material_search(
        request.user,
        q=filters.get("q", ""),
        topic=filters.get("topic", ""),
        audience=filters.get("audience", ""),
        kind=filters.get("kind", ""),
        order=filters.get("order") or "newest",
    )
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "learning/library.html",
        {"form": form, "page": page_of(request, qs), "query": query, "topics": selectors.topics_in_use(request.user)},
    )


def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_for(request.user, pk)
    return render(
        request,
        "learning/material_detail.html",
        {
            "material": material,
            "versions": selectors.material_versions(material),
            "grants": grant_labels(material.grants.select_related("team")),
            "can_change": request.user.has_perm("learning.change_material", material),
        },
    )


def grant_labels(grants: object) -> list[str]:
    """Who a "groups" material or course is for, in words (never a code on screen)."""
    from kooperacja.accounts.enums import Role
    from kooperacja.organisations.enums import LegalForm

    forms, roles = dict(LegalForm.choices), dict(Role.choices)
    labels = []
    for g in grants:  # type: ignore[attr-defined]
        if g.kind == GrantKind.TEAM:
            labels.append(str(g.team) if g.team else _("członkowie Partnerskich Zespołów Kooperacji"))
        elif g.kind == GrantKind.LEGAL_FORM:
            labels.append(str(forms.get(g.value, _("inny rodzaj instytucji"))))
        else:
            labels.append(str(roles.get(g.value, _("inna rola"))))
    return labels


def material_download(request: HttpRequest, pk: int, number: int | None = None) -> FileResponse:
    """The only way to a material's file: the same scope as the page (404 for who may not see it)."""
    version = selectors.version_for(request.user, pk, number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=version.filename, content_type=version.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _initial_audience(obj: object) -> dict[str, object]:
    grants = list(obj.grants.all())  # type: ignore[attr-defined]
    return {
        "visibility": obj.visibility,  # type: ignore[attr-defined]
        "cohort": obj.cohort,  # type: ignore[attr-defined]
        "legal_forms": [g.value for g in grants if g.kind == GrantKind.LEGAL_FORM],
        "roles": [g.value for g in grants if g.kind == GrantKind.ROLE],
        "pzk_members": any(g.kind == GrantKind.TEAM for g in grants),
    }


CONTENT = ("title", "summary", "topics", "audience", "language", "licence", "author", "url")


@perm_required("learning.add_material")
@require_http_methods(["GET", "POST"])
def material_create(request: HttpRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None, organisations=publisher_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        material = call_service(
            form,
            services.material_create,
            actor=request.user,
            organisation=d["organisation"],
            kind=d["kind"],
            file=d.get("file"),
            **{k: d[k] for k in CONTENT},
            **form.audience_data(),
        )
        if material is not None:
            messages.success(request, _("Dodano materiał do biblioteki."))
            return redirect("learning:material_detail", pk=material.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowy materiał"), "multipart": True})


@login_required  # a page for the material's managers: the anonymous visitor signs in first
@require_http_methods(["GET", "POST"])
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_for(request.user, pk, "change")
    initial = {k: getattr(material, k) for k in CONTENT} | _initial_audience(material)
    form = MaterialForm(request.POST or None, initial=initial, organisations=publisher_orgs(request.user), editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = call_service(
            form,
            services.material_update,
            actor=request.user,
            material=material,
            **{k: d[k] for k in CONTENT},
            **form.audience_data(),
        )
        if done is not None:
            messages.success(request, _("Zapisano zmiany materiału."))
            return redirect("learning:material_detail", pk=material.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Edycja materiału"), "material": material})


@login_required  # a page for the material's managers: the anonymous visitor signs in first
@require_http_methods(["GET", "POST"])
def material_version_add(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_for(request.user, pk, "change")
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = call_service(
            form, services.material_version_add, actor=request.user, material=material, **form.cleaned_data
        )
        if version is not None:
            messages.success(request, _("Dodano wersję %(n)d.") % {"n": version.number})
            return redirect("learning:material_detail", pk=material.pk)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("Nowa wersja pliku"), "material": material, "multipart": True},
    )
