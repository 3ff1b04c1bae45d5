"""Consortium models: the consortium and its members, governance, support and (in split.py) the contract split."""

from .agreement import AgreementAmendment, AgreementVersion
from .attendance import MeetingAttendance
from .capacity import MemberCapacity
from .consortium import Consortium, ConsortiumDocument, ConsortiumMember, MembershipChange
from .expenses import DeliveryExpense
from .governance import Body, BodySeat, Meeting, Resolution, Vote
from .split import Allocation, AllocationPlan, DeliveryReport
from .support import IncubationItem, IncubationPath, SupportEntry, SupportRequest

__all__ = [
    "AgreementAmendment",
    "AgreementVersion",
    "Allocation",
    "AllocationPlan",
    "Body",
    "BodySeat",
    "Consortium",
    "ConsortiumDocument",
    "ConsortiumMember",
    "DeliveryExpense",
    "DeliveryReport",
    "IncubationItem",
    "IncubationPath",
    "Meeting",
    "MeetingAttendance",
    "MemberCapacity",
    "MembershipChange",
    "Resolution",
    "SupportEntry",
    "SupportRequest",
    "Vote",
]
