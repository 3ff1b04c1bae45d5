from .certificates import Certificate
from .courses import (
    Attempt,
    Attendance,
    Choice,
    Course,
    CourseGrant,
    Enrolment,
    LiveSession,
    Module,
    ModuleProgress,
    Question,
)
from .materials import Cohort, CohortMember, Material, MaterialGrant, MaterialVersion
from .research import ExchangeMeeting, ExchangePhoto, ExchangeRegistration, Study, StudyGroup

__all__ = [
    "Attempt",
    "Attendance",
    "Certificate",
    "Choice",
    "Cohort",
    "CohortMember",
    "Course",
    "CourseGrant",
    "Enrolment",
    "ExchangeMeeting",
    "ExchangePhoto",
    "ExchangeRegistration",
    "LiveSession",
    "Material",
    "MaterialGrant",
    "MaterialVersion",
    "Module",
    "ModuleProgress",
    "Question",
    "Study",
    "StudyGroup",
]
