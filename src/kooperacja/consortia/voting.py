"""How a vote is counted: quorum and majority as pure functions (property-tested in tests/consortia)."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Majority


@dataclass(frozen=True)
class Tally:
    eligible: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    quorum_percent: int
    majority: str

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def quorum_met(self) -> bool:
        """At least `quorum_percent` % of the eligible members voted (abstentions count for the quorum)."""
        if self.eligible <= 0:
            return False
        return self.cast * 100 >= self.quorum_percent * self.eligible and self.cast > 0

    @property
    def majority_met(self) -> bool:
        f, a, cast = self.votes_for, self.votes_against, self.cast
        if self.majority == Majority.SIMPLE:
            return f > a
        if self.majority == Majority.ABSOLUTE:
            return 2 * f > cast
        if self.majority == Majority.TWO_THIRDS:
            return 3 * f >= 2 * cast and f > 0
        if self.majority == Majority.ALL_MEMBERS:
            return 2 * f > self.eligible
        raise ValueError(self.majority)

    @property
    def adopted(self) -> bool:
        return self.quorum_met and self.majority_met

    def __post_init__(self) -> None:
        if min(self.eligible, self.votes_for, self.votes_against, self.votes_abstain) < 0:
            raise ValueError("negative count")
        if self.cast > self.eligible:
            raise ValueError("more votes than eligible members")
        if not 0 <= self.quorum_percent <= 100:
            raise ValueError("quorum out of range")


@dataclass(frozen=True)
class MeetingQuorum:
    """The quorum of a meeting from its attendance: members represented by someone present, out of the members
    entitled to take part (every active member for the general meeting; for the board, those holding a seat)."""

    represented: int
    eligible: int
    quorum_percent: int

    @property
    def percent(self) -> int:
        return round(100 * self.represented / self.eligible) if self.eligible else 0

    @property
    def met(self) -> bool:
        return (
            self.eligible > 0 and self.represented > 0 and self.represented * 100 >= self.quorum_percent * self.eligible
        )
