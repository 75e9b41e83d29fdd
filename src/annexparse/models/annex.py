"""The output: a pydantic v2 model whose JSON is exactly what `annexparse extract` prints."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..text import clean
from .findings import Code, Severity

SCHEMA_VERSION = 1
ANNEX_SCHEMA_ID = "urn:annexparse:schema:annex:1"

# ---------------------------------------------------------------------------
# output model (pydantic)


class Rating(str, Enum):
    """One of the five ratings the annexes print (Very Strong 4 points ... Very Weak 0)."""

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
    """One of the three change words the annexes print against the previous edition."""

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

    page: int = Field(description="1-based page number")
    x0: float = Field(description="left edge, points from the page's left")
    top: float = Field(description="top edge, points from the page's top")
    x1: float = Field(description="right edge, points from the page's left")
    bottom: float = Field(description="bottom edge, points from the page's top")

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
    """The PDF read, and the annexparse that read it."""

    file: str = Field(description="the PDF's file name")
    pages: int = Field(description="its number of pages")
    sha256: str = Field(description="SHA-256 of the file's bytes, hex")
    annexparse_version: str = Field(description="the annexparse version that wrote this JSON")


class StatedScores(_Model):
    """The scores as the annex prints them."""

    current: int | None = Field(None, description="this edition's score as printed")
    previous: int | None = Field(None, description="the previous edition's score as this edition prints it")
    difference: int | None = Field(None, description="the difference as printed (signed)")


class ComputedScores(_Model):
    """The scores the detailed table's ratings give."""

    current: int | None = Field(None, description="round(100 * points / (4 * indicators)) from the detailed table")
    points: int = Field(description="sum of the ratings' points (Very Strong 4 ... Very Weak 0)")
    max_points: int = Field(description="4 points per indicator")
    previous_min: int | None = Field(None, description="lowest previous score the change words allow")
    previous_max: int | None = Field(None, description="highest previous score the change words allow")


class Printed(_Model):
    """A line as printed, and where."""

    text: str = Field(description="the line's text")
    box: Box = Field(description="where it is printed")


class PrintedScoreLines(_Model):
    """The score lines as printed."""

    current: Printed | None = Field(None, description="this edition's score line")
    previous: Printed | None = Field(None, description="the previous edition's score line")
    difference: Printed | None = Field(None, description="the difference line")


class Scores(_Model):
    """Printed and computed scores."""

    stated: StatedScores = Field(description="the scores as printed")
    computed: ComputedScores = Field(description="the scores the ratings give")
    pages: list[int] = Field(default_factory=list, description="pages that print the scores")
    printed: PrintedScoreLines = Field(default_factory=PrintedScoreLines, description="the score lines as printed, and where")


class ScorecardItem(_Model):
    """One indicator as the summary scorecard lists it, under its rating."""

    rating: RatingWord = Field(description="the rating the scorecard lists it under (one of the five, or the word as printed)")
    indicator: str = Field(description="the indicator's wording in the scorecard")
    page: int = Field(description="the page it is printed on")
    box: Box | None = Field(None, description="the item's text")
    rating_box: Box | None = Field(None, description="the rating label of its group on this page (none where the group goes on from the previous page)")


class Citation(_Model):
    """A footnote marker in an indicator's note."""

    footnote: int = Field(description="the footnote number the marker calls")
    offset: int = Field(description="character offset of the marker in `note`")
    sentence: str = Field("", description="the sentence of `note` the marker supports")
    page: int = Field(description="the page the marker is printed on")
    box: Box | None = Field(None, description="the printed marker")


class Indicator(_Model):
    """One row of the detailed table: an indicator, its rating and change, and the note with its citations."""

    number: int = Field(description="the row's number in printed order (1-based)")
    key: str | None = Field(
        None,
        description="the standard indicator this row is ('A3.4': thematic area 3, fourth indicator; the letter keeps CSV readers from taking 3.10 for 3.1), matched by wording; the same in "
        "every edition, so panels line up on it; null for a row that matches none or repeats an earlier row",
    )
    thematic_area: str = Field(description="the thematic area the row belongs to, as printed")
    indicator: str = Field(description="the indicator's wording in the detailed table")
    rating: RatingWord = Field(description="one of the five ratings, or the word as printed (with an unknown_rating finding)")
    change: ChangeWord = Field(description="Increase, Decrease or Unchanged; null in a baseline annex; or the word as printed")
    note: str = Field(description="the assessment's note, plain text, paragraphs separated by a blank line, markers removed")
    citations: list[int] = Field(description="the footnote numbers the note cites, in order of first citation")
    note_markdown: str = Field(description="the note as Markdown: *italic*, **bold**, '- ' list items, [^n] markers in place")
    citation_markers: list[Citation] = Field(description="each printed marker, with its offset, sentence and box")
    pages: list[int] = Field(description="the pages the row spans")
    boxes: list[Box] = Field(default_factory=list, description="the row's text on each page it spans")
    indicator_box: Box | None = Field(None, description="the indicator cell's text (first page)")
    assessment_box: Box | None = Field(None, description="the assessment cell's text (first page)")


ReferenceKind = Literal["news", "web", "report", "un_document", "legal", "academic", "ibid", "cross_reference", "note"]


class Reference(_Model):
    """One work a footnote cites, its parts as printed."""

    kind: ReferenceKind = Field(description="news, web, report, un_document, legal, academic, ibid, cross_reference or note (prose)")
    authors: list[str] = Field(default_factory=list, description="persons, as printed ('Surname, Given')")
    organization: str | None = Field(None, description="the publishing or authoring body, as printed")
    year: int | None = Field(None, description="the work's year; null for n.d., notes and Ibid.")
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
    """A footnote as printed, with its URLs and the works it cites."""

    number: int = Field(description="the footnote's printed number")
    text: str = Field(description="its text, lines joined (a word or URL cut at a line end rejoined)")
    urls: list[str] = Field(description="the URLs its text shows, in printed order (confirmed by the link annotations where the PDF has them)")
    pages: list[int] = Field(description="the pages it is printed on")
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
    """A finding: an inconsistency of the document, or something the reading could not do with confidence."""

    id: str | None = Field(
        None, description="the finding's stable id: edition/code/subject, the same in every run (docs/qa.md gives the rule); what `qa --accepted` lists"
    )
    code: Code = Field(description="the finding's code (docs/checks.md lists them)")
    severity: Severity = Field(description="error or warning")
    message: str = Field(description="one sentence saying what is wrong, with the printed values")
    indicator: int | None = Field(None, description="the indicator number concerned")
    footnote: int | None = Field(None, description="the footnote number concerned")
    pages: list[int] = Field(default_factory=list, description="the pages concerned")
    evidence: list[Evidence] = Field(default_factory=list, description="each side of the finding: what is printed or computed, and where")
    held_back: list[Code] = Field(default_factory=list, description="for a reading finding: the document findings it held back")


class CrossCheckPage(_Model):
    """One page of the detailed table as the second reader (camelot) read it, against annexparse."""

    page: int = Field(description="the page of the detailed table")
    status: Literal["agree", "differ", "unchecked"] = Field(description="unchecked: camelot found no table to compare on the page")
    settings: dict[str, str] | None = Field(None, description="the camelot parser and settings that read the page")
    differences: list[str] = Field(default_factory=list, description="what the two readings disagree on")


class CrossCheck(_Model):
    """`--cross-check`: every page of the detailed table read a second time, independently."""

    reader: str = Field(description="the second reader and its version")
    pages: list[CrossCheckPage] = Field(description="one entry per page of the detailed table")


class Annex(_Model):
    """One R2P country-assessment annex, as annexparse read it from its PDF: the summary
    scorecard, the printed and computed scores, every indicator of the detailed table, every
    footnote with the works it cites, and the findings. What `annexparse extract` prints."""

    schema_version: int = Field(SCHEMA_VERSION, description="the version of this JSON's layout")
    source: Source = Field(description="the PDF read")
    country: str | None = Field(description="the country, as the score line prints it")
    year: int | None = Field(description="this edition's year")
    previous_year: int | None = Field(description="the year of the edition it is compared with; null for a baseline")
    scores: Scores = Field(description="printed and computed scores")
    scorecard: list[ScorecardItem] = Field(description="the summary scorecard, in printed order")
    indicators: list[Indicator] = Field(description="the detailed table's rows, in printed order")
    footnotes: list[Footnote] = Field(description="every footnote, in printed order")
    issues: list[Issue] = Field(description="the findings: the document's inconsistencies and what could not be read")
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


def annex_json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of an annex's JSON, with its `$schema` and `$id`."""
    return documented_schema(Annex, ANNEX_SCHEMA_ID)


def documented_schema(model: type[BaseModel], schema_id: str) -> dict:
    """A model's JSON Schema with `$schema`, `$id`, and a title on every property (pydantic gives
    none to a property that refers to another object)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, **model.model_json_schema()}
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            prop.setdefault("title", name.replace("_", " ").capitalize())
    return schema


def _type_of(schema: dict) -> str:
    """A property's JSON type in words: `string`, `integer or null`, `list of Box`, an enum's values."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(dict.fromkeys(_type_of(option) for option in schema["anyOf"]))
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return f"object of {_type_of(schema['additionalProperties'])}"
    return kind


def fields_table() -> str:
    """Every property of the annex JSON, object by object, as a Markdown table (docs/output.md)."""
    schema = annex_json_schema()
    objects = {"Annex": schema, **{name: d for name, d in schema["$defs"].items() if "properties" in d}}
    lines = ["| object | field | type | description |", "|---|---|---|---|"]
    for name, definition in objects.items():
        for field, prop in definition["properties"].items():
            description = prop.get("description", "").replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {name} | `{field}` | {_type_of(prop)} | {description} |")
    return "\n".join(lines)
