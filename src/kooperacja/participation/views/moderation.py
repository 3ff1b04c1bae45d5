"""Moderator pages: the queue of reported comments and the hide / restore decision (always with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..forms import ReasonForm
from ..workflows import COMMENT


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("participation.moderate_process"):
        raise PermissionDenied
    page = Paginator(selectors.moderation_queue(request.user), 30).get_page(request.GET.get("strona"))
    hidden = list(selectors.hidden_comments(request.user).order_by("-hidden_at")[:30])
    return render(request, "participation/moderation.html", {"page": page, "hidden": hidden})


@login_required
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, pk, "moderate")
    actions = COMMENT.available(comment, request.user)
    if not actions:
        raise PermissionDenied
    t = actions[0]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fn = services.comment_hide if t.name == "hide" else services.comment_restore
        if call_service(form, fn, actor=request.user, comment=comment, reason=form.cleaned_data["reason"]):
            messages.success(request, _("Ukryto uwagę.") if t.name == "hide" else _("Przywrócono uwagę."))
            return redirect("participation:moderation")
    reports = list(comment.reports.select_related("reporter").order_by("created_at"))
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "process": comment.process,
            "title": t.label,
            "quote": comment.body,
            "reports": reports,
            "hidden_reason": comment.hidden_reason,
            "submit": t.label,
            "moderation": True,
        },
    )
