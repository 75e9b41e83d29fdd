"""The page model (what the load stage gives) and the lines and zones the layout stage makes of it.

The page model is annexparse's own, not a PDF library's: every loader maps its
library's objects onto `Char`, `Segment` and `Rect`, so that no later stage
depends on which library read the file.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter, not_
from typing import NamedTuple

import numpy as np

from ..text import Words

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


SIZE, X0, X1, TOP, BOTTOM, BASELINE, VISIBLE = range(7)  # the columns of `glyph_numbers`
_NUMBERS = itemgetter(*(Char._fields.index(name) for name in ("size", "x0", "x1", "top", "bottom", "baseline")))


def glyph_numbers(chars: Sequence[Char]) -> np.ndarray:
    """The glyphs' sizes, coordinates and visibility as one array, a row per glyph, in the
    columns `SIZE, X0, X1, TOP, BOTTOM, BASELINE, VISIBLE` (1.0 for a glyph that is not white
    space, else 0.0): what the stages that measure a page's glyphs column by column read. A
    loader gives them with its page (`Page.numbers`); this builds them from the glyphs."""
    count = len(chars)
    numbers = np.empty((count, 7))
    numbers[:, :VISIBLE] = np.fromiter(chain.from_iterable(map(_NUMBERS, chars)), float, 6 * count).reshape(count, 6)
    numbers[:, VISIBLE] = not_blank(map(_TEXT, chars), count)
    return numbers


def not_blank(texts: Iterable[str], count: int) -> np.ndarray:
    """For each of `count` glyph texts, whether it is not white space: the `VISIBLE` column."""
    return np.fromiter(map(not_, map(str.isspace, texts)), bool, count)


_TEXT = char_field("text")


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
    chars: Sequence[Char]  # a tuple, or `Glyphs` kept out of memory (a long annex)
    segments: tuple[Segment, ...]
    rects: tuple[Rect, ...]
    links: tuple[Link, ...] = ()
    box_repaired: str = ""  # why the page's box was replaced by the box its content occupies ("" when it was not)
    ligatures: tuple[tuple[str, int], ...] = ()  # ligatures whose broken text was read as their letters: (letters, times)
    # `glyph_numbers(chars)`, as the loader built them with the glyphs (None where it did not, or
    # where the glyphs were moved or kept out of memory since): the layout stage reads them
    # instead of reading every glyph again
    numbers: object = field(default=None, compare=False, repr=False)


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
    chars: Sequence[Char]  # the page's glyphs, each once (fake bold and shadows drawn twice dropped)
    body: tuple[Line, ...]
    footnotes: tuple[Line, ...]
    body_size: float
    findings: tuple = ()  # Issue: the page's text layer damage, glyphs no reader can see
    words: Words = Words()  # the words the whole document prints (one object shared by its pages)
    numbers: object = None  # `glyph_numbers(chars)` where the glyphs are in memory (None for pages kept in the glyph store)


# ---------------------------------------------------------------------------
# glyphs kept out of memory


class GlyphStore:
    """Pages' glyphs written to a temporary file and read back when a stage needs them, so that
    a long annex's memory does not grow with its page count.

    A page's glyphs are stored column by column (doubles for the coordinates, so that they read
    back exactly); the last `keep` pages read back stay in memory (a stage reads one page's
    glyphs several times in a row, then moves on to the next page).
    """

    def __init__(self, keep: int = 3) -> None:
        import tempfile

        self.file = tempfile.TemporaryFile(prefix="annexparse-glyphs-")
        self.fonts: dict[str, int] = {}
        self.names: list[str] = []
        self.keep = keep
        self.recent: dict[int, tuple[Char, ...]] = {}  # by offset, oldest first

    def put(self, chars: Sequence[Char]) -> Glyphs:
        """Write `chars` to the store; returns the sequence that reads them back."""
        from array import array

        texts = [c.text for c in chars]
        fonts = array("H", (self._font(c.font) for c in chars))
        lengths = array("H", map(len, texts))
        columns = [array("d", (c[k] for c in chars)) for k in (2, 3, 4, 5, 6, 7)]  # size, x0, x1, top, bottom, baseline
        uprights = array("b", (c.upright for c in chars))
        text = "".join(texts).encode("utf-8", "surrogatepass")
        parts = [lengths.tobytes(), fonts.tobytes(), *(column.tobytes() for column in columns), uprights.tobytes(), text]
        self.file.seek(0, 2)
        offset = self.file.tell()
        self.file.write(b"".join(parts))
        return Glyphs(self, offset, len(chars), [len(part) for part in parts])

    def _font(self, name: str) -> int:
        index = self.fonts.get(name)
        if index is None:
            index = self.fonts[name] = len(self.names)
            self.names.append(name)
        return index

    def read(self, glyphs: Glyphs) -> tuple[Char, ...]:
        """The glyphs of one page, from memory when read lately."""
        chars = self.recent.pop(glyphs.offset, None)
        if chars is None:
            chars = self._decode(glyphs)
        self.recent[glyphs.offset] = chars
        while len(self.recent) > self.keep:
            del self.recent[next(iter(self.recent))]
        return chars

    def shown_sizes(self, glyphs: Glyphs) -> list[float]:
        """The sizes of one page's glyphs that are not white space, read from the stored columns
        without building the glyphs."""
        from array import array

        parts = self._parts(glyphs)
        return [size for text, size in zip(self._texts(parts), array("d", parts[2])) if not text.isspace()]

    def _parts(self, glyphs: Glyphs) -> list[bytes]:
        from itertools import accumulate

        self.file.seek(glyphs.offset)
        blob = self.file.read(sum(glyphs.sizes))
        bounds = [0, *accumulate(glyphs.sizes)]
        return [blob[a:b] for a, b in zip(bounds, bounds[1:])]

    @staticmethod
    def _texts(parts: list[bytes]) -> list[str]:
        from array import array
        from itertools import accumulate

        lengths = array("H", parts[0])
        text = parts[9].decode("utf-8", "surrogatepass")
        ends = list(accumulate(lengths))
        return [text[end - length : end] for end, length in zip(ends, lengths)]

    def _decode(self, glyphs: Glyphs) -> tuple[Char, ...]:
        from array import array
        from itertools import repeat

        parts = self._parts(glyphs)
        fonts = array("H", parts[1])
        columns = [array("d", part).tolist() for part in parts[2:8]]
        uprights = [bool(v) for v in array("b", parts[8])]
        names = [self.names[index] for index in fonts]
        return tuple(map(tuple.__new__, repeat(Char), zip(self._texts(parts), names, *columns, uprights)))


def shown_sizes(chars: Sequence[Char]) -> list[float]:
    """The sizes of the glyphs in `chars` that are not white space; for a page whose glyphs are
    kept out of memory, read without building its glyphs (a cheap first pass over a long annex)."""
    if isinstance(chars, Glyphs):
        return chars.store.shown_sizes(chars)
    _SIZE, _TEXT = char_field("size"), char_field("text")
    return list(compress(map(_SIZE, chars), map(not_, map(str.isspace, map(_TEXT, chars)))))


class Glyphs(Sequence):
    """One page's glyphs in a `GlyphStore`: a sequence of `Char` read back on use."""

    __slots__ = ("store", "offset", "count", "sizes")

    def __init__(self, store: GlyphStore, offset: int, count: int, sizes: list[int]) -> None:
        self.store, self.offset, self.count, self.sizes = store, offset, count, sizes

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return iter(self.store.read(self))

    def __getitem__(self, index):
        return self.store.read(self)[index]

    def __bool__(self) -> bool:
        return self.count > 0
