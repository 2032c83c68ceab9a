"""House style as frozen data: composition rules, text styles, the page template.

Defaults live here with the reason for each; templates (YAML) and manifests override them
through `manifest.py`. Nothing in the layout code hard-codes a size, font or colour.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .units import Rect

STYLE_VERSIONS = (1,)
"""Manifests name a style_version; a changed default gets a new version (never reflow archives)."""


@dataclass(frozen=True)
class Costs:
    """Named costs of the paragraph breaker (total-fit). One line costs `line`."""
    line: float = 1.0          # every line: fewer lines win when all else is equal
    shrink: float = 40.0       # per em² of compression (squeezing punctuation, gaps)
    stretch: float = 20.0      # per em² of Latin word-space / Han–Latin gap expansion
    expand: float = 300.0      # per em² per gap of extra inter-character space
    push: float = 60.0         # a line that needs inter-character space at all (a push)
    orphan: float = 5000.0     # 孤字: a last line with fewer than 2 characters
    hang: float = 100.0        # a mark hung outside the measure: after squeeze and push (§2.5)
    unit_split: float = 200.0  # a break between a number and its unit (2021｜年): as much as ~0.25 em spread
    soft_split: float = 100.0  # a break inside a run the copy marks itself: an address's / ? # & @, a hyphen (§1.3)
    short: float = 3000.0      # a line left short: no junction in it may take space (an address's parts alone)
    max_expand: float = 0.5    # em per gap; beyond it a line is infeasible (checker's error level)


@dataclass(frozen=True)
class Composition:
    """Chinese composition rules, docs/rules.md §1–§4. All configurable per house."""
    level: str = "gb"               # basic | gb | strict line-breaking level (§1.2)
    punctuation: str = "fullwidth"  # fullwidth (全角) | kaiming (开明) (§2)
    latin_gap: float = 0.25         # em between Han and Latin letters (§3.1)
    latin_gap_min: float = 0.125
    latin_gap_max: float = 1 / 3
    digit_gap: float = 0.0          # em between Han and digits: newspaper grids set 2021年 tight
    digits: str = "half"            # half (hwid, two digits per 字) | font (proportional)
    hang: bool = False              # hanging punctuation at line end (§2.5): off for mainland dailies
    trim_opening: bool = True       # an opening bracket starting a line loses its blank half (§2.4)
    breaker: str = "total"          # total (paragraph-wide) | first (first-fit)
    unit_chars: str = "年月日时分秒亿万千百元岁个名人次项家户件场所余多倍层米吨度号届期"
    costs: Costs = field(default_factory=Costs)


@dataclass(frozen=True)
class TextStyle:
    role: str                  # font role
    size: float                # pt
    leading: float = 0.0       # pt between lines; 0: the page pitch
    align: str = "justify"     # justify | left | center | right | spread
    indent: float = 0.0        # first-line indent, em
    hang: float = 0.0          # hanging indent of following lines, em (chronicle items)
    fill: str = "text"         # colour name from the template's palette


@dataclass(frozen=True)
class Grid:
    """The type area as a grid of character cells (§5)."""
    columns: int
    column_chars: int
    gutter_chars: int
    body_size: float
    line_gap: float
    lines: int

    @property
    def pitch(self) -> float:
        return self.body_size + self.line_gap

    @property
    def column_width(self) -> float:
        return self.column_chars * self.body_size

    @property
    def gutter(self) -> float:
        return self.gutter_chars * self.body_size

    @property
    def width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def height(self) -> float:
        return self.lines * self.pitch - self.line_gap

    def span_width(self, k: int) -> float:
        """k columns with their k−1 gutters: 13k + (k−1) 字 at the default grid."""
        return k * self.column_width + (k - 1) * self.gutter


@dataclass(frozen=True)
class Decor:
    """How boxes, bars, rules and headline stacks look: template data, not code."""
    headline_measure: float = 0.8     # a headline line may use this share of its span (§6.3: about 4/5)
    headline_leading: float = 1.15    # baseline distance of headline lines, × size
    kicker_leading: float = 1.3       # for kicker and subhead lines
    headline_gap: float = 0.35        # between kicker, headline and subhead, × headline size
    note_rule: float = 0.75           # pt, the editor's-note box
    note_inset: float = 1.0           # 字 between box rule and text (§6.4: at least 1 字)
    box_rule: float = 0.5             # pt, a ruled box around a text block
    box_inset: float = 1.0            # 字
    chronicle_bar_lines: int = 2      # title bar height in grid lines
    chronicle_gap_lines: int = 1      # empty grid lines under the title bar
    chronicle_pad_lines: int = 1      # empty grid lines at the foot of each panel
    chronicle_inset: float = 0.5      # 字 between panel edge and text
    head_rule: float = 1.0            # pt, 报眉 rule
    head_second_rule: float = 0.3     # pt, thin rule under it (0: none)
    head_rule_gap: float = 1.6        # pt between the two
    head_text_drop: float = 0.35      # section, paper and date: gap above the rule, × folio size
    head_number_drop: float = 0.3     # the big page number: baseline above the rule, × folio size
    head_section_gap: float = 1.0     # between page number and section name, × folio size
    wrap_gap: int = 1                 # grid lines between text wrapping round a photo and the photo


@dataclass(frozen=True)
class Makeup:
    """Automatic page makeup (pages/autoplace.py): the first estimates a layout desk starts from."""
    head_lines: int = 6               # grid lines for a one-line headline alone
    stacked_head_lines: int = 8       # … with a kicker or subhead
    head_lines_per_line: int = 3      # more for each further headline line
    secondary_head_lines: int = 4     # a story after the lead: a smaller headline block (so a smaller size)
    lead_photo_share: float = 0.6     # the lead photo's share of the story's columns
    lead_photo_max: float = 0.6667    # most of the text area's height the lead photo may take
    fill_photo_max: float = 0.75      # … when it grows to fill a short story's page
    min_photo_lines: int = 8          # below this a photo is not worth a slot
    row_photo_max: float = 0.3334     # most of the page height a row of photos at the foot may take
    max_crop: float = 0.5             # page rule 30: most of a photo's pixel area that cropping may cut away
    min_column_lines: int = 5         # page rule 34: fewest lines in a column segment of a story (but its last)


@dataclass(frozen=True)
class Output:
    """The print file (docs/rules.md §7): PDF/X level, output condition, photo separation, limits."""
    pdfx: str = "1a"                  # 1a (PDF/X-1a:2001) | 4 (PDF/X-4) | none (a plain RGB-allowed proof PDF)
    condition: str = "IFRA26"         # OutputConditionIdentifier (registered: no profile needed for X-1a)
    condition_info: str = "ISO 12647-3:2004 coldset offset on newsprint, 26 % TVI (ISOnewspaper26v4)"
    registry: str = "http://www.color.org"
    profile: str = "ISOnewspaper26v4.icc"   # CMYK profile photos are separated with; a printer's own file works
    embed_profile: bool = False       # X-1a: the registered condition suffices; X-4 always embeds
    intent: str = "relative"          # perceptual | relative | saturation | absolute
    black_point: bool = True          # black-point compensation with relative colorimetric
    tac: float = 240.0                # % total ink for coldset newsprint (IFRA26)
    min_ppi: float = 150.0            # below: an error
    warn_ppi: float = 200.0           # below: a warning
    max_ppi: float = 300.0            # above: downsampled
    overprint_black: bool = True      # 100 % K text and rules overprint (no white halo on misregistration)
    bleed: float = 8.504              # pt (3 mm) for pages that ask for bleed
    marks_offset: float = 8.504       # pt between the trim and the crop marks (outside the bleed)
    marks_length: float = 14.173      # pt (5 mm)
    marks_width: float = 0.3          # pt, crop and registration marks (the thinnest stroke presses hold)
    preflight: str = ""               # `layout preflight` profile for our files ("": what the file claims)


@dataclass(frozen=True)
class Template:
    name: str
    trim_w: float
    trim_h: float
    margin_top: float            # trim top to the top of the type area
    margin_inner: float          # binding side; left on odd (right-hand) pages
    grid: Grid
    head_rule: float             # pt above the type area where the 报眉 rule sits
    head_size: float
    bleed: float
    column_rules: float          # width of column rules, 0 for none (≥ 0.3 pt on newsprint)
    styles: dict[str, TextStyle]
    fonts: dict[str, tuple[str, ...]]
    palette: dict[str, tuple[float, float, float, float]]   # CMYK 0..1
    composition: Composition = field(default_factory=Composition)
    mirror: bool = True
    headline_sizes: tuple[float, ...] = (42.0,)
    decor: Decor = field(default_factory=Decor)
    makeup: Makeup = field(default_factory=Makeup)
    output: Output = field(default_factory=Output)

    def type_area(self, page_number: int) -> Rect:
        """Odd pages are right-hand pages: the inner (binding) margin is on the left."""
        outer = self.trim_w - self.grid.width - self.margin_inner
        left = self.margin_inner if (page_number % 2 == 1 or not self.mirror) else outer
        return Rect(left, self.margin_top, self.grid.width, self.grid.height)

    def style(self, name: str) -> TextStyle:
        return self.styles[name]
