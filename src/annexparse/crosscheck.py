"""A second, independent reading of the detailed table (`--cross-check`), compared page by page.

camelot (`loaders.second_reader`) reads every page of the detailed table on
its own; annexparse's reading is compared with it per page: how many indicator
rows start on the page, their rating and change words in the order printed,
and the first three words of each row's indicator (white space and bullets
ignored, as the corpus scorer compares text). A row cut by a page break counts
once, on the page where its assessment is printed. Two readers that agree on a
page are evidence that it was read right; where they differ, a
`reading_disagreement` finding tells the QA reader to look before trusting any
finding on that page. A page camelot finds no table on is `unchecked`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .evidence import make_issue
from .models import Annex, Box, Change, Code, CrossCheck, CrossCheckPage, Evidence, Indicator, Issue, Rating, word
from .text import read_ligatures

RATINGS = tuple(rating.value.lower() for rating in Rating)  # as camelot's cells are compared: lower case
CHANGES = tuple(change.value.lower() for change in Change)
HEADER = re.compile(r"^\s*(thematic|indicator|assessment|notes?)\b", re.IGNORECASE)
_STRIP = re.compile(r"[\s\u2022\u25aa\u25e6\u00b7]+")
_LONE_BROKEN = re.compile("[" + "".join(chr(ord(letter) << 8) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") + "]")  # a letter's code in the high byte
PAGE_NUMBER = re.compile(r"^(page\s*)?[-–]?\s*\d+(\s*(of|/)\s*\d+)?\s*[-–]?$")


@dataclass
class Row:
    """One indicator row as a reader saw it on a page."""

    rating: str
    change: str = ""
    indicator: str = ""


@dataclass
class Reading:
    rows: list[Row] = field(default_factory=list)
    doubt: str = ""  # why the reading is not a table of indicators (then nothing is compared)


def cross_check(annex: Annex, pdf: Path, password: str | None = None) -> Annex:
    """`annex` with its `cross_check` section and a `reading_disagreement` finding for each page
    where camelot reads the detailed table differently."""
    from .loaders.second_reader import read_tables

    pages = sorted({_start_page(indicator) for indicator in annex.indicators})
    tables = read_tables(pdf, pages, rating_cells, password=password) if pages else {}
    checked, findings = [], []
    for page in pages:
        table = tables.get(page)
        starting = [i for i in annex.indicators if _start_page(i) == page]
        if table is not None:  # the rows camelot read: those that start inside the tables it found on the page
            starting = [i for i in starting if any(top - 2 <= _start_top(i) < bottom for top, bottom in table.areas)]
        ours = Reading([Row(_word(i.rating), _word(i.change), i.indicator) for i in starting])
        if table is None:
            checked.append(CrossCheckPage(page=page, status="unchecked", differences=["camelot found no table with ratings on this page"]))
            continue
        theirs = camelot_reading(table.rows, expects_change=any(row.change for row in ours.rows))
        settings = {key: str(value) for key, value in table.settings.items()}
        if theirs.doubt:
            checked.append(CrossCheckPage(page=page, status="unchecked", settings=settings, differences=[f"camelot's reading is no table of indicators: {theirs.doubt}"]))
            continue
        differences = compare(ours, theirs)
        checked.append(CrossCheckPage(page=page, status="differ" if differences else "agree", settings=settings, differences=differences))
        if differences:
            findings.append(_disagreement(page, ours, theirs, differences, annex.indicators, settings))
    import camelot

    section = CrossCheck(reader=f"camelot {camelot.__version__}", pages=checked)
    return annex.model_copy(update={"cross_check": section, "issues": [*annex.issues, *findings]})


def _start_box(indicator: Indicator):
    """Where a row counts: its assessment (a row cut by a page break counts once), else its indicator."""
    return indicator.assessment_box or indicator.indicator_box


def _start_page(indicator: Indicator) -> int:
    box = _start_box(indicator)
    return box.page if box is not None else indicator.pages[0]


def _start_top(indicator: Indicator) -> float:
    box = _start_box(indicator)
    return box.top if box is not None else 0.0


def _word(value) -> str:
    text = word(value) or ""
    return " ".join(text.lower().split())


def camelot_reading(rows: Sequence[Sequence[str]], expects_change: bool = True) -> Reading:
    """The indicator rows in camelot's table rows: the assessment column is the column most of
    whose cells open with a rating word, the indicator column the one before it. A row starts
    where a rating (or a word that is neither a rating nor a change) opens an assessment cell
    or line; the change word after it is its change (in an update annex, `expects_change`, any
    word after a rating is); its indicator is the indicator column's text from its first table
    row to the next row's."""
    rows = [[read_ligatures(cell) for cell in row] for row in rows]  # the other library's text, ligatures read as ours are
    body = [row for row in rows if sum(1 for cell in row if HEADER.match(cell)) < 3]  # header rows, repeated too
    if not body:
        return Reading()
    width = max(len(row) for row in body)
    opening = [sum(1 for row in body if k < len(row) and _opens_with_rating(row[k])) for k in range(width)]
    assessment = max(range(1, width), key=lambda k: opening[k]) if width > 1 else 0
    reading = Reading()
    pending_very = False
    for row in body:
        indicator_text = row[assessment - 1] if assessment >= 1 and assessment - 1 < len(row) else ""
        lines = [" ".join(line.lower().split()) for line in (row[assessment] if assessment < len(row) else "").split("\n")]
        started_here = False
        for line in (line for line in lines if line and not PAGE_NUMBER.match(line)):  # (a page number in the column)
            if not reading.rows and not (line in RATINGS or line == "very"):
                continue  # above the first row: the page's running header, the rest of the previous page's row
            if len(line.split()) > 1 and line not in RATINGS:  # a phrase where a rating or change word stands: the reader ran columns together
                reading.doubt = f"an assessment cell reads '{line[:40]}'"
                return reading
            if pending_very and line in ("strong", "weak"):
                reading.rows[-1].rating = f"very {line}"
                pending_very = False
            elif line in RATINGS or line == "very":
                reading.rows.append(Row(line))
                pending_very, started_here = line == "very", True
            elif line in CHANGES:
                if reading.rows and not reading.rows[-1].change:
                    reading.rows[-1].change = line
                # (a change word before any row: the rest of the previous page's last row)
            elif expects_change and reading.rows and reading.rows[-1].rating and not reading.rows[-1].change:
                reading.rows[-1].change = line  # an unknown change word
            elif not reading.rows or reading.rows[-1].change or started_here:
                reading.rows.append(Row(line))  # an unknown rating word
                started_here = True
        if reading.rows and indicator_text.strip():
            reading.rows[-1].indicator = " ".join(part for part in (reading.rows[-1].indicator, indicator_text) if part)
    if expects_change and any(not row.change for row in reading.rows[:-1]):
        reading.doubt = "a rating without its change word before the page's last row (rows run together or split)"
    return reading


def rating_cells(rows: Sequence[Sequence[str]]) -> int:
    """How many cells of a table open with a rating word (how much of the detailed table it
    holds); 0 for a table of fewer than three columns (the scorecard's two)."""
    if max((len(row) for row in rows), default=0) < 3:
        return 0
    return sum(1 for row in rows for cell in row if _opens_with_rating(cell))


def _opens_with_rating(cell: str) -> bool:
    first = " ".join(cell.lower().split("\n")[0].split())
    return first in RATINGS or first == "very"


def first_words(text: str, count: int = 3) -> str:
    """The first `count` words of `text`, white space and bullets removed (the corpus scorer's rule)."""
    return _STRIP.sub("", " ".join(text.split()[:count]))


def _same_start(ours: str, theirs: str) -> bool:
    """True when two indicators open with the same first three words. A reader that cut the cell
    after two words, or ran a number from the next column (a call) into it after two words,
    still agrees when those two words open ours. A ligature whose text a PDF tool broke past
    reading (pdfminer drops half of 'tti' written as U+7400 U+DD00) stands for its first letter
    and one or two more."""
    if first_words(ours) == first_words(theirs):
        return True
    if _LONE_BROKEN.search(theirs):
        pattern = "".join(f"{chr(ord(c) >> 8)}[a-z]{{1,2}}" if _LONE_BROKEN.fullmatch(c) else re.escape(c) for c in first_words(theirs))
        if re.fullmatch(pattern, first_words(ours)):
            return True
    head = []
    for token in theirs.split()[:3]:
        if token.isdigit():
            break
        head.append(token)
    cut = len(head) < 3 and (len(theirs.split()) < 3 or theirs.split()[len(head)].isdigit())
    return cut and len(head) >= 2 and first_words(ours).startswith(_STRIP.sub("", " ".join(head)))


def compare(ours: Reading, theirs: Reading) -> list[str]:
    """How two readings of a page differ (empty when they agree)."""
    differences = []
    if len(ours.rows) != len(theirs.rows):
        differences.append(f"indicator rows starting on the page: annexparse {len(ours.rows)}, camelot {len(theirs.rows)}")
    last = len(theirs.rows)
    for number, (a, b) in enumerate(zip(ours.rows, theirs.rows), start=1):
        cut = number == last and not b.change  # the page's last row: its change word may stand on the next page
        if a.rating != b.rating or (a.change != b.change and not cut):
            differences.append(f"row {number}: annexparse '{_assessment(a)}', camelot '{_assessment(b)}'")
        if b.indicator.strip() and not _same_start(a.indicator, b.indicator):  # (no text: its indicator stands on the next page)
            differences.append(f"row {number}'s indicator: annexparse '{' '.join(a.indicator.split()[:3])}', camelot '{' '.join(b.indicator.split()[:3])}'")
    return differences


def _assessment(row: Row) -> str:
    return " ".join(part for part in (row.rating, row.change) if part)


def _summary(reading: Reading) -> str:
    return "; ".join(f"{' '.join(row.indicator.split()[:3])}: {_assessment(row)}" for row in reading.rows) or "no row"


def _disagreement(page: int, ours: Reading, theirs: Reading, differences: list[str], indicators, settings: dict) -> Issue:
    boxes = [b for i in indicators for b in i.boxes if b.page == page]
    area = Box.first_around(boxes) if boxes else None
    return make_issue(
        Code.READING_DISAGREEMENT,
        f"camelot reads the detailed table on page {page} differently ({differences[0]}): look at the page before trusting its findings.",
        [
            Evidence(side="annexparse", text=_summary(ours), box=area),
            Evidence(side=f"camelot ({settings.get('flavor', '')})", text=_summary(theirs), box=area),
        ],
        pages=[page],
    )
