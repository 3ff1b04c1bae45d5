"""Records of the Cooperation Model: PZK teams, meetings, cases (diagnosis, IPW, basket), referrals, consents."""

from .case import Action, Case, CaseNamedMember, CasePerson, Diagnosis, Goal, Programme, Review
from .referral import Consent, PlanProposal, Referral
from .taskteam import AgreementVersion, SupervisionMeeting, TaskTeam, TaskTeamMeeting, TaskTeamMember
from .team import Meeting, MeetingItem, Team, TeamMember, TeamPerson

__all__ = [
    "Action",
    "AgreementVersion",
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
    "SupervisionMeeting",
    "TaskTeam",
    "TaskTeamMeeting",
    "TaskTeamMember",
    "Team",
    "TeamMember",
    "TeamPerson",
]
