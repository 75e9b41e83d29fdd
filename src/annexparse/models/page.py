"""The page model (what the load stage gives) and the lines and zones the layout stage makes of it.

The page model is annexparse's own, not a PDF library's: every loader maps its
library's objects onto `Char`, `Segment` and `Rect`, so that no later stage
depends on which library read the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

RULE_THICKNESS = 1.5  # points (absolute): a drawn line or rectangle at most this thick is a rule


@lru_cache(maxsize=512)
def font_style(font: str) -> tuple[bool, bool]:
    """(bold, italic) from a font's name."""
    name = font.lower()
    return ("bold" in name or "heavy" in name or "black" in name, "italic" in name or "oblique" in name)


class Char(NamedTuple):
    """One glyph, in top-left page coordinates (points).

    A NamedTuple rather than a frozen dataclass: just as immutable, and a page
    has thousands of glyphs, which it builds three times faster.
    """

    text: str
    font: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    upright: bool = True

    @property
    def bold(self) -> bool:
        return font_style(self.font)[0]

    @property
    def italic(self) -> bool:
        return font_style(self.font)[1]


def char_field(name: str) -> itemgetter:
    """A getter of one `Char` field for map() and sort keys: a tuple index, which is faster
    than attrgetter's attribute lookup."""
    return itemgetter(Char._fields.index(name))


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight ruling: a drawn line or one edge of a thin rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= RULE_THICKNESS and (self.x1 - self.x0) > RULE_THICKNESS

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) <= RULE_THICKNESS and (self.bottom - self.top) > RULE_THICKNESS


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    top: float
    x1: float
    bottom: float
    fill: bool


@dataclass(frozen=True, slots=True)
class Link:
    """A link annotation: the area it covers on the page and the URI it opens."""

    x0: float
    top: float
    x1: float
    bottom: float
    uri: str


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    rotation: int
    chars: tuple[Char, ...]
    segments: tuple[Segment, ...]
    rects: tuple[Rect, ...]
    links: tuple[Link, ...] = ()
    box_repaired: str = ""  # why the page's box was replaced by the box its content occupies ("" when it was not)


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    sha256: str
    pages: tuple[Page, ...]
    findings: tuple = ()  # Issue: what the load stage could not read, or repaired


# ---------------------------------------------------------------------------
# layout stage: lines of text with their style runs, pages split into zones


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters sharing style on one line."""

    text: str
    bold: bool
    italic: bool
    superscript: bool
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    spans: tuple[Span, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # dominant size of the line's non-superscript characters

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def plain_text(self) -> str:
        """The line's text without superscript runs."""
        return "".join(s.text for s in self.spans if not s.superscript)


@dataclass(frozen=True, slots=True)
class PageLayout:
    """A page split into zones. `body` excludes running header, page number and footnotes."""

    page: Page
    chars: tuple[Char, ...]  # the page's glyphs, each once (fake bold and shadows drawn twice dropped)
    body: tuple[Line, ...]
    footnotes: tuple[Line, ...]
    body_size: float
    findings: tuple = ()  # Issue: the page's text layer damage, glyphs no reader can see
