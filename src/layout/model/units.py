"""Units: points everywhere, origin top-left, y down. Conversions and a plain rectangle."""
from __future__ import annotations

import re
from dataclasses import dataclass

PT_PER_MM = 72 / 25.4
PT_PER_INCH = 72.0

# Chinese type sizes (号数) in points. clreq's values where it has one, the common
# software table for 小初/小三/小六/八号 (typesetting reference §6.2, §8.2).
HAO_SIZES: dict[str, float] = {
    "初号": 42.0, "小初": 36.0, "一号": 27.5, "小一": 24.0, "二号": 21.0, "小二": 18.0,
    "三号": 15.75, "小三": 15.0, "四号": 13.75, "小四": 12.0, "五号": 10.5, "小五": 9.0,
    "六号": 7.875, "小六": 6.5, "七号": 5.25, "八号": 5.0,
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|pt|in|cm)?\s*$")


def mm(value: float) -> float:
    return value * PT_PER_MM


def parse_length(value: str | float | int) -> float:
    """'390mm', '12pt', '1in', 9 → points. Raises ValueError with the accepted forms."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        m = _LENGTH.match(value)
        if m:
            number, unit = float(m.group(1)), m.group(2) or "pt"
            return number * {"mm": PT_PER_MM, "cm": 10 * PT_PER_MM, "in": 72.0, "pt": 1.0}[unit]
    raise ValueError(f"expected a length such as 390mm, 9pt or 1in, got {value!r}")


def parse_size(value: str | float | int) -> float:
    """A type size: points, or a 号 name such as 小五."""
    if isinstance(value, str) and value.strip() in HAO_SIZES:
        return HAO_SIZES[value.strip()]
    return parse_length(value)


def r2(value: float) -> float:
    """Round to 0.01 pt, the precision of traces and layout.json."""
    return round(value + 0.0, 2)


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect, tol: float = 0.01) -> bool:
        return (self.x < other.right - tol and other.x < self.right - tol
                and self.y < other.bottom - tol and other.y < self.bottom - tol)

    def contains(self, other: Rect, tol: float = 0.05) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.bottom <= self.bottom + tol)

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)
