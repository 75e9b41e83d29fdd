"""The output: a pydantic v2 model whose JSON is exactly what `annexparse extract` prints."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..text import clean
from .findings import Code, Severity

SCHEMA_VERSION = 1

# ---------------------------------------------------------------------------
# output model (pydantic)


class Rating(str, Enum):
    VERY_STRONG = "Very Strong"
    STRONG = "Strong"
    FAIR = "Fair"
    WEAK = "Weak"
    VERY_WEAK = "Very Weak"

    @property
    def points(self) -> int:
        """Very Strong 4, Strong 3, Fair 2, Weak 1, Very Weak 0: the scoring rule the published scores imply."""
        return _POINTS[self]

    @classmethod
    def from_printed(cls, text: str) -> Rating | str:
        """The rating a printed word names (case and spacing aside), else the word as printed."""
        wanted = clean(text).lower()
        for rating in cls:
            if wanted == rating.value.lower():
                return rating
        return clean(text)


_POINTS = {Rating.VERY_STRONG: 4, Rating.STRONG: 3, Rating.FAIR: 2, Rating.WEAK: 1, Rating.VERY_WEAK: 0}


def points_of(rating: Rating | str) -> int | None:
    """A rating's points; None for a word that is not one of the five."""
    return rating.points if isinstance(rating, Rating) else None


class Change(str, Enum):
    INCREASE = "Increase"
    DECREASE = "Decrease"
    UNCHANGED = "Unchanged"

    @classmethod
    def from_printed(cls, text: str) -> Change | str | None:
        """The change a printed word names (case and spacing aside), the word as printed, or None for no word."""
        text = clean(text)
        if not text:
            return None
        for change in cls:
            if text.lower() == change.value.lower():
                return change
        return text


def word(value: Rating | Change | str | None) -> str | None:
    """A rating or change as printed: the enum's word, or the unknown word itself."""
    return value.value if isinstance(value, (Rating, Change)) else value


# A rating or change word: the enum when it is one of the known words (also when
# read back from JSON, hence left-to-right), else the word as printed.
RatingWord = Annotated[Rating | str, Field(union_mode="left_to_right")]
ChangeWord = Annotated[Change | str | None, Field(union_mode="left_to_right")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Box(_Model):
    """Where something is printed: a 1-based page and a box in points (origin top-left, as pdfplumber)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def around(cls, lines) -> list[Box]:
        """One box per page around `lines` (anything with page, x0, top, x1, bottom), in page order."""
        by_page: dict[int, list] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        return [
            cls(
                page=page,
                x0=round(min(l.x0 for l in group), 1),
                top=round(min(l.top for l in group), 1),
                x1=round(max(l.x1 for l in group), 1),
                bottom=round(max(l.bottom for l in group), 1),
            )
            for page, group in sorted(by_page.items())
        ]

    @classmethod
    def first_around(cls, lines) -> Box | None:
        boxes = cls.around(lines)
        return boxes[0] if boxes else None


class Source(_Model):
    file: str
    pages: int
    sha256: str
    annexparse_version: str


class StatedScores(_Model):
    current: int | None = None
    previous: int | None = None
    difference: int | None = None


class ComputedScores(_Model):
    current: int | None = Field(None, description="round(100 * points / (4 * indicators)) from the detailed table")
    points: int
    max_points: int
    previous_min: int | None = Field(None, description="lowest previous score the change words allow")
    previous_max: int | None = Field(None, description="highest previous score the change words allow")


class Printed(_Model):
    """A line as printed, and where."""

    text: str
    box: Box


class PrintedScoreLines(_Model):
    current: Printed | None = None
    previous: Printed | None = None
    difference: Printed | None = None


class Scores(_Model):
    stated: StatedScores
    computed: ComputedScores
    pages: list[int] = Field(default_factory=list, description="pages that print the scores")
    printed: PrintedScoreLines = Field(default_factory=PrintedScoreLines, description="the score lines as printed, and where")


class ScorecardItem(_Model):
    rating: RatingWord
    indicator: str
    page: int
    box: Box | None = Field(None, description="the item's text")
    rating_box: Box | None = Field(None, description="the rating label of its group on this page (none where the group goes on from the previous page)")


class Citation(_Model):
    footnote: int
    offset: int = Field(description="character offset of the marker in `note`")
    sentence: str = Field("", description="the sentence of `note` the marker supports")
    page: int
    box: Box | None = Field(None, description="the printed marker")


class Indicator(_Model):
    number: int
    thematic_area: str
    indicator: str
    rating: RatingWord
    change: ChangeWord
    note: str
    citations: list[int]
    note_markdown: str
    citation_markers: list[Citation]
    pages: list[int]
    boxes: list[Box] = Field(default_factory=list, description="the row's text on each page it spans")
    indicator_box: Box | None = Field(None, description="the indicator cell's text (first page)")
    assessment_box: Box | None = Field(None, description="the assessment cell's text (first page)")


ReferenceKind = Literal["news", "web", "report", "un_document", "legal", "academic", "ibid", "cross_reference", "note"]


class Reference(_Model):
    """One work a footnote cites, its parts as printed."""

    kind: ReferenceKind = Field(description="news, web, report, un_document, legal, academic, ibid, cross_reference or note (prose)")
    authors: list[str] = Field(default_factory=list, description="persons, as printed ('Surname, Given')")
    organization: str | None = Field(None, description="the publishing or authoring body, as printed")
    year: int | None = None
    title: str | None = Field(None, description="without its quotes")
    container: str | None = Field(None, description="the outlet, periodical or website")
    date: str | None = Field(None, description="the day-month part, as printed ('18 May')")
    un_symbol: str | None = Field(None, description="a UN document's symbol, as printed")
    locator: str | None = Field(None, description="page, paragraph or section, as printed ('p. 3', 'para. 115')")
    url: str | None = Field(None, description="one of the footnote's urls")
    ibid_of: int | None = Field(None, description="for ibid: the footnote printed just before")
    prefix: str | None = Field(None, description="'See also' or 'Cf.' printed just before it")
    span: list[int] = Field(default_factory=list, description="[start, end) character offsets of the reference in the footnote's text")
    ibid_ambiguous: bool = Field(False, description="an ibid whose footnote before cites several works")


class Footnote(_Model):
    number: int
    text: str
    urls: list[str]
    pages: list[int]
    cited_by: list[int] = Field(default_factory=list, description="indicator numbers whose notes cite it")
    boxes: list[Box] = Field(default_factory=list, description="the footnote's text on each page")
    references: list[Reference] = Field(default_factory=list, description="the works it cites, in printed order")


class Evidence(_Model):
    """One side of a finding: what is printed (or computed) and where."""

    side: str = Field(description="what this is, e.g. 'scorecard', 'detailed table', 'computed'")
    text: str = Field(description="the printed text, or the computed value")
    box: Box | None = Field(None, description="where it is printed; none for a computed value")
    document: str | None = Field(None, description="the file it is printed in, when not the finding's own document")


class Issue(_Model):
    code: Code
    severity: Severity
    message: str
    indicator: int | None = None
    footnote: int | None = None
    pages: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    held_back: list[Code] = Field(default_factory=list, description="for a reading finding: the document findings it held back")


class CrossCheckPage(_Model):
    """One page of the detailed table as the second reader (camelot) read it, against annexparse."""

    page: int
    status: Literal["agree", "differ", "unchecked"] = Field(description="unchecked: camelot found no table to compare on the page")
    settings: dict[str, str] | None = Field(None, description="the camelot parser and settings that read the page")
    differences: list[str] = Field(default_factory=list)


class CrossCheck(_Model):
    """`--cross-check`: every page of the detailed table read a second time, independently."""

    reader: str
    pages: list[CrossCheckPage]


class Annex(_Model):
    schema_version: int = SCHEMA_VERSION
    source: Source
    country: str | None
    year: int | None
    previous_year: int | None
    scores: Scores
    scorecard: list[ScorecardItem]
    indicators: list[Indicator]
    footnotes: list[Footnote]
    issues: list[Issue]
    cross_check: CrossCheck | None = Field(None, description="with --cross-check: the second reading of the detailed table, page by page")

    @property
    def damage(self) -> list[Issue]:
        """The findings that say the file itself is damaged (a page unreadable, a repaired file,
        a damaged text layer, invisible glyphs, an absurd page box)."""
        from .findings import DAMAGE_CODES

        return [issue for issue in self.issues if issue.code in DAMAGE_CODES]

    def count_issues(self, severity: Severity) -> int:
        """How many of this annex's own findings have `severity`."""
        return sum(1 for issue in self.issues if issue.severity == severity)
