"""The learning app's audit verbs (impersonal Polish past tense) and their recorder."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.actors import Actor
from kooperacja.core.events import declare, record


@declare
class LearningEvent(models.TextChoices):
    MATERIAL_CREATED = "learning.material_created", _("Dodano materiał do biblioteki")
    MATERIAL_CHANGED = "learning.material_changed", _("Zmieniono opis lub widoczność materiału")
    MATERIAL_VERSION_ADDED = "learning.material_version_added", _("Dodano nową wersję pliku materiału")
    COHORT_CREATED = "learning.cohort_created", _("Utworzono grupę szkoleniową")
    COHORT_CHANGED = "learning.cohort_changed", _("Zmieniono grupę szkoleniową lub jej skład")
    COURSE_CREATED = "learning.course_created", _("Utworzono szkolenie")
    COURSE_CHANGED = "learning.course_changed", _("Zmieniono szkolenie")
    COURSE_PUBLISHED = "learning.course_published", _("Opublikowano szkolenie")
    COURSE_CLOSED = "learning.course_closed", _("Zakończono szkolenie")
    COURSE_REOPENED = "learning.course_reopened", _("Wznowiono szkolenie")
    SESSION_ADDED = "learning.session_added", _("Zaplanowano zajęcia")
    SESSION_CHANGED = "learning.session_changed", _("Zmieniono termin lub miejsce zajęć")
    SESSION_HELD = "learning.session_held", _("Zamknięto listę obecności zajęć")
    SESSION_REOPENED = "learning.session_reopened", _("Otwarto ponownie listę obecności")
    SESSION_CANCELLED = "learning.session_cancelled", _("Odwołano zajęcia")
    ENROLMENT_APPLIED = "learning.enrolment_applied", _("Złożono zgłoszenie na szkolenie")
    ENROLMENT_APPROVED = "learning.enrolment_approved", _("Przyjęto na szkolenie")
    ENROLMENT_WAITLISTED = "learning.enrolment_waitlisted", _("Wpisano na listę rezerwową")
    ENROLMENT_REJECTED = "learning.enrolment_rejected", _("Odrzucono zgłoszenie na szkolenie")
    ENROLMENT_CANCELLED = "learning.enrolment_cancelled", _("Zrezygnowano ze szkolenia")
    ENROLMENT_REAPPLIED = "learning.enrolment_reapplied", _("Zgłoszono się ponownie na szkolenie")
    ENROLMENT_COMPLETED = "learning.enrolment_completed", _("Potwierdzono ukończenie szkolenia")
    COHORT_ASSIGNED = "learning.cohort_assigned", _("Przydzielono grupę szkoleniową do szkolenia")
    ATTENDANCE_MARKED = "learning.attendance_marked", _("Zaznaczono obecność uczestnika zajęć")
    ATTENDANCE_MARKED_ALL = (
        "learning.attendance_marked_all",
        _("Zaznaczono obecność wszystkich nieoznaczonych uczestników"),
    )
    MODULE_DONE = "learning.module_done", _("Ukończono moduł szkolenia")
    CHECK_ATTEMPTED = "learning.check_attempted", _("Rozwiązano test wiedzy")
    CERTIFICATE_ISSUED = "learning.certificate_issued", _("Wydano zaświadczenie")
    CERTIFICATE_REVOKED = "learning.certificate_revoked", _("Unieważniono zaświadczenie")
    CERTIFICATE_RENEWED = "learning.certificate_renewed", _("Odnowiono zaświadczenie")
    EXCHANGE_CREATED = "learning.exchange_created", _("Zaplanowano spotkanie wymiany doświadczeń")
    EXCHANGE_REGISTERED = "learning.exchange_registered", _("Zgłoszono udział w spotkaniu")
    EXCHANGE_REPORTED = "learning.exchange_reported", _("Zapisano sprawozdanie ze spotkania")
    EXCHANGE_CANCELLED = "learning.exchange_cancelled", _("Odwołano spotkanie wymiany doświadczeń")
    STUDY_CREATED = "learning.study_created", _("Dodano badanie fokusowe")
    STUDY_REPORTED = "learning.study_reported", _("Zapisano wyniki badania fokusowego")


def learning_event(*, actor: Actor, verb: LearningEvent, target: models.Model, **data: Any) -> Any:
    return record(actor=actor, verb=verb, target=target, data=data or None)
