"""What an edition is: frozen domain objects built by `manifest.py`, read by compose."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .style import Composition, Template


@dataclass(frozen=True)
class Where:
    """A place in a source file, for error messages: file, 1-based line, key path."""
    file: str
    line: int
    key: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}" if self.key else f"{self.file}:{self.line}"


NOWHERE = Where("<none>", 0, "")


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"           # body | subheading


@dataclass(frozen=True)
class Story:
    id: str
    headline: str = ""
    kicker: str = ""             # 引题
    subhead: str = ""            # 副题
    byline: str = ""
    note: str = ""               # 编者按
    note_label: str = "编者按："
    paragraphs: tuple[Paragraph, ...] = ()
    headline_lines: int = 1      # lines the 主题 should take
    where: Where = NOWHERE


@dataclass(frozen=True)
class Photo:
    id: str
    image: str                   # path, resolved against the edition folder
    caption: str = ""
    credit: str = ""
    focus: tuple[float, float] = (0.5, 0.5)   # crop focus, fractions of the image
    where: Where = NOWHERE
    missing: bool = False        # no file at `image` when the manifest was read: proofs show a placeholder


@dataclass(frozen=True)
class ChronicleItem:
    text: str
    date: str = ""               # set in the heading role and kept with its text


@dataclass(frozen=True)
class Chronicle:
    id: str
    title: str = "大事记"
    numbering: str = "1."        # "1." or "①"
    items: tuple[ChronicleItem, ...] = ()
    tint: bool = True
    where: Where = NOWHERE


class BlockKind(StrEnum):
    """What a block on the page grid holds: the one definition manifests, pages and layout.json share."""
    HEADLINE = "headline"
    TEXT = "text"
    PHOTO = "photo"
    CHRONICLE = "chronicle"
    NOTE = "note"


BLOCK_KINDS = tuple(k.value for k in BlockKind)


@dataclass(frozen=True)
class Block:
    """Something placed on the page grid. Columns and lines are 0-based here."""
    kind: BlockKind
    ref: str                     # story, photo or chronicle id
    column: int
    line: int
    span: int
    lines: int | None            # None: to the foot of the column ("rest")
    where: Where = NOWHERE
    box: bool = False            # a ruled box round a text block (text inset, §6.4 线框)
    tint: str = ""               # palette colour under a text block (底纹)
    bleed: bool = False          # a photo runs off the trim where it meets the type area's edge (§7.1)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, BlockKind):          # a name from a manifest or a test: one kind type
            object.__setattr__(self, "kind", BlockKind(self.kind))

    @property
    def label(self) -> str:
        return f"{self.kind} {self.ref!r} (column {self.column + 1}, line {self.line + 1})"


@dataclass(frozen=True)
class AutoSpec:
    """Content a page lists without coordinates: compose places it (pages/autoplace.py)."""
    stories: tuple[str, ...] = ()
    photos: tuple[str, ...] = ()
    chronicles: tuple[str, ...] = ()
    variant: int = 1                     # which of the ranked placements to use (1 = the best)


@dataclass(frozen=True)
class PageSpec:
    number: int                  # 版次
    section: str = ""            # 版名
    blocks: tuple[Block, ...] = ()
    template: Template | None = None     # per-page override
    where: Where = NOWHERE
    auto: AutoSpec | None = None         # placed automatically (then blocks is filled by compose)
    bleed: bool = False                  # a page with bleed and marks (a panorama over the fold, an insert)


@dataclass(frozen=True)
class Edition:
    id: str                      # folder name: build/<id>/
    paper: str
    date: str                    # ISO date
    title: str                   # edition title / default 版名
    template: Template
    pages: tuple[PageSpec, ...]
    stories: dict[str, Story] = field(default_factory=dict)
    photos: dict[str, Photo] = field(default_factory=dict)
    chronicles: dict[str, Chronicle] = field(default_factory=dict)
    style_version: int = 1
    base_dir: str = "."
    source: str = ""
    content_hash: str = ""       # hash of the manifest and everything it references

    @property
    def composition(self) -> Composition:
        return self.template.composition
