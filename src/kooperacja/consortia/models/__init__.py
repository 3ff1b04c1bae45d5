"""Consortium models: the consortium and its members, governance, support and (in split.py) the contract split."""

from .consortium import Consortium, ConsortiumDocument, ConsortiumMember, MembershipChange
from .governance import Body, BodySeat, Meeting, Resolution, Vote
from .split import Allocation, AllocationPlan, DeliveryReport
from .support import IncubationItem, IncubationPath, SupportEntry, SupportRequest

__all__ = [
    "Allocation",
    "AllocationPlan",
    "Body",
    "BodySeat",
    "Consortium",
    "ConsortiumDocument",
    "ConsortiumMember",
    "DeliveryReport",
    "IncubationItem",
    "IncubationPath",
    "Meeting",
    "MembershipChange",
    "Resolution",
    "SupportEntry",
    "SupportRequest",
    "Vote",
]
