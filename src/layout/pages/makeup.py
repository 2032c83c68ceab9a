"""Automatic page makeup: candidate placements of an auto page, scored, best first.

A candidate is a tuple of blocks. `evaluate` composes it for its fits only (pages/compose.py
passes a function that shares measured paragraphs between candidates), so trying one costs
about a millisecond; the search keeps the best distinct candidates.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model.model import AutoSpec, Block, Edition
from ..model.style import Template
from .autoplace import place
from .placed import Fit, FitPart, PlacedPage

Evaluate = Callable[[tuple[Block, ...]], tuple[PlacedPage, tuple[Fit, ...]]]


@dataclass(frozen=True)
class Variant:
    """One placement of an auto page and what it scored (lower is better), term by term."""
    blocks: tuple[Block, ...]
    score: float
    terms: tuple[tuple[str, float], ...]
    fits: tuple[Fit, ...]


def search(spec: AutoSpec, ed: Edition, tpl: Template, evaluate: Evaluate, n: int = 1,
           budget: int = 120) -> list[Variant]:
    """Height corrections per story and chronicle from the estimate: each round tries the correction
    the fit report asks for and its neighbours and keeps the best; the n best distinct come back."""
    seen: dict[tuple, Variant] = {}

    def trial(adjust: dict[str, int]) -> Variant:
        key = tuple(sorted((k, v) for k, v in adjust.items() if v))
        if key not in seen:
            blocks = place(spec, ed, tpl, adjust)
            _, fits = evaluate(blocks)
            text = tuple(f for f in fits if f.part in (FitPart.TEXT, FitPart.CHRONICLE))
            over, under = sum(f.overset_lines for f in text), sum(f.underset_lines for f in text)
            seen[key] = Variant(blocks, 1000.0 * over + under, (("overset lines", over), ("empty lines", under)),
                                text)
        return seen[key]

    adjust: dict[str, int] = {}
    best = trial(adjust)
    while best.score > 0 and len(seen) < budget:
        asked = dict(adjust)
        for f in best.fits:
            asked[f.ref] = asked.get(f.ref, 0) + (f.overset_lines or -f.underset_lines)
        options = [asked] + [{**base, ref: base.get(ref, 0) + step} for base in (asked, adjust)
                             for ref in sorted({f.ref for f in best.fits}) for step in (-4, -2, -1, 1, 2, 4)]
        got = [(trial(o), o) for o in options[:max(1, budget - len(seen))]]
        top, chosen = min(got, key=lambda g: g[0].score)
        if top.score >= best.score:
            break
        best, adjust = top, chosen
    distinct: dict[tuple[Block, ...], Variant] = {}
    for v in sorted(seen.values(), key=lambda v: v.score):
        distinct.setdefault(v.blocks, v)
    return list(distinct.values())[:max(1, n)]
