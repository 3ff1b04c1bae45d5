"""Comments, moderation, proposals, surveys, workshops and paper submissions."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core.actors import Actor, is_system, require

from ..enums import Channel, CommentState, ProcessState, QuestionKind
from ..events import ParticipationEvent, event
from ..models import (
    Answer,
    Comment,
    CommentReport,
    Process,
    Proposal,
    ProposalSupport,
    Question,
    Registration,
    Survey,
    SurveyResponse,
    Workshop,
)
from ..models.contributions import WORKSHOP_MAX_CAPACITY
from ..workflows import COMMENT, PROPOSAL
from ._common import _user, check_bounds

# Spam protection: at most this many comments / proposals / reports per window, per account and per IP address.
RATE_WINDOW_SECONDS = 600
RATE_PER_ACCOUNT = 10
RATE_PER_IP = 30

# Lazy: translated when raised, in the language of the request (not in the language active at import time).
PHASE_CLOSED = {
    "comment": gettext_lazy("Na tym etapie konsultacji nie można dodawać uwag."),
    "propose": gettext_lazy("Na tym etapie nie można składać ani popierać propozycji."),
    "survey": gettext_lazy("Ankieta nie jest teraz otwarta."),
    "attend": gettext_lazy("Zapisy na spotkania nie są teraz otwarte."),
}


def _phase_gate(actor: Actor, process: Process, action: str) -> None:
    """404 when the process is not visible; a clear message when the phase does not allow the action."""
    require(actor, "participation.view_process", process, hide=True)
    if is_system(actor):
        return
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Zaloguj się, aby wziąć udział."))
    if not actor.has_perm(f"participation.{action}_process", process):
        raise ValidationError(str(PHASE_CLOSED[action]))


def _rate_limit(actor: Actor, ip: str, kind: str) -> None:
    if is_system(actor):
        return
    keys = [f"participation:rate:{kind}:u:{actor.pk}"]
    limits = [RATE_PER_ACCOUNT]
    if ip:
        keys.append(f"participation:rate:{kind}:ip:{ip}")
        limits.append(RATE_PER_IP)
    for key, limit in zip(keys, limits, strict=True):
        cache.add(key, 0, RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW_SECONDS)
            count = 1
        if count > limit:
            raise ValidationError(
                _("Za dużo wpisów w krótkim czasie. Spróbuj ponownie za kilka minut (ochrona przed spamem).")
            )


def comment_add(
    *,
    actor: Actor,
    process: Process,
    body: str,
    section: Any = None,
    parent: Comment | None = None,
    topic: str = "",
    ip: str = "",
) -> Comment:
    _phase_gate(actor, process, "comment")
    body = body.strip()
    if len(body) < 3:
        raise ValidationError({"body": _("Napisz treść uwagi (co najmniej 3 znaki).")})
    if parent is not None:
        if parent.process_id != process.pk or parent.state != CommentState.VISIBLE:
            raise ValidationError({"parent": _("Nie można odpowiedzieć na tę uwagę.")})
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    if section is not None and section.process_id != process.pk:
        raise ValidationError({"section": _("Ta część nie należy do konsultowanego dokumentu.")})
    _rate_limit(actor, ip, "comment")
    with transaction.atomic():
        comment = Comment.objects.create(
            process=process,
            section=section,
            parent=parent,
            author=None if is_system(actor) else actor,
            author_name="" if not is_system(actor) else str(actor),
            topic=topic.strip()[:80],
            body=body,
        )
        event(actor=actor, verb=ParticipationEvent.COMMENT_ADDED, target=comment)
    return comment


def paper_submission_enter(
    *,
    actor: Actor,
    process: Process,
    kind: str,
    author_name: str,
    body: str,
    channel: str = Channel.PAPER,
    title: str = "",
    topic: str = "",
    section: Any = None,
) -> Comment | Proposal:
    """An officer enters a comment or a proposal received on paper, by e-mail or orally (channel recorded)."""
    require(actor, "participation.manage_process", process, hide=True)
    if process.state != ProcessState.PUBLISHED:
        raise ValidationError(_("Zgłoszenia można wprowadzać tylko do ogłoszonego procesu przed raportem."))
    if channel not in (Channel.PAPER, Channel.EMAIL, Channel.MEETING):
        raise ValidationError({"channel": _("Wybierz, jak zgłoszenie wpłynęło.")})
    if not author_name.strip():
        raise ValidationError({"author_name": _("Podaj autora zgłoszenia (imię i nazwisko albo nazwę).")})
    if len(body.strip()) < 3:
        raise ValidationError({"body": _("Przepisz treść zgłoszenia.")})
    entered_by = _user(actor)
    with transaction.atomic():
        obj: Comment | Proposal
        if kind == "proposal":
            if not title.strip():
                raise ValidationError({"title": _("Podaj tytuł propozycji.")})
            obj = Proposal.objects.create(
                process=process,
                author_name=author_name.strip(),
                channel=channel,
                entered_by=entered_by,
                topic=topic.strip()[:80],
                title=title.strip(),
                body=body.strip(),
            )
        else:
            obj = Comment.objects.create(
                process=process,
                section=section,
                author_name=author_name.strip(),
                channel=channel,
                entered_by=entered_by,
                topic=topic.strip()[:80],
                body=body.strip(),
            )
        event(actor=actor, verb=ParticipationEvent.PAPER_SUBMISSION_ENTERED, target=obj, channel=channel, kind=kind)
    return obj


def comment_report(*, actor: Actor, comment: Comment, reason: str, ip: str = "") -> CommentReport:
    require(actor, "participation.view_comment", comment, hide=True)
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Zaloguj się, aby zgłosić uwagę."))
    if not reason.strip():
        raise ValidationError({"reason": _("Napisz, co narusza zasady dyskusji.")})
    _rate_limit(actor, ip, "report")
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=actor, reason=reason.strip()[:500])
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            event(actor=actor, verb=ParticipationEvent.COMMENT_REPORTED, target=comment)
    except IntegrityError:
        raise ValidationError(_("Ta uwaga została już przez Ciebie zgłoszona moderatorowi.")) from None
    return report


def _moderate(actor: Actor, comment: Comment, name: str, reason: str) -> Comment:
    require(actor, "participation.moderate_comment", comment, hide=True)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        COMMENT.apply(comment, name, actor=actor, reason=reason)
        if name == "hide":
            comment.hidden_reason = reason.strip()[:500]
            comment.hidden_by = _user(actor)
            comment.hidden_at = timezone.now()
        comment.save(update_fields=["state", "hidden_reason", "hidden_by", "hidden_at"])
        verb = ParticipationEvent.COMMENT_HIDDEN if name == "hide" else ParticipationEvent.COMMENT_RESTORED
        event(actor=actor, verb=verb, target=comment, reason=reason.strip()[:500])
    return comment


def comment_hide(*, actor: Actor, comment: Comment, reason: str) -> Comment:
    """Hide with a reason (kept, shown to moderators; the comment is never deleted)."""
    return _moderate(actor, comment, "hide", reason)


def comment_restore(*, actor: Actor, comment: Comment, reason: str) -> Comment:
    return _moderate(actor, comment, "restore", reason)


def proposal_submit(
    *, actor: Actor, process: Process, title: str, body: str, topic: str = "", ip: str = ""
) -> Proposal:
    _phase_gate(actor, process, "propose")
    if not title.strip():
        raise ValidationError({"title": _("Podaj tytuł propozycji.")})
    if len(body.strip()) < 10:
        raise ValidationError({"body": _("Opisz propozycję (co najmniej 10 znaków).")})
    _rate_limit(actor, ip, "proposal")
    with transaction.atomic():
        proposal = Proposal.objects.create(
            process=process,
            author=None if is_system(actor) else actor,
            author_name=str(actor) if is_system(actor) else "",
            title=title.strip(),
            body=body.strip(),
            topic=topic.strip()[:80],
        )
        event(actor=actor, verb=ParticipationEvent.PROPOSAL_SUBMITTED, target=proposal)
    return proposal


def proposal_support(*, actor: Actor, proposal: Proposal) -> Proposal:
    _phase_gate(actor, proposal.process, "propose")
    if is_system(actor):
        raise PermissionDenied
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=actor)
            Proposal.objects.filter(pk=proposal.pk).update(supporters_count=F("supporters_count") + 1)
            event(actor=actor, verb=ParticipationEvent.PROPOSAL_SUPPORTED, target=proposal)
    except IntegrityError:
        raise ValidationError(_("Już popierasz tę propozycję.")) from None
    proposal.refresh_from_db()
    return proposal


ANSWERS = ("accept", "accept_partly", "reject")


def proposal_answer(*, actor: Actor, proposal: Proposal, decision: str, answer: str) -> Proposal:
    """The authority's answer (uwzględniona / częściowo / nie, always with a reason); the author gets an e-mail."""
    require(actor, "participation.answer_proposal", proposal, hide=True)
    if decision not in ANSWERS:
        raise ValidationError({"decision": _("Wybierz odpowiedź.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Uzasadnij odpowiedź.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL.apply(proposal, decision, actor=actor, reason=answer)
        proposal.answer = answer.strip()
        proposal.answered_by = _user(actor)
        proposal.answered_at = timezone.now()
        proposal.save(update_fields=["state", "answer", "answered_by", "answered_at"])
        event(actor=actor, verb=ParticipationEvent.PROPOSAL_ANSWERED, target=proposal, decision=decision)
        if proposal.author_id:
            from ..tasks import notify_proposal_answered

            pk = proposal.pk
            transaction.on_commit(lambda: notify_proposal_answered.enqueue(pk))
    return proposal


def survey_create(
    *, actor: Actor, process: Process, title: str, questions: list[dict[str, Any]], intro: str = ""
) -> Survey:
    require(actor, "participation.manage_process", process, hide=True)
    if not questions:
        raise ValidationError(_("Ankieta musi mieć co najmniej jedno pytanie."))
    with transaction.atomic():
        survey = Survey.objects.create(process=process, title=title.strip(), intro=intro.strip())
        for number, q in enumerate(questions, start=1):
            kind = q["kind"]
            options = [str(o).strip() for o in q.get("options", []) if str(o).strip()]
            if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
                raise ValidationError(_("Pytanie %(n)s potrzebuje co najmniej dwóch odpowiedzi.") % {"n": number})
            Question.objects.create(
                survey=survey,
                number=number,
                kind=kind,
                text=q["text"],
                options=options,
                required=q.get("required", True),
            )
    return survey


def survey_answer(*, actor: Actor, survey: Survey, answers: dict[int, Any], on_paper: bool = False) -> SurveyResponse:
    """`answers`: question id -> list of option indexes (choice), int 1-5 (scale) or text (open)."""
    if on_paper:
        require(actor, "participation.manage_process", survey.process, hide=True)
    else:
        _phase_gate(actor, survey.process, "survey")
    questions = list(survey.questions.all())
    errors: dict[str, str] = {}
    rows = []
    for q in questions:
        value = answers.get(q.pk)
        key = f"q{q.pk}"
        if value is None or value in ("", []):
            if q.required:
                errors[key] = _("Odpowiedz na to pytanie.")
            continue
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = sorted({int(i) for i in (value if isinstance(value, list | tuple) else [value])})
            if any(i < 0 or i >= len(q.options) for i in picked) or (
                q.kind == QuestionKind.SINGLE and len(picked) != 1
            ):
                errors[key] = _("Wybierz odpowiedź z listy.")
                continue
            rows.append(Answer(question=q, choices=picked))
        elif q.kind == QuestionKind.SCALE:
            try:
                scale = int(value)
            except (TypeError, ValueError):
                scale = 0
            if not 1 <= scale <= 5:
                errors[key] = _("Wybierz ocenę od 1 do 5.")
                continue
            rows.append(Answer(question=q, scale=scale))
        else:
            rows.append(Answer(question=q, text=str(value).strip()[:2000]))
    if errors:
        raise ValidationError(errors)
    respondent = None if (on_paper or is_system(actor)) else actor
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=respondent, channel=Channel.PAPER if on_paper else Channel.ONLINE
            )
            for a in rows:
                a.response = response
            Answer.objects.bulk_create(rows)
            event(actor=actor, verb=ParticipationEvent.SURVEY_ANSWERED, target=survey)
    except IntegrityError:
        raise ValidationError(_("Ta ankieta ma już Twoje odpowiedzi – można ją wypełnić raz.")) from None
    return response


def workshop_add(
    *,
    actor: Actor,
    process: Process,
    title: str,
    starts_at: Any,
    ends_at: Any,
    place: str,
    capacity: int,
    venue_accessible: bool = True,
) -> Workshop:
    require(actor, "participation.manage_process", process, hide=True)
    check_bounds(Workshop, starts_at=starts_at, ends_at=ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Koniec spotkania musi być po jego początku.")})
    if not 1 <= capacity <= WORKSHOP_MAX_CAPACITY:
        raise ValidationError({"capacity": _("Liczba miejsc musi być od 1 do 10 000.")})
    return Workshop.objects.create(
        process=process,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        capacity=capacity,
        venue_accessible=venue_accessible,
    )


def workshop_register(
    *,
    actor: Actor,
    workshop: Workshop,
    sign_language: bool = False,
    childcare: bool = False,
    transport: bool = False,
    other_needs: str = "",
) -> Registration:
    _phase_gate(actor, workshop.process, "attend")
    if is_system(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("To spotkanie już się zaczęło – zapisy są zamknięte."))
        if Registration.objects.filter(workshop=locked, user=actor).exists():
            raise ValidationError(_("Masz już zapis na to spotkanie."))
        if locked.registered >= locked.capacity:
            raise ValidationError(_("Brak wolnych miejsc na tym spotkaniu."))
        registration = Registration.objects.create(
            workshop=locked,
            user=actor,
            sign_language=sign_language,
            childcare=childcare,
            transport=transport,
            other_needs=other_needs.strip()[:300],
        )
        Workshop.objects.filter(pk=locked.pk).update(registered=F("registered") + 1)
        event(actor=actor, verb=ParticipationEvent.WORKSHOP_REGISTERED, target=locked)
    return registration


def workshop_minutes(*, actor: Actor, workshop: Workshop, minutes: str) -> Workshop:
    require(actor, "participation.manage_process", workshop.process, hide=True)
    if not minutes.strip():
        raise ValidationError({"minutes": _("Zapisz, co powiedziano na spotkaniu.")})
    with transaction.atomic():
        workshop.minutes = minutes.strip()
        workshop.save(update_fields=["minutes"])
        event(actor=actor, verb=ParticipationEvent.WORKSHOP_MINUTES, target=workshop)
    return workshop
