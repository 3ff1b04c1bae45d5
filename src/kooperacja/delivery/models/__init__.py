"""Service delivery records. People hold the only copy of personal data; everything else uses `Person.code`."""

from .enrolment import Attendance, Enrolment, Session, SupportMeeting
from .esf import EsfRecord
from .housing import Flat, Placement
from .outcomes import OutcomeIndicator
from .people import Consent, Person, PersonDuplicateFlag, PersonOrganisation
from .programmes import HomelessnessProgramme, ProgrammeAction, ProgrammeGoal, ProgrammeReview

__all__ = [
    "Attendance",
    "Consent",
    "Enrolment",
    "EsfRecord",
    "Flat",
    "HomelessnessProgramme",
    "OutcomeIndicator",
    "Person",
    "PersonDuplicateFlag",
    "PersonOrganisation",
    "Placement",
    "ProgrammeAction",
    "ProgrammeGoal",
    "ProgrammeReview",
    "Session",
    "SupportMeeting",
]
