"""Plebiscite pages: candidates, the vote (account + PESEL, or a one-time code), the receipt, paper ballots and
the coordinator's queue, results (page with an SVG chart and a data table, CSV/XLSX, PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import log_access
from kooperacja.core.exports import csv_response, xlsx_response
from kooperacja.core.uploads import open_table, read_upload
from kooperacja.core.viewtools import apply_service_errors, call_service, run_action

from .. import identity, selectors, services
from ..enums import ProcessKind, ProcessState
from ..forms import (
    CandidateForm,
    CandidateImageForm,
    CodesForm,
    CodeVoteForm,
    PaperBallotForm,
    ReceiptCheckForm,
    ResolveForm,
    VoteForm,
)
from ..models import Ballot, PaperBallot
from ..pdfs import results_pdf_bytes
from ..workflows import CANDIDATE, RESULTS

RECEIPT_SESSION = "participation_receipt"


def _voting_open(plebiscite: Any) -> bool:
    phase = plebiscite.voting_phase
    return plebiscite.process.state == ProcessState.PUBLISHED and phase.starts_at <= timezone.now() < phase.ends_at


def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_for(request.user, pk)
    manage = request.user.has_perm("participation.manage_candidate", candidate)
    return render(
        request,
        "participation/candidate.html",
        {
            "candidate": candidate,
            "process": candidate.plebiscite.process,
            "change_image": selectors.may_change_image(request.user, candidate),
            "actions": CANDIDATE.available(candidate, request.user) if manage else [],
        },
    )


@login_required
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    if not (
        request.user.has_perm("participation.manage_plebiscite", plebiscite)
        or request.user.has_perm("participation.propose_process", plebiscite.process)
    ):
        raise PermissionDenied(_("Propozycje do plebiscytu można zgłaszać tylko w etapie zgłaszania propozycji."))
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = call_service(form, services.candidate_add, actor=request.user, plebiscite=plebiscite, **form.cleaned_data)
        if c is not None:
            messages.success(request, _("Dodano propozycję do plebiscytu."))
            return redirect(c)
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": _("Nowa propozycja w plebiscycie"), "process": plebiscite.process},
    )


@login_required
def candidate_image(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or replace a candidate's illustration (the officer, or its author before the formal check)."""
    candidate = selectors.candidate_for(request.user, pk)
    if not selectors.may_change_image(request.user, candidate):
        raise PermissionDenied(_("Ilustrację może zmienić urząd albo autor propozycji przed jej oceną formalną."))
    form = CandidateImageForm(request.POST or None, request.FILES or None, initial={"image_alt": candidate.image_alt})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.candidate_image_set,
            actor=request.user,
            candidate=candidate,
            image=form.cleaned_data["image"],
            image_alt=form.cleaned_data["image_alt"],
        )
        if done is not None:
            messages.success(request, _("Zapisano ilustrację."))
            return redirect(candidate)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("Ilustracja: %(title)s") % {"title": candidate.title},
            "process": candidate.plebiscite.process,
            "multipart": True,
            "image_url": candidate.image.url if candidate.image else "",
            "image_alt": candidate.image_alt,
        },
    )


@login_required
@require_POST
def candidate_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    candidate = selectors.candidate_for(request.user, pk, "manage")
    if decision not in ("admit", "reject"):
        raise Http404
    run_action(
        request,
        services.candidate_decide,
        actor=request.user,
        candidate=candidate,
        decision=decision,
        reason=request.POST.get("reason", "")[:500],
        success=_("Zapisano ocenę formalną."),
    )
    return redirect(candidate)


@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    process = plebiscite.process
    already = selectors.has_voted(request.user, plebiscite)
    candidates = selectors.ballot_candidates(plebiscite)
    form = None
    if _voting_open(plebiscite) and plebiscite.online:
        form = VoteForm(request.POST or None, plebiscite=plebiscite, candidates=candidates)
        if request.method == "POST":
            if form.is_valid():
                receipt = call_service(
                    form,
                    services.vote_cast,
                    actor=request.user,
                    plebiscite=plebiscite,
                    choices=[c.pk for c in form.cleaned_data["choices"]],
                    pesel=form.cleaned_data["pesel"],
                    area=form.cleaned_data.get("area", ""),
                )
                if receipt is not None:
                    request.session[RECEIPT_SESSION] = {"plebiscite": plebiscite.pk, "receipt": receipt}
                    messages.success(request, _("Oddano Twój głos. Zapisz kod potwierdzenia."))
                    return redirect("participation:receipt")
            already = selectors.has_voted(request.user, plebiscite)
    elif request.method == "POST":
        raise PermissionDenied(_("Głosowanie nie jest teraz otwarte."))
    # The ballot was shown (or refused) to a person who has not voted: "started", for the one reminder e-mail.
    start = services.vote_started(actor=request.user, plebiscite=plebiscite) if form and not already else None
    return render(
        request,
        "participation/vote.html",
        {
            "plebiscite": plebiscite,
            "process": process,
            "form": form,
            "already": already,
            "start": start,
            "candidates": list(candidates),
        },
    )


@login_required
@require_POST
def vote_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Do not remind me" (and back) about this unfinished vote, from the ballot page."""
    plebiscite = selectors.plebiscite_for(request.user, pk)
    remind = request.POST.get("remind") == "1"
    run_action(
        request,
        services.vote_reminder_set,
        actor=request.user,
        plebiscite=plebiscite,
        remind=remind,
        success=_("Jeśli nie oddasz głosu, dostaniesz jedno przypomnienie e-mailem przed końcem głosowania.")
        if remind
        else _("Nie wyślemy Ci przypomnienia o tym głosowaniu."),
    )
    return redirect(f"{reverse('participation:vote', args=[plebiscite.pk])}#przypomnienie")


def vote_code(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    if not plebiscite.codes:
        raise Http404
    candidates = selectors.ballot_candidates(plebiscite)
    form = None
    if _voting_open(plebiscite):
        form = CodeVoteForm(request.POST or None, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            receipt = call_service(
                form,
                services.vote_cast_with_code,
                actor=request.user if request.user.is_authenticated else None,
                plebiscite=plebiscite,
                code=form.cleaned_data["code"],
                choices=[c.pk for c in form.cleaned_data["choices"]],
            )
            if receipt is not None:
                request.session[RECEIPT_SESSION] = {"plebiscite": plebiscite.pk, "receipt": receipt}
                messages.success(request, _("Oddano Twój głos. Zapisz kod potwierdzenia."))
                return redirect("participation:receipt")
    return render(
        request,
        "participation/vote.html",
        {
            "plebiscite": plebiscite,
            "process": plebiscite.process,
            "form": form,
            "by_code": True,
            "candidates": list(candidates),
        },
    )


def receipt(request: HttpRequest) -> HttpResponse:
    """My receipt: the code shown once after voting (kept in the session only), and the check of any code."""
    mine = request.session.get(RECEIPT_SESSION)
    form = ReceiptCheckForm(request.POST or None)
    found = None
    checked = False
    if request.method == "POST" and form.is_valid():
        checked = True
        ballot = (
            Ballot.objects.filter(receipt_hash=identity.receipt_hash(form.cleaned_data["receipt"]))
            .select_related("plebiscite__process")
            .first()
        )
        found = ballot.plebiscite.process if ballot is not None else None
    return render(
        request, "participation/receipt.html", {"mine": mine, "form": form, "found": found, "checked": checked}
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    can_see = request.user.has_perm("participation.see_results", plebiscite)
    manage = request.user.has_perm("participation.manage_plebiscite", plebiscite)
    context: dict[str, Any] = {
        "plebiscite": plebiscite,
        "process": plebiscite.process,
        "can_see": can_see,
        "manage": manage,
        "actions": RESULTS.available(plebiscite, request.user) if manage and can_see else [],
        "draws": list(plebiscite.draws.select_related("winner")) if can_see else [],
    }
    if can_see:
        res = selectors.results(plebiscite)
        context["res"] = res
        context["chart_height"] = 34 * len(res.rows) + 10
    return render(request, "participation/results.html", context)


def _results_or_404(request: HttpRequest, pk: int) -> Any:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    if not request.user.has_perm("participation.see_results", plebiscite):
        raise Http404
    return plebiscite, selectors.results(plebiscite)


def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plebiscite, res = _results_or_404(request, pk)
    rows: list[list[Any]] = [
        [_("Nr"), _("Propozycja"), _("Głosy razem"), _("Przez internet"), _("Na papierze"), _("Procent")]
    ]
    rows += [
        [r["candidate"].number, r["candidate"].title, r["total"], r["online"], r["paper"], r["percent"]]
        for r in res.rows
    ]
    name = f"wyniki-plebiscytu-{plebiscite.pk}"
    if fmt == "xlsx":
        return xlsx_response(rows, f"{name}.xlsx", title=_("Wyniki"))
    return csv_response(rows, f"{name}.csv")


def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite, res = _results_or_404(request, pk)
    draws = list(plebiscite.draws.select_related("winner"))
    response = HttpResponse(results_pdf_bytes(plebiscite, res, draws), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="wyniki-plebiscytu-{plebiscite.pk}.pdf"'
    return response


@login_required
@require_POST
def results_move(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk, "manage")
    fn = {"publish": services.results_publish, "finalise": services.results_finalise}.get(transition)
    if fn is None:
        raise Http404
    run_action(request, fn, actor=request.user, plebiscite=plebiscite, success=str(RESULTS.get(transition).label))
    return redirect("participation:results", pk=plebiscite.pk)


@login_required
def paper_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter paper cards; the coordinator's queue of cards to resolve."""
    plebiscite = selectors.plebiscite_for(request.user, pk, "coordinate")
    candidates = selectors.ballot_candidates(plebiscite)
    form = PaperBallotForm(request.POST or None, plebiscite=plebiscite, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ballot = call_service(
            form,
            services.paper_ballot_enter,
            actor=request.user,
            plebiscite=plebiscite,
            number=data["number"],
            full_name=data["full_name"],
            pesel=data["pesel"],
            choices=[c.pk for c in data["choices"]],
            area=data.get("area", ""),
        )
        if ballot is not None:
            if ballot.problem:
                messages.warning(
                    request,
                    _("Karta nr %(n)s trafiła do rozstrzygnięcia przez koordynatora: %(p)s.")
                    % {"n": ballot.number, "p": ballot.get_problem_display()},
                )
            else:
                messages.success(request, _("Policzono kartę nr %(n)s.") % {"n": ballot.number})
            return redirect("participation:paper_ballots", pk=plebiscite.pk)
    queue = list(selectors.paper_queue(plebiscite))
    log_access(user=request.user, targets=queue, purpose="Plebiscyt: kolejka kart papierowych", request=request)
    counted = plebiscite.paper_ballots.count()
    return render(
        request,
        "participation/paper_ballots.html",
        {"plebiscite": plebiscite, "process": plebiscite.process, "form": form, "queue": queue, "entered": counted},
    )


@login_required
def ballot_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(PaperBallot.objects.select_related("plebiscite__process"), pk=pk)
    plebiscite = selectors.plebiscite_for(request.user, ballot.plebiscite_id, "coordinate")
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.paper_ballot_resolve, actor=request.user, ballot=ballot, **form.cleaned_data)
        if done is not None:
            messages.success(
                request, _("Rozstrzygnięto kartę nr %(n)s: %(s)s.") % {"n": done.number, "s": done.get_state_display()}
            )
            return redirect("participation:paper_ballots", pk=plebiscite.pk)
    log_access(
        user=request.user, targets=ballot, purpose="Plebiscyt: rozstrzygnięcie karty papierowej", request=request
    )
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "process": plebiscite.process,
            "title": _("Karta nr %(n)s") % {"n": ballot.number},
            "intro": _("%(name)s · PESEL …%(last)s · problem: %(p)s · status: %(s)s")
            % {
                "name": ballot.full_name,
                "last": ballot.pesel_last,
                "p": ballot.get_problem_display(),
                "s": ballot.get_state_display(),
            },
            "submit": _("Rozstrzygnij"),
        },
    )


@login_required
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plebiscite = selectors.plebiscite_for(request.user, pk, "manage")
    form = CodesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Reading the file, its header and the service each may refuse: one block puts any of them on the form
        # (core.viewtools.apply_service_errors), as call_service does for a single call.
        try:
            table = open_table(read_upload(upload), upload.name)
            if "imie_nazwisko" not in table.headers:
                raise ValidationError({"file": _("Brak kolumny imie_nazwisko w pierwszym wierszu pliku.")})
            rows = [
                {"name": r.get("imie_nazwisko", ""), "pesel": r.get("pesel", ""), "area": r.get("osiedle", "")}
                for _line, r in table.rows()
            ]
            issued = services.codes_issue(actor=request.user, plebiscite=plebiscite, rows=rows)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return csv_response(
                [[_("Imię i nazwisko"), _("Kod do głosowania")], *issued], f"kody-plebiscyt-{plebiscite.pk}.csv"
            )
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "process": plebiscite.process,
            "title": _("Kody do głosowania"),
            "intro": _(
                "Z listy mieszkańców powstanie plik z kodami do wydruku. Kody pokazujemy tylko raz – "
                "zachowaj plik; w bazie zostaje wyłącznie ich skrót."
            ),
            "multipart": True,
            "submit": _("Wydaj kody"),
        },
    )


@login_required
def plebiscite_rules(request: HttpRequest, pk: int) -> HttpResponse:
    """Set up the plebiscite of a process (voting phase and rules); the rules are frozen once voting opens."""
    from ..forms import RulesForm

    process = selectors.process_for(request.user, pk, "manage")
    if process.kind != ProcessKind.PLEBISCITE:
        raise Http404
    current = getattr(process, "plebiscite", None)
    initial: dict[str, Any] = {"max_choices": 1, "min_age": 13, "residents_only": True, "online": True, "paper": True,
                               "auto_publish": True}  # fmt: skip
    if current is not None:
        initial = {name: getattr(current, name) for name in services.voting.RULE_FIELDS}
        initial["areas"] = "\n".join(current.areas)
        initial["voting_phase"] = current.voting_phase_id
    form = RulesForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        phase = data.pop("voting_phase")
        if current is None:
            done = call_service(
                form, services.plebiscite_create, actor=request.user, process=process, voting_phase=phase, **data
            )
        else:
            done = call_service(form, services.plebiscite_rules_update, actor=request.user, plebiscite=current, **data)
        if done is not None:
            messages.success(request, _("Zapisano zasady plebiscytu."))
            return redirect(process)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "process": process,
            "title": _("Zasady plebiscytu"),
            "intro": _("Zasady zostaną zamrożone z chwilą otwarcia głosowania – potem nie można ich zmienić."),
        },
    )
