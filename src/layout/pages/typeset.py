"""Text in a style → measured paragraphs and set lines, with errors that name the story.

The glue between compose (which knows stories, photos, chronicles) and the text layer
(which knows only spans, widths and rules).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.style import Composition, Template, TextStyle
from ..text.fonts import FontSet
from ..text.items import Line, Measured, Span
from ..text.linebreak import Prefix, break_lines
from ..text.measure import MissingGlyphs, measure
from ..text.setline import set_lines


@dataclass(frozen=True)
class Missing:
    char: str
    where: str         # "story 'main', paragraph 3"
    context: str
    role: str
    fonts: str


class CoverageError(Exception):
    """Characters that no font of their role covers. Names each one and where it occurs."""

    def __init__(self, missing: list[Missing]):
        self.missing = missing
        lines = [f"character {m.char!r} (U+{ord(m.char):04X}) in {m.where} («{m.context}») is in no font of "
                 f"role {m.role!r} ({m.fonts})" for m in missing]
        super().__init__("\n".join(lines))


_SPACES_IN_NAMES = re.compile(r"(?<=\S) +(?=\S)")
_AFTER_SPACE = re.compile("(?<=\u3000)")
NAME_KEEP = 6
"""Longest group of a byline kept from breaking: a title (■本报记者, 见习记者, 通讯员) or a name; a longer run
written without spaces may break, so a narrow column still takes it."""


def _core(group: str) -> str:
    """A byline group without its lead mark (■) and trailing space: the title or name itself."""
    return group.rstrip("\u3000").lstrip("■□◆●")


def name_text(text: str) -> str:
    """Bylines and credits: an ASCII space there is meant (「■罗盟 摄」), so it becomes U+3000."""
    return _SPACES_IN_NAMES.sub("\u3000", text.strip())


class Typesetter:
    """Measures spans with the edition's fonts and rules, collecting coverage problems."""

    def __init__(self, fonts: FontSet, template: Template):
        self.fonts = fonts
        self.template = template
        self.rules: Composition = template.composition
        self.missing: list[Missing] = []
        self._measured: dict[tuple, Measured] = {}
        self._set: dict[tuple, tuple[Measured, list[Line]]] = {}

    def span(self, text: str, style: str | TextStyle, keep: bool = False, keep_after: bool = False) -> Span:
        st = self.template.style(style) if isinstance(style, str) else style
        return Span(text, st.role, st.size, keep, keep_after, st.fill)

    def name_spans(self, text: str, style: str | TextStyle) -> tuple[Span, ...]:
        """A byline (「■本报记者 周晓梅 见习记者 陈思远」): each title or name — up to NAME_KEEP characters between
        spaces — kept whole, so a line breaks at a space between them and never inside 记者 or a name. Each space
        goes with the group before it: at a line end it is dropped. Two groups of one character each are one name
        spaced out to the width of three-character names (「实习生 李 娜」), kept as one."""
        groups: list[str] = []
        for g in _AFTER_SPACE.split(name_text(text)):
            if groups and len(_core(g)) == 1 and len(_core(groups[-1])) == 1:
                groups[-1] += g
            elif g:
                groups.append(g)
        return tuple(self.span(g, style, keep=len(g.rstrip("\u3000")) <= NAME_KEEP) for g in groups)

    def measure(self, spans: Sequence[Span], where: str, em: float | None = None) -> Measured:
        """Memoised by content: automatic placement composes the same copy for many candidate pages.
        Text with missing characters is measured afresh each time, so every place is reported."""
        key = (tuple(spans), em)
        got = self._measured.get(key)
        if got is not None:
            return got
        try:
            got = self._measured[key] = measure(spans, self.fonts, self.rules, em)
            return got
        except MissingGlyphs as exc:
            text = "".join(s.text for s in spans)
            for ch, off, role in exc.missing:
                chain = ", ".join(self.fonts.faces[i].psname for i in self.fonts.roles.get(role, ()))
                self.missing.append(Missing(ch, where, text[max(0, off - 8): off + 9], role, chain))
            clean = [s._replace(text="".join(c if self.fonts.glyph(s.role, c) or c.isspace() else "\u3000"
                                             for c in s.text)) for s in spans]
            return measure(clean, self.fonts, self.rules, em)

    def lines(self, spans: Sequence[Span], width: float, where: str, align: str = "justify",
              first_indent: float = 0.0, rest_indent: float = 0.0) -> tuple[Measured, list[Line]]:
        """Set a stand-alone paragraph (headline, caption, note) to a width."""
        key = (tuple(spans), width, align, first_indent, rest_indent)
        got = self._set.get(key)
        if got is not None:
            return got[0], list(got[1])
        missing = len(self.missing)
        m = self.measure(spans, where)
        if not m.clusters:
            return m, []
        widths = [width - first_indent, width - rest_indent]
        brs = break_lines(m, widths, self.rules.costs, self.rules.breaker, self.rules.hang)
        lines = set_lines(m, brs, widths, [first_indent, rest_indent], spans, align)
        if len(self.missing) == missing:
            self._set[key] = (m, lines)
        return m, list(lines)

    def natural_width(self, spans: Sequence[Span], where: str) -> float:
        m = self.measure(spans, where)
        return Prefix(m).natural(0, len(m.clusters)) if m.clusters else 0.0

    def check(self) -> None:
        if self.missing:
            raise CoverageError(self.missing)
