"""What the reading stages pass on: tables, row fragments, stitched rows, indicator and
footnote texts, the scorecard and the printed score lines.

These are never serialised; the output model (`annex`) is built from them at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .annex import Box, Change, Footnote, Indicator, Issue, Rating
from .page import Line


class Column(str, Enum):
    """A column of the annex's tables, named by the word its header title starts with."""

    THEMATIC = "thematic"
    INDICATOR = "indicator"
    ASSESSMENT = "assessment"
    NOTES = "note"


class TableKind(str, Enum):
    DETAILED = "detailed"
    SCORECARD = "scorecard"

    @property
    def columns(self) -> tuple[Column, ...]:
        """The table's columns in printed order (its header titles)."""
        if self is TableKind.DETAILED:
            return (Column.THEMATIC, Column.INDICATOR, Column.ASSESSMENT, Column.NOTES)
        return (Column.ASSESSMENT, Column.INDICATOR)


# ---------------------------------------------------------------------------
# tables stage


@dataclass(frozen=True, slots=True)
class Cell:
    """The lines of one table column inside one row fragment on one page."""

    lines: tuple[Line, ...]

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass(frozen=True, slots=True)
class TablePage:
    """The part of one table that stands on one page."""

    page: int
    kind: TableKind
    boundaries: tuple[float, ...]  # x of the n+1 column edges
    columns: tuple[tuple[Line, ...], ...]  # the lines of each column, in `kind.columns` order
    rules: tuple[tuple[float, float, float], ...]  # horizontal rules (y, x0, x1) inside the table
    top: float
    bottom: float
    has_header: bool
    strokes: tuple[tuple[float, float, float], ...] = ()  # the drawn horizontal rules among `rules` (not a fill's edges)
    fills: tuple[tuple[float, float, float, float], ...] = ()  # filled rectangles (top, bottom, x0, x1) reaching into the table

    def lines(self, column: Column) -> tuple[Line, ...]:
        return self.columns[self.kind.columns.index(column)]

    def edges(self, column: Column) -> tuple[float, float]:
        """The left and right edge of `column`."""
        index = self.kind.columns.index(column)
        return self.boundaries[index], self.boundaries[index + 1]


@dataclass(frozen=True, slots=True)
class Table:
    kind: TableKind
    pages: tuple[TablePage, ...]


@dataclass(frozen=True, slots=True)
class Tables:
    """The tables stage's result: the document's detailed table and summary scorecard."""

    detailed: Table | None
    scorecard: Table | None
    findings: tuple[Issue, ...] = ()  # what could not be read with confidence


@dataclass(frozen=True, slots=True)
class RowFragment:
    """A row (or the part of a row) as it stands on one page.

    `cells` follows the table's columns. `continues_previous` is true for the
    text at the top of a page that belongs to the previous page's last row.
    """

    page: int
    kind: TableKind
    top: float
    bottom: float
    cells: tuple[Cell, ...]
    continues_previous: bool
    ruled_columns: tuple[Column, ...] = ()  # columns whose cell edge (a rule or a fill's edge) is drawn at the fragment's top

    def cell(self, column: Column) -> Cell:
        return self.cells[self.kind.columns.index(column)]


# ---------------------------------------------------------------------------
# rows stage


@dataclass(frozen=True, slots=True)
class StitchedRow:
    """One logical row of the detailed table: its fragments on every page it spans, and the
    thematic area it falls under (from the spanning first column)."""

    fragments: tuple[RowFragment, ...]
    thematic_area: str = ""

    def lines(self, column: Column) -> list[Line]:
        return [line for fragment in self.fragments for line in fragment.cell(column).lines]

    @property
    def every_line(self) -> list[Line]:
        return [line for fragment in self.fragments for cell in fragment.cells for line in cell.lines]

    @property
    def pages(self) -> list[int]:
        return sorted({fragment.page for fragment in self.fragments if any(not c.empty for c in fragment.cells)})


# ---------------------------------------------------------------------------
# indicators stage


@dataclass
class Marker:
    """A printed citation marker: the footnote it calls, its offset in the note's plain text."""

    footnote: int
    offset: int
    page: int
    box: Box | None = None


@dataclass
class NoteText:
    text: str
    markdown: str
    markers: list[Marker] = field(default_factory=list)


@dataclass
class IndicatorText:
    """An indicator as read from its row, before its citations are linked."""

    thematic_area: str
    indicator: str
    rating: Rating | str
    change: Change | str | None
    note: NoteText
    pages: list[int]
    boxes: list[Box] = field(default_factory=list)
    indicator_box: Box | None = None
    assessment_box: Box | None = None


# ---------------------------------------------------------------------------
# summary stage


@dataclass
class ScorecardRow:
    rating: Rating | str
    indicator: str
    page: int
    top: float
    box: Box | None = None
    rating_box: Box | None = None


@dataclass
class ScoreLine:
    country: str
    year: int
    value: int | None
    page: int
    text: str
    box: Box | None = None


@dataclass
class PrintedScores:
    lines: list[ScoreLine]
    difference: int | None
    difference_page: int | None
    difference_box: Box | None = None
    difference_text: str = ""

    @property
    def current(self) -> ScoreLine | None:
        return max(self.lines, key=lambda line: line.year) if self.lines else None

    @property
    def previous(self) -> ScoreLine | None:
        earlier = [line for line in self.lines if self.current and line.year < self.current.year]
        return max(earlier, key=lambda line: line.year) if earlier else None

    @property
    def pages(self) -> list[int]:
        """The pages that print a score line or the difference."""
        return sorted({line.page for line in self.lines} | ({self.difference_page} if self.difference_page else set()))


@dataclass
class Summary:
    """The summary stage's result: the scorecard's rows and the printed score lines."""

    scorecard: list[ScorecardRow]
    printed: PrintedScores
    findings: list[Issue] = field(default_factory=list)  # what could not be read with confidence


# ---------------------------------------------------------------------------
# footnotes stage


@dataclass
class FootnoteText:
    number: int
    text: str
    pages: list[int] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Footnotes:
    """The footnotes stage's result: the footnotes in printed order, and what could not be
    read with confidence."""

    items: list[FootnoteText]
    findings: list[Issue] = field(default_factory=list)


# ---------------------------------------------------------------------------
# citations stage


@dataclass
class Linked:
    """The citations stage's result: the indicators with their citations, the footnotes with
    the indicators that cite them (output models from here on)."""

    indicators: list[Indicator]
    footnotes: list[Footnote]


# ---------------------------------------------------------------------------
# self-check stage


@dataclass
class ReadingCheck:
    """The self-check stage's result: how many failures of the checks every annex passes the
    misprints an annex may hold do not explain (0: the reading passes), and a reading finding
    for each page, and for the document, where there are such."""

    failures: int
    findings: list[Issue] = field(default_factory=list)
