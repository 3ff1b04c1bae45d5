"""Records of the Cooperation Model: PZK teams, meetings, cases (diagnosis, IPW, basket), referrals, consents."""

from .case import Action, Case, CaseNamedMember, CasePerson, Diagnosis, Goal, Programme, Review
from .referral import Consent, PlanProposal, Referral
from .team import Meeting, MeetingItem, Team, TeamMember, TeamPerson

__all__ = [
    "Action",
    "Case",
    "CaseNamedMember",
    "CasePerson",
    "Consent",
    "Diagnosis",
    "Goal",
    "Meeting",
    "MeetingItem",
    "PlanProposal",
    "Programme",
    "Referral",
    "Review",
    "Team",
    "TeamMember",
    "TeamPerson",
]
