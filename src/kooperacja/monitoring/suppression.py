"""Small-number suppression for aggregated pages and exports.

- a cell that counts people and is below 5 (0 included) shows "<5";
- when exactly one cell of a column is suppressed in a table, the next smallest is suppressed too
  (secondary suppression), so the total minus the others does not give it back;
- a column total with any suppressed cell is rounded to 10 and marked "ok.";
- a percentage or median computed from a suppressed count is suppressed as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

THRESHOLD = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Cell:
    value: Any  # the number to show, or None when suppressed / not applicable
    suppressed: bool = False
    approx: bool = False

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return "—" if self.value is None else str(self.value)

    @property
    def export(self) -> Any:
        if self.suppressed:
            return SUPPRESSED
        if self.approx:
            return f"ok. {self.value}"
        return self.value


def people(n: int) -> Cell:
    return Cell(None, suppressed=True) if n < THRESHOLD else Cell(n)


def secondary(column: list[Cell], raw: list[int]) -> list[Cell]:
    """If exactly one cell is suppressed, suppress the smallest other shown one as well."""
    hidden = [i for i, c in enumerate(column) if c.suppressed]
    if len(hidden) != 1:
        return column
    shown = [i for i, c in enumerate(column) if not c.suppressed]
    if not shown:
        return column
    j = min(shown, key=lambda i: raw[i])
    out = list(column)
    out[j] = Cell(None, suppressed=True)
    return out


def total(raw: list[int], column: list[Cell]) -> Cell:
    value = sum(raw)
    if any(c.suppressed for c in column):
        return Cell(int(round(value, -1)), approx=True)
    return people(value) if value < THRESHOLD and column else Cell(value)
