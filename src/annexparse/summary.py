"""Stage 6 (summary): the summary scorecard and the printed score lines.

In the scorecard a rating cell spans the indicators rated so; its label is
printed in the middle of the part of the cell on each page (a cell cut by a
page break goes on unlabelled at the top of the next page). Items are
assigned to labels by choosing the split of the page's items into
consecutive groups whose middles best match the label positions.
Thresholds: `settings.SummarySettings`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .evidence import make_issue
from .geometry import column_blocks, label_groups
from .models import Box, Code, Column, Evidence, IndicatorText, Issue, PageLayout, PrintedScores, Rating, ScorecardRow, ScoreLine, Summary, Table
from .settings import DEFAULT, Settings
from .text import DIFFERENCE_LINE, SCORE_LINE, clean, join_lines, wording_key



def read_summary(
    scorecard: Table | None, layouts: Sequence[PageLayout], indicators: Sequence[IndicatorText], settings: Settings = DEFAULT
) -> Summary:
    """The scorecard's rows and the printed score lines.

    Args:
        scorecard: the summary scorecard, from the tables stage (None when the annex has none).
        layouts: the pages, from the layout stage (the score lines stand outside the tables).
        indicators: the detailed table's indicators: an item cut by a page break is rejoined
            when the two parts together give one of their wordings.
        settings: the thresholds (`settings.summary`, `settings.tables`, `settings.lines`).
    """
    known = {wording_key(indicator.indicator) for indicator in indicators}
    rows, findings = _read_scorecard(scorecard, known, settings)
    return Summary(scorecard=rows, printed=_read_scores(layouts), findings=findings)


def _read_scorecard(table: Table | None, known_wordings: set[str], settings: Settings) -> tuple[list[ScorecardRow], list[Issue]]:
    """The scorecard's (rating, indicator) rows in printed order, and a `reading_uncertain`
    finding for each page whose labels fit no grouping of its items well."""
    pages = []
    for table_page in table.pages if table else ():
        items = column_blocks(table_page, Column.INDICATOR, settings.lines, settings.tables)
        labels = column_blocks(table_page, Column.ASSESSMENT, settings.lines, settings.tables)
        pages.append((table_page, items, labels))
    groups, _, misfits = label_groups(
        [
            ([(b[0].top, b[-1].bottom) for b in items], [(b[0].top, b[-1].bottom) for b in labels], table_page is not table.pages[-1])
            for table_page, items, labels in pages
        ],
        settings.summary.tie,
    )
    findings = [
        _uncertain_groups(table_page, labels, misfit)
        for (table_page, _, labels), misfit in zip(pages, misfits)
        if labels and misfit / len(labels) > settings.summary.label_misfit * labels[0][0].size
    ]
    rows: list[ScorecardRow] = []
    for (table_page, items, labels), assigned in zip(pages, groups):
        names = [Rating.from_printed(" ".join(line.plain_text for line in block)) for block in labels]
        unrated = []
        for position, (block, label) in enumerate(zip(items, assigned)):
            if label < 0 and not rows:  # items before the first rating label: the scorecard's start is not in the file
                unrated.append(block)
                continue
            rating = names[label] if label >= 0 else rows[-1].rating
            text = join_lines(line.plain_text for line in block)
            if position == 0 and label < 0 and rows and _cut_item(rows[-1].indicator, text, known_wordings):
                rows[-1].indicator = join_lines([rows[-1].indicator, text])
                continue
            rating_box = Box.first_around(labels[label]) if label >= 0 else None
            rows.append(ScorecardRow(rating, text, table_page.page, block[0].top, Box.first_around(block), rating_box))
        if unrated:
            findings.append(_unrated_items(table_page, unrated))
    return rows, findings


def _unrated_items(table_page, blocks) -> Issue:
    return make_issue(
        Code.READING_UNCERTAIN,
        f"{len(blocks)} scorecard item(s) on page {table_page.page} stand before the first rating label: their rating "
        "is not in the file (its scorecard starts on a page it lacks), and they are left out of the scorecard.",
        [Evidence(side="scorecard item", text=join_lines(line.plain_text for line in block), box=Box.first_around(block)) for block in blocks[:3]],
        pages=[table_page.page],
    )


def _uncertain_groups(table_page, labels, misfit: float) -> Issue:
    return make_issue(
        Code.READING_UNCERTAIN,
        f"The scorecard's rating labels on page {table_page.page} fit no grouping of its items well "
        f"(they stand {misfit / len(labels):.0f} pt on average from where a group's top or middle would put them): "
        "the ratings read for its items may be wrong.",
        [Evidence(side="rating label", text=" ".join(line.plain_text for line in block), box=Box.first_around(block)) for block in labels[:3]],
        pages=[table_page.page],
    )


def _cut_item(before: str, after: str, known: set[str]) -> bool:
    """True when `after`, at the top of a page, is the rest of the item `before`."""
    if after[:1].islower():
        return True
    joined = wording_key(join_lines([before, after]))
    return joined in known and not (wording_key(before) in known and wording_key(after) in known)


def _signed(sign: str | None, value: str | None) -> int | None:
    if value is None:
        return None
    number = int(re.sub(r"\D", "", value))
    sign_text = (sign or value.strip()[:1]).strip()
    return -number if sign_text in ("-", "−", "–") else number


def _read_scores(layouts: Sequence[PageLayout]) -> PrintedScores:
    """The printed score lines ('<Country> <year> Score: N') and difference line."""
    lines: list[ScoreLine] = []
    difference, difference_page, difference_box, difference_text = None, None, None, ""
    for layout in layouts:
        for line in layout.body:
            text = clean(line.plain_text)
            score = SCORE_LINE.match(text)
            if score:
                value = score.group("value")
                lines.append(
                    ScoreLine(score.group("country").strip(" :"), int(score.group("year")), _signed(None, value), line.page, text, Box.first_around([line]))
                )
                continue
            diff = DIFFERENCE_LINE.match(text)
            if diff and difference_page is None:
                difference, difference_page = _signed(diff.group("sign"), diff.group("value")), line.page
                difference_box = Box.first_around([line])
                difference_text = text
        if lines and difference_page is not None:
            break
    return PrintedScores(lines, difference, difference_page, difference_box, difference_text)
