"""Stage 7b (self-check): the reading checked against what every annex is, before it becomes data.

Every annex prints one row per indicator, each with a wording that is one of
the annex format's indicators and a rating, as many rows as its scorecard
lists (and the same wordings), and its footnotes numbered in sequence, each
cited by a note; the text of a table page stands in the table's columns. A printed annex may break
a few of these itself (a row printed twice, a rating word that is none of the
five, an item its scorecard leaves out): those are misprints, which the
document checks report. A misreading breaks many, or most rows of a page.

`check_reading` counts what fails, page by page and over the document, and
makes a `reading_implausible` finding for each page (or the whole table)
whose failures are more than misprints explain; the pipeline tries other
readings where the count is not zero and keeps the one that fails least.
The finding holds back the document checks that depend on what it names, so
that a misreading never passes as the document's inconsistency.
Thresholds: `settings.ReadingSettings`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .evidence import make_issue
from .models import Box, Code, Evidence, FootnoteText, IndicatorText, Issue, PageLayout, Rating, ReadingCheck, Summary, Tables
from .pairing import pair_scorecard, pair_wordings, standard_wordings
from .settings import DEFAULT, Settings


def check_reading(
    tables: Tables, texts: Sequence[IndicatorText], summary: Summary, footnotes: Sequence[FootnoteText], layouts: Sequence[PageLayout], settings: Settings = DEFAULT
) -> ReadingCheck:
    """What of a reading fails the checks every annex passes.

    Args:
        tables: the tables stage's result (the detailed table's pages and columns).
        texts: the indicators read from the detailed table.
        summary: the scorecard read.
        footnotes: the footnotes read.
        layouts: the pages (their text outside the table's columns).
        settings: the thresholds (`settings.reading`, `settings.checks`).

    Returns:
        How many failures the misprints an annex may hold do not explain, and a
        `reading_implausible` finding for each page and for the document where there are such.
    """
    limits = settings.reading
    failures, findings = 0, []
    # rows: a wording, a rating word, a wording of the annex format
    per_page: dict[int, list[tuple[IndicatorText, list[str]]]] = defaultdict(list)
    far = _far_wordings(texts, settings)
    for text, distant in zip(texts, far):
        failed = []
        if not text.indicator.strip():
            failed.append("no wording")
        if not isinstance(text.rating, Rating):
            failed.append("no rating" if not str(text.rating).strip() else "no rating word")
        if distant and text.indicator.strip():
            failed.append("a wording unlike every indicator")
        per_page[text.pages[0] if text.pages else 0].append((text, failed))
    pages_not_read: dict[int, list[str]] = defaultdict(list)
    for page, rows in sorted(per_page.items()):
        failing = [failed for _, failed in rows if failed]
        if len(failing) >= 2 and len(failing) > limits.page_share * len(rows):
            reasons = sorted({reason for failed in failing for reason in failed})
            pages_not_read[page].append(f"{len(failing)} of its {len(rows)} rows have {', '.join(reasons)}")
            failures += len(failing)
    for page, count in _text_outside(tables, layouts).items():
        pages_not_read[page].append(f"{count} line(s) of text in the table's region stand in none of its columns")
        failures += count
    for page, why in sorted(pages_not_read.items()):
        # the rows read there go on to other pages: the checks of those pages' rows are held back too
        reach = sorted({page, *(p for text in texts if page in text.pages for p in text.pages)})
        findings.append(_not_read(f"Page {page} of the detailed table does not read as an annex's rows: {'; '.join(why)}.", tables, page, reach))
    empty = _empty_page_after_table(tables, texts, summary, layouts)
    if empty is not None:
        failures += 1
        findings.append(
            make_issue(
                Code.READING_INCOMPLETE,
                f"Page {empty} shows no text, after the detailed table's last page read, and the table has fewer rows "
                "than the scorecard lists: its last rows very likely stood there, and were not read.",
                [Evidence(side="page", text=f"page {empty}: no text")],
                pages=[empty],
            )
        )
    # the document: counts against the scorecard, wordings, ratings, footnote numbers
    counts = _document_counts(texts, summary, footnotes, far)
    excess = {what: count for what, count in counts.items() if count > limits.misprints}
    if excess:
        failures += sum(excess.values())
        pages = {page for text in texts for page in text.pages} | {row.page for row in summary.scorecard}
        if any(what.startswith("footnote") for what in excess):
            pages |= {page for footnote in footnotes for page in footnote.pages}
        listed = "; ".join(f"{what}: {count}" for what, count in excess.items())
        findings.append(
            make_issue(
                Code.READING_IMPLAUSIBLE,
                f"The reading fails more of the checks every annex passes than misprints explain ({listed}): what was read is not trusted.",
                [Evidence(side="reading", text=listed)],
                pages=sorted(pages),
            )
        )
    return ReadingCheck(failures=failures, findings=findings)


def _far_wordings(texts: Sequence[IndicatorText], settings: Settings) -> list[bool]:
    """For each row: its wording is like none of the annex format's indicators."""
    wordings = [text.indicator for text in texts]
    paired = {k for k, _, _ in pair_wordings(wordings, standard_wordings(), settings.checks.variant_similarity)}
    repeated = set()
    seen: set[str] = set()
    for k, wording in enumerate(wordings):  # a row printed twice is a misprint, not a wording unlike the rest
        if wording in seen:
            repeated.add(k)
        seen.add(wording)
    return [k not in paired and k not in repeated for k in range(len(wordings))]


def _document_counts(texts: Sequence[IndicatorText], summary: Summary, footnotes: Sequence[FootnoteText], far: list[bool]) -> dict[str, int]:
    """The document's failures, by check."""
    counts = {
        "rows without a rating word": sum(1 for text in texts if not isinstance(text.rating, Rating)),
        "wordings unlike every indicator": sum(far),
    }
    if summary.scorecard:
        items = [row.indicator for row in summary.scorecard]
        rows = [text.indicator for text in texts]
        pairs = pair_scorecard(items, rows)
        counts["rows more or fewer than the scorecard's items"] = abs(len(rows) - len(items))
        counts["scorecard items matching no row"] = len(items) - len(pairs)
        counts["rows matching no scorecard item"] = len(rows) - len(pairs)
    numbers = sorted(footnote.number for footnote in footnotes)
    counts["footnote numbers out of sequence"] = sum(1 for before, after in zip([0, *numbers], numbers) if after != before + 1)
    cited = {marker.footnote for text in texts for marker in text.note.markers}
    counts["footnotes no note cites"] = sum(1 for number in numbers if number not in cited)
    return counts


def _empty_page_after_table(tables: Tables, texts: Sequence[IndicatorText], summary: Summary, layouts: Sequence[PageLayout]) -> int | None:
    """The page right after the detailed table's last page read, where that page shows no text
    at all (its content lost) and the table has fewer rows than the scorecard lists; else None."""
    if tables.detailed is None or len(texts) >= len(summary.scorecard):
        return None
    after = tables.detailed.pages[-1].page + 1
    layout = next((layout for layout in layouts if layout.page.number == after), None)
    return after if layout is not None and not layout.body and not layout.footnotes else None


def _text_outside(tables: Tables, layouts: Sequence[PageLayout]) -> dict[int, int]:
    """For each page of the detailed table: how many body lines stand in the table's region
    but wholly left of its first column (text the table's columns leave out)."""
    found: dict[int, int] = {}
    by_page = {layout.page.number: layout for layout in layouts}
    for table_page in tables.detailed.pages if tables.detailed is not None else ():
        layout = by_page.get(table_page.page)
        if layout is None:
            continue
        outside = [
            line for line in layout.body
            if table_page.top <= line.top and line.bottom <= table_page.bottom and line.x1 < table_page.boundaries[0]
        ]  # fmt: skip
        if outside:
            found[table_page.page] = len(outside)
    return found


def _not_read(message: str, tables: Tables, page: int, pages: list[int]) -> Issue:
    table_page = next((p for p in tables.detailed.pages if p.page == page), None) if tables.detailed is not None else None
    box = Box(page=page, x0=table_page.boundaries[0], top=table_page.top, x1=table_page.boundaries[-1], bottom=table_page.bottom) if table_page else None
    return make_issue(Code.READING_IMPLAUSIBLE, message, [Evidence(side="detailed table", text=f"page {page}", box=box)], pages=pages)
