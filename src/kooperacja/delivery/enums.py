"""States and kinds of service delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("kobieta")
    MALE = "M", _("mężczyzna")


class ConsentScope(models.TextChoices):
    PROCESSING = "processing", _("przetwarzanie danych w związku z usługą")
    SHARING = "sharing", _("udostępnianie danych partnerom współpracy")
    IMAGE = "image", _("wykorzystanie wizerunku")
    CONTACT = "contact", _("kontakt telefoniczny / e-mail")


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("lista oczekujących")
    ACTIVE = "active", _("uczestniczy")
    LEFT = "left", _("udział zakończony")


OPEN_ENROLMENT = (EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE)


class LeaveReason(models.TextChoices):
    COMPLETED = "completed", _("ukończenie udziału zgodnie z planem")
    GOAL_ACHIEVED = "goal_achieved", _("osiągnięcie celu (np. podjęcie pracy)")
    OWN_DECISION = "own_decision", _("rezygnacja uczestnika")
    MOVED = "moved", _("zmiana miejsca zamieszkania")
    HEALTH = "health", _("stan zdrowia")
    RULES = "rules", _("naruszenie regulaminu")
    NO_CONTACT = "no_contact", _("brak kontaktu")
    WAITING_WITHDRAWN = "waiting_withdrawn", _("wycofanie z listy oczekujących")
    OTHER = "other", _("inna przyczyna")


SUCCESSFUL_LEAVE = (LeaveReason.COMPLETED, LeaveReason.GOAL_ACHIEVED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("obecny")
    ABSENT = "absent", _("nieobecny")
    EXCUSED = "excused", _("usprawiedliwiony")


class MeetingKind(models.TextChoices):
    CONSULTATION = "consultation", _("konsultacja indywidualna")
    PSYCHOLOGIST = "psychologist", _("wsparcie psychologiczne")
    CAREER = "career", _("doradztwo zawodowe")
    SOCIAL_WORK = "social_work", _("praca socjalna")
    MENTORING = "mentoring", _("mentoring / coaching")
    OTHER = "other", _("inne")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("w przygotowaniu")
    SUBMITTED = "submitted", _("przekazany do zatwierdzenia")
    APPROVED = "approved", _("zatwierdzony – w realizacji")
    COMPLETED = "completed", _("zakończony")
    DISCONTINUED = "discontinued", _("przerwany")


class ProgrammeArea(models.TextChoices):
    FAMILY = "family", _("sytuacja rodzinna")
    HOUSING = "housing", _("sytuacja mieszkaniowa")
    WORK = "work", _("sytuacja zawodowa")
    HEALTH = "health", _("zdrowie i uzależnienia")
    OTHER = "other", _("inne")


class ProgrammeOutcome(models.TextChoices):
    HOUSING_OBTAINED = "housing_obtained", _("uzyskanie mieszkania i usamodzielnienie")
    PARTIAL = "partial", _("częściowa realizacja celów")
    NOT_ACHIEVED = "not_achieved", _("cele nieosiągnięte")
    DISCONTINUED = "discontinued", _("przerwanie programu przez osobę")


SUCCESSFUL_OUTCOMES = (ProgrammeOutcome.HOUSING_OBTAINED,)


class FlatKind(models.TextChoices):
    TRAINING = "training", _("mieszkanie treningowe")
    SUPPORTED = "supported", _("mieszkanie wspomagane")
    PROTECTED_LEGACY = "protected", _("mieszkanie chronione (przed 1.11.2023)")


class PlacementEndReason(models.TextChoices):
    INDEPENDENT = "independent", _("usamodzielnienie – własne mieszkanie")
    PERIOD_ENDED = "period_ended", _("upływ okresu pobytu")
    CARE_INSTITUTION = "care_institution", _("przejście do placówki opiekuńczej")
    RULES = "rules", _("naruszenie regulaminu")
    OWN_DECISION = "own_decision", _("rezygnacja")
    OTHER = "other", _("inna przyczyna")


class IndicatorKind(models.TextChoices):
    PARTICIPANTS = "participants", _("liczba uczestników")
    COMPLETED = "completed", _("liczba osób, które ukończyły udział")
    SESSIONS = "sessions", _("liczba zajęć")
    HOURS = "hours", _("liczba godzin udziału (osobogodziny)")
    ATTENDANCE_RATE = "attendance_rate", _("frekwencja (%)")
    MEETINGS = "meetings", _("liczba spotkań indywidualnych")
    PROGRAMMES_SUCCESS = "programmes_success", _("programy wychodzenia z bezdomności zakończone sukcesem")
    PLACEMENTS = "placements", _("liczba osób w mieszkaniach treningowych / wspomaganych")
    INDEPENDENT = "independent", _("usamodzielnienia po pobycie w mieszkaniu")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("do wyjaśnienia")
    MERGED = "merged", _("połączono rekordy")
    DISMISSED = "dismissed", _("zamknięto bez łączenia")


# ESF+ participant attributes (Regulation (EU) 2021/1057, Annex I), recorded only on EU-funded services.
class EsfEmployment(models.TextChoices):
    UNEMPLOYED = "unemployed", _("bezrobotny (w tym zarejestrowany w urzędzie pracy)")
    LONG_TERM_UNEMPLOYED = "long_term", _("długotrwale bezrobotny")
    INACTIVE = "inactive", _("bierny zawodowo")
    EMPLOYED = "employed", _("pracujący (w tym na własny rachunek)")


class EsfEducation(models.TextChoices):
    ISCED_0_1 = "isced01", _("brak lub podstawowe (ISCED 0–1)")
    ISCED_2 = "isced2", _("gimnazjalne / podstawowe 8-letnie (ISCED 2)")
    ISCED_3_4 = "isced34", _("ponadpodstawowe lub policealne (ISCED 3–4)")
    ISCED_5_8 = "isced58", _("wyższe (ISCED 5–8)")


class EsfDisability(models.TextChoices):
    YES = "yes", _("tak")
    NO = "no", _("nie")
    REFUSED = "refused", _("odmowa podania informacji")
