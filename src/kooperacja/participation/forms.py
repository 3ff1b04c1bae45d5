"""Forms of the participation app: bounds on every field, Polish messages; every write goes through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds, uploads
from kooperacja.core.fields import ModelChoiceField, ModelMultipleChoiceField
from kooperacja.core.models import Territory

from .enums import Channel, PhaseKind, ProcessKind, QuestionKind, SubjectKind
from .models import ALLOWS, Candidate, Phase, Section

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M"]
TEXT = forms.Textarea(attrs={"rows": 4})


class ProcessForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=ProcessKind.choices)
    title = forms.CharField(label=_("Tytuł"), max_length=200)
    subject_kind = forms.ChoiceField(label=_("Przedmiot"), choices=SubjectKind.choices)
    subject = forms.CharField(label=_("Czego dotyczy (np. nazwa budynku, pakietu)"), max_length=300, required=False)
    territory = ModelChoiceField(label=_("Gmina"), queryset=Territory.objects.none())
    description = forms.CharField(label=_("Opis dla mieszkańców"), max_length=20000, widget=TEXT)
    code_of_conduct = forms.CharField(
        label=_("Zasady dyskusji"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Puste pole: zasady domyślne platformy."),
    )

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Etap"), choices=PhaseKind.choices)
    title = forms.CharField(label=_("Nazwa etapu (opcjonalnie)"), max_length=120, required=False)
    starts_at = forms.DateTimeField(
        validators=bounds.EVENT_DATE, label=_("Początek"), widget=DATETIME, input_formats=DT_FORMATS
    )
    ends_at = forms.DateTimeField(
        validators=bounds.EVENT_DATE, label=_("Koniec"), widget=DATETIME, input_formats=DT_FORMATS
    )
    allows = forms.MultipleChoiceField(
        label=_("W tym etapie mieszkańcy mogą"),
        choices=[
            ("comment", _("dodawać uwagi")),
            ("propose", _("składać i popierać propozycje")),
            ("survey", _("wypełniać ankietę")),
            ("attend", _("zapisywać się na spotkania")),
            ("vote", _("głosować (plebiscyt)")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PhaseEditForm(PhaseForm):
    """The same fields as a new phase; the service says which may still change (a running phase keeps its start)."""

    def __init__(self, *args: Any, phase: Phase, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "kind": phase.kind,
                "title": phase.title,
                "starts_at": timezone.localtime(phase.starts_at),
                "ends_at": timezone.localtime(phase.ends_at),
                "allows": [a for a in ALLOWS if phase.allows(a)],
            },
        )
        super().__init__(*args, **kwargs)
        if phase.process.kind != ProcessKind.PLEBISCITE:
            self.fields["allows"].choices = [c for c in self.fields["allows"].choices if c[0] != "vote"]  # type: ignore[attr-defined]


def _upload_mb() -> int:
    return int(settings.KOOPERACJA_MAX_UPLOAD_BYTES) // (1024 * 1024)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tytuł dokumentu"), max_length=200)
    file = forms.FileField(
        label=_("Plik PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Tylko PDF, do %(mb)s MB.") % {"mb": _upload_mb()}

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        uploads.validate_file(f, uploads.PDF)
        return f


class CandidateImageForm(forms.Form):
    image = forms.FileField(
        label=_("Ilustracja"),
        help_text=_("PNG, JPEG albo WebP, do %(mb)s MB.")
        % {"mb": settings.KOOPERACJA_MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp"}),
    )
    image_alt = forms.CharField(
        label=_("Opis ilustracji dla osób niewidomych"),
        max_length=300,
        help_text=_("Jedno, dwa zdania: co widać na obrazku."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("PNG, JPEG albo WebP, do %(mb)s MB.") % {"mb": _upload_mb()}

    def clean_image(self) -> Any:
        from .services.voting import check_image

        f = self.cleaned_data["image"]
        try:
            check_image(f)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["image"]) from None
        return f


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Uzasadnienie"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Twoja uwaga"), min_length=3, max_length=4000, widget=TEXT)
    section = ModelChoiceField(label=_("Dotyczy części dokumentu"), queryset=Section.objects.none(), required=False)
    topic = forms.CharField(label=_("Temat (opcjonalnie)"), max_length=80, required=False)

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = process.sections.all()  # type: ignore[attr-defined]
        if not process.sections.exists():
            del self.fields["section"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Twoja odpowiedź"), min_length=3, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Co narusza zasady dyskusji?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Tytuł propozycji"), max_length=200)
    body = forms.CharField(label=_("Opis propozycji"), min_length=10, max_length=4000, widget=TEXT)
    topic = forms.CharField(label=_("Temat (opcjonalnie)"), max_length=80, required=False)


class PaperSubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Rodzaj zgłoszenia"), choices=[("comment", _("uwaga")), ("proposal", _("propozycja"))]
    )
    channel = forms.ChoiceField(
        label=_("Jak wpłynęło"), choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE]
    )
    author_name = forms.CharField(label=_("Autor (imię i nazwisko albo nazwa)"), max_length=150)
    title = forms.CharField(label=_("Tytuł (dla propozycji)"), max_length=200, required=False)
    body = forms.CharField(label=_("Treść zgłoszenia"), max_length=4000, widget=TEXT)
    topic = forms.CharField(label=_("Temat"), max_length=80, required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Odpowiedź organu"),
        choices=[
            ("accept", _("uwzględniona")),
            ("accept_partly", _("uwzględniona częściowo")),
            ("reject", _("nieuwzględniona")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Uzasadnienie odpowiedzi"), max_length=4000, widget=TEXT)


class ReportPublishForm(forms.Form):
    summary = forms.CharField(label=_("Podsumowanie konsultacji"), max_length=20000, widget=TEXT)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Nazwa spotkania"), max_length=200)
    starts_at = forms.DateTimeField(
        validators=bounds.EVENT_DATE, label=_("Początek"), widget=DATETIME, input_formats=DT_FORMATS
    )
    ends_at = forms.DateTimeField(
        validators=bounds.EVENT_DATE, label=_("Koniec"), widget=DATETIME, input_formats=DT_FORMATS
    )
    place = forms.CharField(label=_("Miejsce"), max_length=300)
    capacity = forms.IntegerField(label=_("Liczba miejsc"), min_value=1, max_value=10000)
    venue_accessible = forms.BooleanField(label=_("Miejsce bez barier architektonicznych"), required=False)


class RegistrationForm(forms.Form):
    sign_language = forms.BooleanField(label=_("Potrzebuję tłumacza języka migowego"), required=False)
    childcare = forms.BooleanField(label=_("Potrzebuję opieki nad dzieckiem w czasie spotkania"), required=False)
    transport = forms.BooleanField(label=_("Potrzebuję transportu na spotkanie"), required=False)
    other_needs = forms.CharField(label=_("Inne potrzeby (opcjonalnie)"), max_length=300, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Przebieg spotkania – co powiedziano"), max_length=20000, widget=TEXT)


def survey_form(survey: Any, data: Any = None) -> forms.Form:
    """A form with one field per question (q<id>)."""
    form = forms.Form(data)
    for q in survey.questions.all():
        name = f"q{q.pk}"
        label = f"{q.number}. {q.text}"
        choices = list(enumerate(q.options))
        if q.kind == QuestionKind.SINGLE:
            form.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, widget=forms.RadioSelect, required=q.required
            )
        elif q.kind == QuestionKind.MULTIPLE:
            form.fields[name] = forms.TypedMultipleChoiceField(
                label=label, choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, required=q.required
            )
        elif q.kind == QuestionKind.SCALE:
            form.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=[(i, str(i)) for i in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                required=q.required,
                help_text=_("1 – zdecydowanie nie, 5 – zdecydowanie tak"),
            )
        else:
            form.fields[name] = forms.CharField(
                label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=q.required
            )
    return form


class VoteForm(forms.Form):
    choices = ModelMultipleChoiceField(
        label=_("Twój wybór"), queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    pesel = forms.CharField(
        label=_("PESEL"),
        min_length=11,
        max_length=11,
        help_text=_(
            "Sprawdzamy nim tylko prawo do głosu (wiek) i to, czy głosujesz raz. Nie zapisujemy numeru – tylko "
            "jego skrót, który usuwamy po ogłoszeniu ostatecznych wyników."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{11}"}),
    )
    area = forms.ChoiceField(label=_("Część gminy, w której mieszkasz (opcjonalnie)"), required=False)
    confirm = forms.BooleanField(label=_("Oświadczam, że mieszkam w tej gminie i głosuję we własnym imieniu"))

    def __init__(self, *args: Any, plebiscite: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choices"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["choices"].label_from_instance = lambda c: c.title  # type: ignore[attr-defined]
        if plebiscite.max_choices > 1:
            self.fields["choices"].help_text = _("Możesz wybrać najwyżej %(n)s.") % {"n": plebiscite.max_choices}
        if plebiscite.areas:
            self.fields["area"].choices = [("", _("nie podaję"))] + [(a, a) for a in plebiscite.areas]  # type: ignore[attr-defined]
        else:
            del self.fields["area"]


class CodeVoteForm(forms.Form):
    code = forms.CharField(label=_("Kod do głosowania"), max_length=20, help_text=_("Np. ABCD-EFGH-JKLM"))
    choices = ModelMultipleChoiceField(
        label=_("Twój wybór"), queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choices"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["choices"].label_from_instance = lambda c: c.title  # type: ignore[attr-defined]


class ReceiptCheckForm(forms.Form):
    receipt = forms.CharField(label=_("Kod potwierdzenia"), max_length=20, help_text=_("Np. ABCDE-FGHJK"))


class CandidateForm(forms.Form):
    title = forms.CharField(label=_("Nazwa"), max_length=200)
    description = forms.CharField(label=_("Opis"), max_length=4000, widget=TEXT)


class PaperBallotForm(forms.Form):
    number = forms.IntegerField(label=_("Numer karty"), min_value=1, max_value=10_000_000)
    full_name = forms.CharField(label=_("Imię i nazwisko z karty"), max_length=150)
    pesel = forms.CharField(label=_("PESEL z karty"), max_length=11, required=False)
    choices = ModelMultipleChoiceField(
        label=_("Zaznaczone na karcie"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    area = forms.ChoiceField(label=_("Część gminy"), required=False)

    def __init__(self, *args: Any, plebiscite: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choices"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["choices"].label_from_instance = lambda c: c.title  # type: ignore[attr-defined]
        if plebiscite.areas:
            self.fields["area"].choices = [("", "—")] + [(a, a) for a in plebiscite.areas]  # type: ignore[attr-defined]
        else:
            del self.fields["area"]


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Rozstrzygnięcie"),
        choices=[
            ("count", _("ważna – policz głos")),
            ("pesel_unverified", _("niezweryfikowany PESEL")),
            ("name_mismatch", _("niezgodność imienia i nazwiska")),
            ("invalidate", _("nieważna")),
        ],
        widget=forms.RadioSelect,
    )
    pesel = forms.CharField(label=_("Poprawiony PESEL (gdy na karcie była pomyłka)"), max_length=11, required=False)
    reason = forms.CharField(label=_("Uzasadnienie"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CodesForm(forms.Form):
    file = forms.FileField(
        label=_("Lista mieszkańców (CSV albo XLSX)"),
        help_text=_(
            "Kolumny: <code>imie_nazwisko</code> (wymagana), <code>pesel</code> i <code>osiedle</code> (opcjonalne)."
        ),
    )


class RulesForm(forms.Form):
    """The plebiscite's rules (frozen once voting opens)."""

    voting_phase = ModelChoiceField(label=_("Etap głosowania"), queryset=Phase.objects.none())
    max_choices = forms.IntegerField(label=_("Ile propozycji może wybrać jedna osoba"), min_value=1, max_value=10)
    min_age = forms.IntegerField(label=_("Minimalny wiek głosującego"), min_value=0, max_value=120)
    residents_only = forms.BooleanField(label=_("Głosują tylko mieszkańcy gminy"), required=False)
    online = forms.BooleanField(label=_("Głosowanie przez internet (konto + PESEL)"), required=False)
    paper = forms.BooleanField(label=_("Karty papierowe w urzędzie"), required=False)
    codes = forms.BooleanField(label=_("Jednorazowe kody do głosowania"), required=False)
    auto_publish = forms.BooleanField(label=_("Wyniki jawne od razu po zakończeniu głosowania"), required=False)
    areas = forms.CharField(
        label=_("Części gminy (osiedla), po jednej w wierszu"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voting_phase"].queryset = process.phases.filter(allows_vote=True)  # type: ignore[attr-defined]

    def clean_areas(self) -> list[str]:
        lines = [line.strip()[:80] for line in self.cleaned_data["areas"].splitlines() if line.strip()]
        if len(lines) > 50:
            raise forms.ValidationError(_("Najwyżej 50 części gminy."))
        return lines


SURVEY_SLOTS = 6


class SurveyForm(forms.Form):
    """A survey of up to six questions; an empty question is skipped."""

    title = forms.CharField(label=_("Tytuł ankiety"), max_length=200)
    intro = forms.CharField(label=_("Wstęp"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, SURVEY_SLOTS + 1):
            self.fields[f"text_{i}"] = forms.CharField(
                label=_("Pytanie %(n)s") % {"n": i}, max_length=300, required=False
            )
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Rodzaj pytania %(n)s") % {"n": i}, choices=QuestionKind.choices, required=False
            )
            self.fields[f"options_{i}"] = forms.CharField(
                label=_("Odpowiedzi do wyboru w pytaniu %(n)s (po jednej w wierszu)") % {"n": i},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def questions(self) -> list[dict[str, Any]]:
        found = []
        for i in range(1, SURVEY_SLOTS + 1):
            text = self.cleaned_data.get(f"text_{i}", "").strip()
            if not text:
                continue
            options = [o.strip()[:200] for o in self.cleaned_data.get(f"options_{i}", "").splitlines() if o.strip()]
            found.append(
                {"kind": self.cleaned_data.get(f"kind_{i}") or QuestionKind.OPEN, "text": text, "options": options[:20]}
            )
        return found


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tytuł części dokumentu"), max_length=200)
    text = forms.CharField(label=_("Treść"), max_length=20000, widget=TEXT)
