"""Plain data between measure, linebreak and setline.

Measure turns text into *clusters*: the units that never break (a Han character, a
punctuation mark, a Latin word, a number with its unit, ——). Between clusters are
*junctions* that may carry a gap (Han–Latin spacing, a Latin word space) and may be
break points. The breaker sees only the number arrays of `Measured`; setline reads the
clusters to place glyphs. NamedTuples, because a page has tens of thousands of clusters.
"""
from __future__ import annotations

from enum import IntEnum
from operator import itemgetter
from typing import NamedTuple

from .cjk import C

INF = float("inf")


class ShrinkStep(IntEnum):
    """The shrink order of justification (reference §4), earliest first. A cluster's `level` says
    at which step its adjustable blank gives way; NONE for a cluster without one."""
    NONE = 0
    LINE_END = 1         # a mark ending a line is set half width (a trim, chosen by the breaker)
    LATIN_SPACE = 2      # Latin word spaces down to 1/4 em
    BRACKET = 3          # brackets and quotes to half width
    COMMA = 4            # ，、；： to half width
    HAN_LATIN_GAP = 5    # Han–Latin and Han–digit gaps down to their minimum
    STOP = 6             # 。？！ to half width


class Span(NamedTuple):
    """A run of text in one style: the input of measure."""
    text: str
    role: str               # font role
    size: float             # pt
    keep: bool = False      # no break inside (a credit 「■罗盟 摄」, a byline)
    keep_after: bool = False  # no break right after it (a chronicle date and its text)
    fill: str = "text"      # colour name the page template resolves


class Cluster(NamedTuple):
    start: int                     # offset in the paragraph's text
    span: int                      # index of the Span it came from
    text: str                      # source characters of the cluster
    cls: C                         # character class of the cluster
    width: float                   # natural width, pt, after fixed pair compression
    face: int                      # FontSet face index, -1 for a blank (ideographic space)
    gids: tuple[int, ...]
    offsets: tuple[float, ...]     # glyph x relative to the cluster's left edge, pt
    pieces: tuple[str, ...]        # text each glyph stands for (ToUnicode)
    size: float
    blank_left: float = 0.0        # adjustable blank left after compression, pt
    blank_right: float = 0.0
    level: ShrinkStep = ShrinkStep.NONE  # shrink step of its blank (BRACKET, COMMA, STOP or NONE)
    chars: int = 0                 # characters that count for the 孤字 rule


CLUSTER_CLASS = itemgetter(3)
"""A Cluster's `cls` by index (mapped over tens of thousands of clusters: no attribute lookup a cluster)."""
CLUSTER_SHAPE = slice(2, None)
"""The fields of a Cluster after `start` and `span`: what it is, wherever it stands. Measure keeps
each character's `cluster[CLUSTER_SHAPE]` and places a copy with `(start, span) + shape`."""


class Measured(NamedTuple):
    """A paragraph as numbers. Junction j lies between cluster j-1 and j (j ≥ 1)."""
    clusters: tuple[Cluster, ...]
    text: str
    gap: tuple[float, ...]          # natural gap at junction j
    gap_kind: tuple[int, ...]       # GAP_* below
    gap_shrink: tuple[float, ...]
    gap_stretch: tuple[float, ...]
    slot: tuple[int, ...]           # extra space at junction j: SLOT_NONE, SLOT_PLAIN, CAPPED (Han–Latin)
    penalty: tuple[float, ...]      # cost of a break after cluster i (INF: forbidden)
    end_trim: tuple[float, ...]     # width a line loses when it ends with cluster i
    start_trim: tuple[float, ...]   # width a line loses when it starts with cluster i
    em: float                       # the em size, pt (the paragraph's body size): unit for costs
    slot_cap: float = 0.0           # most extra space a capped junction takes (its gap stays ≤ 1/2 em)


SLOT_NONE = 0
"""Slot code of a junction that takes no extra inter-character space."""
SLOT_PLAIN = 1
"""Slot code of a junction that takes the full extra inter-character space."""
CAPPED_SHIFT = 20
CAPPED = 1 << CAPPED_SHIFT
"""Slot code of a capped junction: one prefix sum then counts both kinds (low bits plain, high capped)."""
PLAIN_MASK = CAPPED - 1
"""The low bits of a slot prefix sum: the plain junctions (a line never has CAPPED of them)."""


def slot_counts(d: int) -> tuple[int, int]:
    """Plain and capped junctions in a difference of slot prefix sums."""
    return d & PLAIN_MASK, d >> CAPPED_SHIFT


LOOSE = 0.25
"""Extra space between characters, em, past which a line is loose: `layout check`'s rule-9 warning, and what
balancing (pages/storyflow.balanced) goes deeper to avoid. Past Costs.max_expand (0.5) a line is infeasible."""


def spread(rem: float, plain: int, capped: int, cap: float) -> float | None:
    """Extra space per plain junction that distributes `rem` equally (expand step 3), capped
    junctions taking at most `cap`; None when there is nowhere to put it."""
    if plain + capped == 0:
        return None
    if rem <= (plain + capped) * cap or plain == 0:
        return rem / (plain + capped) if rem <= (plain + capped) * cap else None
    return (rem - capped * cap) / plain


GAP_NONE = 0
GAP_WORD = 1        # Latin word space (ShrinkStep.LATIN_SPACE, stretch step 1)
GAP_LATIN = 2       # Han–Latin gap (ShrinkStep.HAN_LATIN_GAP, stretch step 2)
GAP_DIGIT = 3       # Han–digit gap (house style; same steps as GAP_LATIN)


class Break(NamedTuple):
    """A line from cluster `start` to `end` (exclusive) and the adjustment it needs."""
    start: int
    end: int
    adjust: float        # measure − natural width, pt (negative: shrink)
    cost: float
    hang: bool = False   # the closing mark hangs outside the measure (style `hang: true`)


class Line(NamedTuple):
    """A set line: glyphs positioned from the line's left edge (the column edge)."""
    start: int                       # first cluster
    end: int                         # one past the last cluster
    x: float                         # left of the text relative to the column (indent)
    width: float                     # the measure of this line
    natural: float
    set_width: float                 # width after justification (== width for flush lines)
    last: bool                       # the paragraph's last line
    runs: tuple[GlyphRun, ...]
    cluster_x: tuple[float, ...]     # x of each cluster's left edge (from the column edge)
    cluster_w: tuple[float, ...]     # each cluster's set width
    cluster_t: tuple[str, ...]       # each cluster's characters
    max_extra: float                 # largest extra inter-character space, in ems of Measured.em
    char_start: int                  # offsets into the paragraph text
    char_end: int
    text: str


class GlyphRun(NamedTuple):
    face: int
    size: float
    gids: tuple[int, ...]
    xs: tuple[float, ...]            # glyph origins from the column edge
    pieces: tuple[str, ...]
    fill: str
