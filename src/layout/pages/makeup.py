"""Automatic page makeup: candidate pages of an auto page, scored, best first.

Candidates come from `modules.py` (module shapes × arrangements) plus the simple recipe of
`autoplace.py` as a baseline, so the choice is never worse than the baseline. Module heights
are measured: each story module is composed alone at each width and photo shape it may take,
and the lines it leaves empty or cannot hold say how tall it must be. Each candidate page is
then composed for its fit report (`evaluate`, a millisecond: no lines placed, nothing painted,
paragraphs shared) and scored. The best are refined a few lines at a time.

The score (lower is better), term by term, each a count times a weight:
  overset lines ×1000 — text or a chronicle that does not fit (must never win over white space);
  unfit blocks ×1000 — a headline, note or caption that does not fit its block;
  hard faults ×3000 — an error of the page rules (docs/rules.md §10: overlaps, off the grid, a photo
  below the minimum resolution or cropped past `makeup.max_crop`, a caption not under its picture);
  empty lines ×2 — grid lines a story or chronicle leaves empty (white space at its end);
  uncovered lines ×3 — grid lines of a column that no block covers (white space between modules);
  trapped white space ×40, short columns ×40, tombstones ×60, soft photos ×200, captions away ×100 —
  one per warning of the page rules (rules 33, 34, 35, 29, 32);
  (candidates composed for their fits only cannot see rule 34; they count columns a story spreads over
  beyond its text instead, and the best dozen are composed in full and scored again before the ranking
  is final);
  photo order ×10 — a photo larger than one listed before it (the list is in order of importance; at ×30 an
  inverted pair outweighed 15 empty lines, and the sample copy imported onto a tabloid page kept a hole of
  43 empty lines between its text and its photos to keep the photos in order);
  headline order ×30 — a story's headline block larger than the lead story's;
  loose lines ×500 — a headline, caption or note line spaced out past the limit of rule 9 (a
  caption too long for a narrow photo, say);
  cropping ×15 — per photo, the share of its pixels cropped away to fill its frame, in tenths (a
  landscape picture forced into an upright frame loses its subject; rule 30 stops it at `max_crop`). A photo
  whose file is missing counts as the 3:2 landscape it stands for, and past `max_crop` as a hard fault;
  imbalance ×10 — how far the page's visual weight sits left or right of its centre, in twentieths of
  the type area's width (Harrington et al.'s balance: photos weigh most, then headlines, the tinted
  chronicle and notes, body text least; `VISUAL_WEIGHT`). Top-heaviness is a newspaper's norm, so only
  the horizontal balance counts.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..model.model import AutoSpec, Block, BlockKind, Edition
from ..model.style import Template
from . import pagerules as R
from .assets import MISSING, fill_crop, placeholder_frame
from .autoplace import place
from .modules import Area, Shape, chronicle_blocks, story_blocks
from .modules import candidates as module_candidates
from .pagerules import PageLimits, page_faults
from .placed import Fit, FitPart, Picture, PlacedPage

Evaluate = Callable[..., tuple[PlacedPage, tuple[Fit, ...]]]
"""evaluate(blocks, full=False): the page composed alone, for its fits only or (full) with every line."""
FINALISTS = 12
"""How many of the best candidates are composed in full and scored again before the ranking is final."""
REFINE = 30
"""Trials each of the three best candidates gets for refinement, on top of the candidates' budget."""
"""How many of the best candidates are composed in full and scored again before the ranking is final."""

WEIGHTS = {"overset lines": 1000.0, "unfit blocks": 1000.0, "hard faults": 3000.0, "empty lines": 2.0,
           "uncovered lines": 3.0, "trapped white space": 40.0, "short columns": 40.0, "tombstones": 60.0,
           "soft photos": 200.0, "captions away": 100.0, "photo order": 10.0, "headline order": 30.0,
           "loose lines": 500.0, "cropping": 15.0, "imbalance": 10.0}
VISUAL_WEIGHT = {BlockKind.PHOTO: 1.0, BlockKind.HEADLINE: 0.6, BlockKind.CHRONICLE: 0.3, BlockKind.NOTE: 0.3,
                 BlockKind.TEXT: 0.15}
"""How dark each kind of block looks per unit of area, for the balance term: a photo is a solid tone,
a headline a heavy line of ink, a tinted chronicle or note a grey panel, body text a light grey."""


@dataclass(frozen=True)
class Variant:
    """One placement of an auto page and what it scored (lower is better), term by term."""
    blocks: tuple[Block, ...]
    score: float
    terms: tuple[tuple[str, float], ...]
    fits: tuple[Fit, ...]


def search(spec: AutoSpec, ed: Edition, tpl: Template, evaluate: Evaluate, n: int = 1,
           budget: int = 400) -> list[Variant]:
    """The n best distinct candidate pages, best first."""
    L = tpl.grid.lines
    seen: dict[tuple[Block, ...], Variant] = {}
    needs: dict[tuple[Shape, int], int] = {}

    def need(shape: Shape, span: int) -> int:
        key = (shape, span)
        if key not in needs:
            lead = bool(spec.stories) and shape.story == spec.stories[0]
            blocks = story_blocks(ed, shape, Area(0, span, 0, L), tpl, lead)
            _, fits = evaluate(tuple(blocks))
            photos = [b.line + (b.lines or 1) for b in blocks if b.kind is BlockKind.PHOTO]
            beside = sum(w for _, w in shape.photos) < span        # text runs beside the photos
            floor = max(photos) + tpl.decor.wrap_gap if photos and beside else 0
            needs[key] = max(_lines_needed(fits, span, L), floor)   # a photo beside text sets the least height
        return needs[key]

    chronicle_needs: dict[int, list[int]] = {}

    def chronicle_need(side: int) -> list[int]:
        if side in chronicle_needs:
            return chronicle_needs[side]
        out: list[int] = []
        for cid in spec.chronicles:
            one = AutoSpec(chronicles=(cid,))
            _, fits = evaluate(tuple(chronicle_blocks(ed, one, Area(0, side, 0, L), [L], None, tpl)))
            out.append(_lines_needed(fits, side, L))
        chronicle_needs[side] = out
        return out

    def trial(blocks: tuple[Block, ...], anyway: bool = False) -> Variant | None:
        if not anyway and not legal(blocks, tpl):
            return None
        if blocks not in seen:
            page, fits = evaluate(blocks)
            terms = score_terms(page, fits, spec, tpl)
            seen[blocks] = Variant(blocks, sum(WEIGHTS[k] * v for k, v in terms), terms, fits)
        return seen[blocks]

    baseline = trial(place(spec, ed, tpl, {}), anyway=True)   # the simple recipe: the baseline, always scored
    for blocks in module_candidates(spec, ed, tpl, need, chronicle_need):
        if len(seen) >= budget:
            break
        trial(blocks)
    for v in sorted(seen.values(), key=lambda v: v.score)[:3]:
        _refine(v, trial, REFINE)
    ranked = sorted(seen.values(), key=lambda v: (v.score, _key(v.blocks)))
    finals = []                                           # the front runners set in full: rule 34 sees real columns
    front = ranked[:FINALISTS] + ([baseline] if baseline is not None and baseline not in ranked[:FINALISTS] else [])
    for v in front:
        page, fits = evaluate(v.blocks, True)
        terms = score_terms(page, fits, spec, tpl)
        finals.append(Variant(v.blocks, sum(WEIGHTS[k] * x for k, x in terms), terms, fits))
    ranked = sorted(finals, key=lambda v: (v.score, _key(v.blocks))) + [v for v in ranked if v not in front]
    ranked.sort(key=_faulty)                              # stable: a page with a hard fault only when nothing else
    distinct: dict[tuple, Variant] = {}
    for v in ranked:                                      # variants differ in what the eye sees
        distinct.setdefault(_look(v.blocks), v)
    return list(distinct.values())[:max(1, n)]


def _faulty(v: Variant) -> bool:
    """A page the build would refuse (a hard page rule broken) or that loses text."""
    terms = dict(v.terms)
    return bool(terms.get("hard faults") or terms.get("overset lines"))


def _lines_needed(fits: tuple[Fit, ...], span: int, lines: int) -> int:
    """How tall a module must be, from how it fitted a full-height trial."""
    flow = [f for f in fits if f.part in (FitPart.TEXT, FitPart.CHRONICLE)]
    over = sum(f.overset_lines for f in flow)
    if over:
        return lines + -(-over // span)
    return max(1, lines - sum(f.underset_lines for f in flow) // span)


def _refine(v: Variant, trial: Callable[[tuple[Block, ...]], Variant | None], budget: int) -> None:
    """Move each boundary between two stacked modules up or down a few lines, and each wrapped photo's
    foot, keeping what helps."""
    best = v
    for _ in range(4):
        if budget <= 0 or best.score == 0:
            return
        moved = [v for v in (trial(b) for b in _shifts(best.blocks)[:budget]) if v is not None]
        budget -= len(moved)
        top = min(moved, key=lambda x: x.score, default=best)
        if top.score >= best.score:
            return
        best = top


def _shifts(blocks: tuple[Block, ...]) -> list[tuple[Block, ...]]:
    """Pages with one horizontal boundary between modules moved by ±1, ±2, ±4 grid lines: blocks
    ending on the boundary end there plus d, blocks starting on it start there plus d; and pages with
    one wrapped photo a few lines taller or shorter (the page rules hold it to its crop limit)."""
    text = [b for b in blocks if b.kind is BlockKind.TEXT]
    out = []
    for t in text:
        edge = t.line + (t.lines or 1)
        for d in (-4, -2, -1, 1, 2, 4):
            moved = []
            for b in blocks:
                end = b.line + (b.lines or 1)
                if b.kind is not BlockKind.PHOTO and end == edge and _shares(b, t):
                    b = Block(b.kind, b.ref, b.column, b.line, b.span, (b.lines or 1) + d)
                elif b.line == edge and _shares(b, t):
                    b = Block(b.kind, b.ref, b.column, b.line + d, b.span, (b.lines or 1) - d)
                moved.append(b)
            if all((b.lines or 1) >= 1 for b in moved) and moved != list(blocks):
                out.append(tuple(moved))
    for t in text:                                       # a story's row of wrapped photos taller or shorter
        row = [b for b in blocks if b.kind is BlockKind.PHOTO and _within(b, t)]
        for top in sorted({b.line for b in row}):
            now = [b for b in row if b.line == top]
            for d in (-4, -2, 2, 4, 8):
                grown = {b: Block(b.kind, b.ref, b.column, b.line, b.span, (b.lines or 1) + d) for b in now}
                if all((g.lines or 0) >= 1 and _within(g, t) for g in grown.values()):
                    out.append(tuple(grown.get(b, b) for b in blocks))
    return out


def legal(blocks: tuple[Block, ...], tpl: Template) -> bool:
    """The hard geometry rules a candidate must keep before it is worth composing: every block on
    the grid, and no two blocks overlapping unless one lies wholly inside a text block (a wrap)."""
    g = tpl.grid
    for b in blocks:
        if b.column < 0 or b.line < 0 or (b.lines or 0) < 1 or b.span < 1 or b.column + b.span > g.columns \
                or b.line + (b.lines or 0) > g.lines:
            return False
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            if not (_shares(a, b) and a.line < b.line + (b.lines or 1) and b.line < a.line + (a.lines or 1)):
                continue
            text, other = (a, b) if a.kind is BlockKind.TEXT else (b, a)
            if text.kind is not BlockKind.TEXT or other.kind is BlockKind.TEXT or not _within(other, text):
                return False
    return True


def _within(inner: Block, outer: Block) -> bool:
    return (outer.column <= inner.column and inner.column + inner.span <= outer.column + outer.span
            and outer.line <= inner.line and inner.line + (inner.lines or 1) <= outer.line + (outer.lines or 1))


def _shares(a: Block, b: Block) -> bool:
    return a.column < b.column + b.span and b.column < a.column + a.span


def _look(blocks: tuple[Block, ...]) -> tuple:
    """What tells two placements apart at a glance: where each block sits and how wide it is, photo
    heights to the nearest four lines; a text block a few lines longer is the same page."""
    return tuple(sorted((str(b.kind), b.ref, b.column, b.span,
                         (b.lines or 0) // 4 if b.kind is BlockKind.PHOTO else 0) for b in blocks))


def _key(blocks: tuple[Block, ...]) -> tuple:
    return tuple((str(b.kind), b.ref, b.column, b.line, b.span, b.lines) for b in blocks)


def score_terms(page: PlacedPage, fits: tuple[Fit, ...], spec: AutoSpec,
                tpl: Template) -> tuple[tuple[str, float], ...]:
    """The documented score terms of a candidate page (see the module docstring). The page rules
    (pages/pagerules.py, the validator every page passes) supply the faults; the rest is counted here."""
    flow = [f for f in fits if f.part in (FitPart.TEXT, FitPart.CHRONICLE)]
    faults = [f for f in page_faults(page, fits, PageLimits.of(tpl)) if f.rule != R.OVERSET]
    hard = sum(1 for f in faults if f.severity == "error")
    count = Counter(f.rule for f in faults if f.severity == "warning")
    heads = [b for b in page.blocks if b.kind is BlockKind.HEADLINE]
    order = {p: i for i, p in enumerate(spec.photos)}
    shown = page.pictures + stand_ins(page)
    pics = sorted(shown, key=lambda p: order.get(p.ref, 99))
    photo_order = sum(1 for i, a in enumerate(pics) for b in pics[i + 1:] if b.frame.w * b.frame.h >
                      a.frame.w * a.frame.h * 1.05)
    size = {b.ref: b.span * b.lines for b in heads}
    lead = size.get(spec.stories[0], 0) if spec.stories else 0
    head_order = sum(1 for s in spec.stories[1:] if size.get(s, 0) > lead)
    unfit = sum(1 for f in fits if f.part not in (FitPart.TEXT, FitPart.CHRONICLE) and
                (f.overset_chars or f.overset_lines))
    hard += sum(1 for p in shown[len(page.pictures):] if R.crop_share(p) > tpl.makeup.max_crop + 1e-6)
    return (("overset lines", float(sum(f.overset_lines for f in flow))), ("unfit blocks", float(unfit)),
            ("hard faults", float(hard)), ("empty lines", float(sum(f.underset_lines for f in flow))),
            ("uncovered lines", float(_uncovered(page, tpl))),
            ("trapped white space", float(count[R.TRAPPED])),
            ("short columns", float(count[R.SHORT_COLUMN] + _thin(page, flow, tpl))),
            ("tombstones", float(count[R.TOMBSTONE])),
            ("soft photos", float(count[R.RESOLUTION])), ("captions away", float(count[R.CAPTION_AWAY])),
            ("photo order", float(photo_order)), ("headline order", float(head_order)),
            ("loose lines", float(sum(1 for ln in page.lines if not ln.last and ln.max_extra > 0.5))),
            ("cropping", float(sum(round(R.crop_share(p) * 10) for p in shown))),
            ("imbalance", float(imbalance(page))))


def stand_ins(page: PlacedPage) -> tuple[Picture, ...]:
    """The photos whose files are missing, as the 3:2 landscape pictures they stand for (assets.MISSING), in their
    placeholder frames: so the search crops a photo still to come no more than one it has, rather than stretching
    a placeholder into a tall slot the real picture could never fill."""
    shown = {p.ref for p in page.pictures}
    out = []
    for b in page.blocks:
        if b.kind is BlockKind.PHOTO and b.ref not in shown:
            frame = placeholder_frame(page, b.id)
            if frame is not None and frame.w > 0 and frame.h > 0:
                out.append(Picture(b.ref, "", frame, fill_crop(MISSING, frame, (0.5, 0.5)), MISSING))
    return tuple(out)


def imbalance(page: PlacedPage) -> int:
    """How far the centre of visual weight sits from the type area's vertical centre line, in twentieths
    of its width. A wrapped photo counts once: its area is taken out of the text block around it."""
    area = page.type_area
    weight = moment = 0.0
    inside = {b.id: 0.0 for b in page.blocks}
    for b in page.blocks:
        if b.kind is not BlockKind.TEXT:
            for t in page.blocks:
                if t.kind is BlockKind.TEXT and t.rect.contains(b.rect):
                    inside[t.id] += b.rect.w * b.rect.h
    for b in page.blocks:
        w = VISUAL_WEIGHT.get(b.kind, 0.15) * max(0.0, b.rect.w * b.rect.h - inside[b.id])
        weight += w
        moment += w * (b.rect.x + b.rect.w / 2)
    if not weight or not area.w:
        return 0
    return round(abs(moment / weight - (area.x + area.w / 2)) / area.w * 20)


def _thin(page: PlacedPage, flow: list[Fit], tpl: Template) -> int:
    """Columns a story spreads over beyond what its text fills to the minimum column depth: a short
    story balanced across six columns stands two lines deep (rule 34 sees that only once the text is
    set; a candidate page knows the lines used from its fit report)."""
    least = tpl.makeup.min_column_lines
    out = 0
    if any(ln.kind in R.COLUMN_KINDS for ln in page.lines):
        return 0                                         # a page set in full: rule 34 counts the real columns
    for f in flow:
        if f.part is not FitPart.TEXT or f.overset_lines:
            continue
        blocks = [b for b in page.blocks if b.kind is BlockKind.TEXT and b.ref == f.ref]
        if len(blocks) != 1 or blocks[0].span < 2:
            continue
        t = blocks[0]
        inside = sum(o.span * (o.lines + tpl.decor.wrap_gap) for o in page.blocks
                     if o.kind is not BlockKind.TEXT and t.column <= o.column and o.column + o.span <= t.column + t.span
                     and t.line <= o.line < t.line + t.lines)
        used = t.span * t.lines - inside - f.underset_lines
        out += max(0, t.span - max(1, used // least))
    return out


def _uncovered(page: PlacedPage, tpl: Template) -> int:
    """Grid cells (a column × a line) of the type area that no block covers."""
    g = tpl.grid
    covered = [[False] * g.lines for _ in range(g.columns)]
    for b in page.blocks:
        for c in range(b.column, min(g.columns, b.column + b.span)):
            for ln in range(max(0, b.line), min(g.lines, b.line + b.lines)):
                covered[c][ln] = True
    return sum(row.count(False) for row in covered)
