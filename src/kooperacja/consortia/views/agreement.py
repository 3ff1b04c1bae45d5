"""The consortium agreement after founding: the current terms, the versions with what each amendment changed,
and the draft of an amendment (a resolution of the general meeting)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..agreement_forms import AmendmentForm
from ..enums import ResolutionKind
from ..models import AgreementVersion, Consortium

_label = services.term_label
_shown = services.term_shown


def _history(consortium: Consortium) -> list[dict[str, Any]]:
    versions = list(
        AgreementVersion.objects.filter(consortium=consortium).select_related("resolution").order_by("number")
    )
    out = []
    for prev, version in zip([None, *versions], versions, strict=False):
        changes = [
            {
                "label": _label(name),
                "before": _shown(name, prev.terms.get(name, "")) if prev else "",
                "after": _shown(name, version.terms.get(name, "")),
            }
            for name in version.changed
        ]
        out.append({"version": version, "changes": changes})
    return list(reversed(out))


@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    current = services.terms_of(consortium)
    pending = consortium.resolutions.filter(
        kind=ResolutionKind.AMEND_AGREEMENT, status__in=["draft", "voting"]
    ).select_related("amendment")
    return render(
        request,
        "consortia/agreement.html",
        {
            "consortium": consortium,
            "terms": [(_label(n), _shown(n, v)) for n, v in current.items()],
            "history": _history(consortium),
            "pending": [{"res": r, "changes": services.described(r.amendment.changes)} for r in pending],
            "can_amend": request.user.has_perm("consortia.manage_consortium", consortium),
        },
    )


@login_required
def amendment_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    form = AmendmentForm(request.POST or None, instance=consortium)
    if request.method == "POST" and form.is_valid():
        res = call_service(
            form,
            services.amendment_draft,
            actor=request.user,
            consortium=consortium,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            proposed=form.proposed(),
        )
        if res is not None:
            messages.success(request, _("Przygotowano projekt uchwały zmieniającej umowę. Otwórz głosowanie."))
            return redirect("consortia:resolution", pk=res.pk)
    return render(
        request,
        "consortia/form.html",
        {"form": form, "consortium": consortium, "title": _("Projekt zmiany umowy konsorcjum")},
    )
