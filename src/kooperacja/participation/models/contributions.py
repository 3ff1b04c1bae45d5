"""What residents contribute: comments, proposals, survey answers, workshop registrations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import Channel, CommentState, ProposalState, QuestionKind
from .processes import Process, Section

_USER = settings.AUTH_USER_MODEL
WORKSHOP_MAX_CAPACITY = 10000


class Comment(WorkflowModel):
    """A comment or a reply (one level). Never deleted: a moderator hides it with a reason, kept for moderators."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, verbose_name=_("część dokumentu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("odpowiedź na"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("autor (zgłoszenie papierowe)"), max_length=150, blank=True)
    channel = models.CharField(_("kanał"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.CharField(_("temat"), max_length=80, blank=True)
    body = models.TextField(_("treść uwagi"), max_length=4000)
    state = StateField(_("stan"), choices=CommentState.choices, default=CommentState.VISIBLE)
    hidden_reason = models.CharField(_("powód ukrycia"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)
    report_count = models.PositiveIntegerField(default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("uwaga")
        verbose_name_plural = _("uwagi")
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(author_name=""),
                name="participation_comment_has_author",
                violation_error_code="participation_comment_has_author",
                violation_error_message=_("Uwaga musi mieć autora (konto albo pole „autor” zgłoszenia papierowego)."),
            ),
            models.CheckConstraint(
                condition=~Q(state=CommentState.HIDDEN) | ~Q(hidden_reason=""),
                name="participation_comment_hidden_has_reason",
                violation_error_code="participation_comment_hidden_has_reason",
                violation_error_message=_("Ukryta uwaga musi mieć powód ukrycia (pole „powód ukrycia”)."),
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.state == CommentState.HIDDEN

    @property
    def author_label(self) -> str:
        return str(self.author) if self.author_id else self.author_name


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("dlaczego zgłaszasz"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zgłoszenie uwagi")
        verbose_name_plural = _("zgłoszenia uwag")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                name="participation_report_once",
                violation_error_code="participation_report_once",
                violation_error_message=_("Ta uwaga (pole „uwaga”) została już przez Ciebie zgłoszona."),
            )
        ]


class Proposal(WorkflowModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("autor (zgłoszenie papierowe)"), max_length=150, blank=True)
    channel = models.CharField(_("kanał"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.CharField(_("temat"), max_length=80, blank=True)
    title = models.CharField(_("tytuł propozycji"), max_length=200)
    body = models.TextField(_("opis propozycji"), max_length=4000)
    state = StateField(_("stan"), choices=ProposalState.choices, default=ProposalState.SUBMITTED)
    answer = models.TextField(_("odpowiedź organu"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)
    supporters_count = models.PositiveIntegerField(_("poparcia"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("propozycja")
        verbose_name_plural = _("propozycje")
        ordering: ClassVar = ["-supporters_count", "created_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(author_name=""),
                name="participation_proposal_has_author",
                violation_error_code="participation_proposal_has_author",
                violation_error_message=_("Propozycja musi mieć autora (konto albo pole „autor”)."),
            ),
            models.CheckConstraint(
                condition=Q(state=ProposalState.SUBMITTED) | ~Q(answer=""),
                name="participation_proposal_answered_with_text",
                violation_error_code="participation_proposal_answered_with_text",
                violation_error_message=_("Odpowiedź organu (pole „odpowiedź”) jest wymagana."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                name="participation_support_once",
                violation_error_code="participation_support_once",
                violation_error_message=_("Już popierasz tę propozycję (pole „propozycja”)."),
            )
        ]


class Survey(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("tytuł ankiety"), max_length=200)
    intro = models.TextField(_("wstęp"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("ankieta")
        verbose_name_plural = _("ankiety")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("numer"), validators=bounds.COUNT_POSITIVE)
    kind = models.CharField(_("rodzaj pytania"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("pytanie"), max_length=300)
    options = models.JSONField(_("odpowiedzi do wyboru"), default=list, blank=True)
    required = models.BooleanField(_("wymagane"), default=True)

    class Meta:
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["survey", "number"],
                name="participation_question_unique_number",
                violation_error_code="participation_question_unique_number",
                violation_error_message=_("Pytanie o tym numerze (pole „numer”) już jest w ankiecie."),
            )
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("kanał"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="participation_survey_once",
                violation_error_code="participation_survey_once",
                violation_error_message=_("Ta ankieta (pole „ankieta”) ma już Twoje odpowiedzi."),
            )
        ]


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # indexes into question.options
    scale = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[bounds.CountPositive(1), MaxValueValidator(5)]
    )
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="participation_answer_once",
                violation_error_code="participation_answer_once",
                violation_error_message=_("Na to pytanie (pole „pytanie”) już odpowiedziano."),
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="participation_answer_scale_range",
                violation_error_code="participation_answer_scale_range",
                violation_error_message=_("Ocena (pole „skala”) musi być od 1 do 5."),
            ),
        ]


class Workshop(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("nazwa spotkania"), max_length=200)
    starts_at = models.DateTimeField(_("początek"), validators=bounds.EVENT_DATE)
    ends_at = models.DateTimeField(_("koniec"), validators=bounds.EVENT_DATE)
    place = models.CharField(_("miejsce"), max_length=300)
    capacity = models.PositiveIntegerField(
        _("liczba miejsc"), validators=[bounds.CountPositive(1), MaxValueValidator(WORKSHOP_MAX_CAPACITY)]
    )
    registered = models.PositiveIntegerField(_("zapisanych"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    venue_accessible = models.BooleanField(_("miejsce dostępne dla osób z niepełnosprawnościami"), default=True)
    minutes = models.TextField(_("zapis tego, co powiedziano"), max_length=20000, blank=True)

    class Meta:
        verbose_name = _("warsztat / spotkanie")
        verbose_name_plural = _("warsztaty i spotkania")
        ordering: ClassVar = ["starts_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(registered__lte=models.F("capacity")),
                name="participation_workshop_within_capacity",
                violation_error_code="participation_workshop_within_capacity",
                violation_error_message=_("Brak wolnych miejsc (pole „liczba miejsc”)."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="participation_workshop_ends_after_start",
                violation_error_code="participation_workshop_ends_after_start",
                violation_error_message=_("Koniec spotkania (pole „koniec”) musi być po jego początku."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=10000),
                name="participation_workshop_capacity_range",
                violation_error_code="participation_workshop_capacity_range",
                violation_error_message=_("Liczba miejsc (pole „liczba miejsc”) musi być od 1 do 10 000."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.registered, 0)


class Registration(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    sign_language = models.BooleanField(_("tłumacz języka migowego"), default=False)
    childcare = models.BooleanField(_("opieka nad dziećmi"), default=False)
    transport = models.BooleanField(_("transport"), default=False)
    other_needs = models.CharField(_("inne potrzeby"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zapis na spotkanie")
        verbose_name_plural = _("zapisy na spotkania")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                name="participation_register_once",
                violation_error_code="participation_register_once",
                violation_error_message=_("Masz już zapis na to spotkanie (pole „spotkanie”)."),
            )
        ]
