"""Stage 6 (summary): the summary scorecard and the printed score lines.

A scorecard group is one rating and its items. Its items are the blocks of
the item column, cut where rules are drawn, where the baseline step is wider
than an item's own line pitch, and where a block reads as several indicator
wordings rather than one (the detailed table's, or the annex format's). Which
label each item stands under comes from the rules drawn across the rating
column where they close every group, else from the labels' places: at the
top, the middle or the bottom of their groups (a cell cut by a page break
goes on unlabelled at the top of the next page). Each reading is checked
against the detailed table's ratings: a few items may disagree (the annex's
own misprints), a grouping read wrong makes many. Thresholds:
`settings.SummarySettings`.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .evidence import make_issue
from .geometry import bordered_groups, bottom_aligned_groups, centred_groups, column_blocks, top_aligned_groups
from .models import Box, Code, Column, Evidence, IndicatorText, Issue, Line, PageLayout, PrintedScores, Rating, ScorecardRow, ScoreLine, Summary, Table, TablePage
from .pairing import pair_wordings, split_wordings, standard_wordings, wording_keys
from .settings import DEFAULT, Settings
from .text import DIFFERENCE_LINE, SCORE_LINE, clean, join_lines, wording_key


def read_summary(
    scorecard: Table | None, layouts: Sequence[PageLayout], indicators: Sequence[IndicatorText], settings: Settings = DEFAULT
) -> Summary:
    """The scorecard's rows and the printed score lines.

    Args:
        scorecard: the summary scorecard, from the tables stage (None when the annex has none).
        layouts: the pages, from the layout stage (the score lines stand outside the tables).
        indicators: the detailed table's indicators: their wordings cut the scorecard's items
            apart where nothing drawn does, an item cut by a page break is rejoined when the two
            parts together give one of them, and their ratings check the grouping read.
        settings: the thresholds (`settings.summary`, `settings.tables`, `settings.lines`).
    """
    rows, findings = _read_scorecard(scorecard, indicators, settings)
    return Summary(scorecard=rows, printed=_read_scores(layouts), findings=findings)


Page = tuple[TablePage, list[list[Line]], list[list[Line]]]  # a scorecard page, its items and its rating labels
Reading = tuple[str, list[list[int]], list[float]]  # how it was read, each page's label per item (see `geometry`), each page's misfit


def _read_scorecard(table: Table | None, indicators: Sequence[IndicatorText], settings: Settings) -> tuple[list[ScorecardRow], list[Issue]]:
    """The scorecard's (rating, indicator) rows in printed order, and a `reading_uncertain`
    finding for each page whose labels fit no grouping of its items well."""
    if table is None:
        return [], []
    known_wordings = {wording_key(indicator.indicator) for indicator in indicators}
    wordings = wording_keys((*(indicator.indicator for indicator in indicators), *standard_wordings()))
    pitch = _line_pitch(table, settings)
    pages: list[Page] = [
        (
            table_page,
            _items(table_page, pitch, wordings, settings),
            column_blocks(table_page, Column.ASSESSMENT, settings.lines, settings.tables),
        )
        for table_page in table.pages
    ]
    how, groups, misfits = _grouping(pages, indicators, settings)
    findings = []
    if how == "places":
        findings = [
            _uncertain_groups(table_page, labels, misfit)
            for (table_page, _, labels), misfit in zip(pages, misfits)
            if labels and misfit / len(labels) > settings.summary.label_misfit * labels[0][0].size
        ]
    rows: list[ScorecardRow] = []
    pending: list[ScorecardRow] = []  # items whose label stands below them, on the next page
    for (table_page, items, labels), assigned in zip(pages, groups):
        names = [Rating.from_printed(" ".join(line.plain_text for line in block)) for block in labels]
        unrated = []
        for position, (block, label) in enumerate(zip(items, assigned)):
            if label == -1 and not rows:  # items before the first rating label: the scorecard's start is not in the file
                unrated.append(block)
                continue
            text = join_lines(line.plain_text for line in block)
            if position == 0 and label < 0 and rows and _cut_item(rows[-1].indicator, text, known_wordings):
                rows[-1].indicator = join_lines([rows[-1].indicator, text])
                continue
            rating_box = Box.first_around(labels[label]) if label >= 0 else None
            row = ScorecardRow(names[label] if label >= 0 else rows[-1].rating if label == -1 else "", text, table_page.page, block[0].top, Box.first_around(block), rating_box)
            if label == -2:
                pending.append(row)
                continue
            for waiting in pending:
                waiting.rating = row.rating
            pending = []
            rows.append(row)
        if unrated:
            findings.append(_unrated_items(table_page, unrated))
    return rows, findings


def _line_pitch(table: Table, settings: Settings) -> float:
    """The baseline step between the lines of one scorecard item: the smallest of the steps
    in the item column (the lowest cluster, within `item_gap` of a line's size), 0 when no
    item has two lines."""
    steps = sorted(
        (lower.baseline - upper.baseline, lower.size)
        for table_page in table.pages
        for block in column_blocks(table_page, Column.INDICATOR, settings.lines, settings.tables)
        for upper, lower in zip(block, block[1:])
    )
    if not steps:
        return 0.0
    lowest = [step for step, size in steps if step <= steps[0][0] + settings.summary.item_gap * size]
    return lowest[len(lowest) // 2]


def _items(table_page: TablePage, pitch: float, wordings: frozenset[str], settings: Settings) -> list[list[Line]]:
    """The items of one scorecard page: the item column's blocks (cut at rules and wide
    steps), cut again where the baseline step is wider than an item's own line pitch (a gap
    between items narrower than the block pitch), and where a block reads as several of the
    wordings whose keys are `wordings` and not as one (items set one under the other without
    any gap)."""
    items = []
    for block in column_blocks(table_page, Column.INDICATOR, settings.lines, settings.tables):
        part = [block[0]]
        for upper, lower in zip(block, block[1:]):
            if pitch and lower.baseline - upper.baseline > pitch + settings.summary.item_gap * lower.size:
                items.append(part)
                part = []
            part.append(lower)
        items.append(part)
    return [part for item in items for part in split_wordings(item, [line.plain_text for line in item], wordings, settings.checks.variant_similarity)]


def _grouping(pages: Sequence[Page], indicators: Sequence[IndicatorText], settings: Settings) -> Reading:
    """Which rating label each item stands under: the rules drawn across the rating column
    where they close every group (the labels' places do not matter then), else the labels at
    the top, the middle or the bottom of their groups. Each reading is checked against the
    detailed table: the one read from the rules is kept while it rates no more than
    `misprint_share` of the items otherwise than the table (a printed annex may misprint a
    few); of the others, the one that disagrees least, then the one that fits best."""
    boxes = [([(b[0].top, b[-1].bottom) for b in items], [(b[0].top, b[-1].bottom) for b in labels]) for _, items, labels in pages]
    cut = [k < len(pages) - 1 for k in range(len(pages))]
    readings: list[Reading] = []
    bordered = [bordered_groups(items, labels, _borders(table_page, settings), k > 0) for k, ((items, labels), (table_page, _, _)) in enumerate(zip(boxes, pages))]
    if all(assignment is not None for assignment in bordered) and any(_borders(table_page, settings) for table_page, _, _ in pages):
        readings.append(("rules", bordered, [0.0] * len(pages)))  # type: ignore[arg-type]
    for how, group in (
        ("top", lambda k, items, labels: top_aligned_groups(items, labels, k > 0)),
        ("middle", lambda k, items, labels: centred_groups(items, labels, k > 0, cut[k], settings.summary.tie)),
        ("bottom", lambda k, items, labels: bottom_aligned_groups(items, labels, cut[k])),
    ):
        found = [group(k, items, labels) for k, (items, labels) in enumerate(boxes)]
        readings.append((how, [assignment for assignment, _ in found], [misfit for _, misfit in found]))
    rated = _table_ratings([item for _, items, _ in pages for item in items], indicators, settings)
    disagreements = [_disagreements(pages, reading[1], rated) for reading in readings]
    allowed = settings.summary.misprint_share * len(rated)
    if readings[0][0] == "rules" and disagreements[0] <= allowed:
        return readings[0]
    best = min(range(len(readings)), key=lambda k: (disagreements[k], sum(readings[k][2])))
    _, groups, misfits = readings[best]
    # a grouping the detailed table confirms needs no fit of the labels' places
    return ("table" if rated and disagreements[best] <= allowed else "places"), groups, misfits


def _borders(table_page: TablePage, settings: Settings) -> list[float]:
    """The heights of the rules drawn across the whole rating column of a scorecard page."""
    left, right = table_page.edges(Column.ASSESSMENT)
    slack = settings.tables.rule_cover_slack
    return [y for y, x0, x1 in table_page.strokes if x0 <= left + slack and x1 >= right - slack]


def _table_ratings(items: Sequence[list[Line]], indicators: Sequence[IndicatorText], settings: Settings) -> dict[int, Rating]:
    """The detailed table's rating of each item (by its index among `items`) that pairs with a
    row of the table and is one of the five ratings."""
    texts = [join_lines(line.plain_text for line in item) for item in items]
    pairs = pair_wordings(texts, [indicator.indicator for indicator in indicators], settings.checks.variant_similarity)
    return {s: indicators[k].rating for s, k, _ in pairs if isinstance(indicators[k].rating, Rating)}


def _disagreements(pages: Sequence[Page], groups: list[list[int]], rated: dict[int, Rating]) -> int:
    """How many items a grouping rates otherwise than the detailed table does."""
    ratings: list[Rating | str | None] = []
    pending = 0
    for (_, _, labels), assigned in zip(pages, groups):
        names = [Rating.from_printed(" ".join(line.plain_text for line in block)) for block in labels]
        for label in assigned:
            if label == -2:
                pending += 1
                ratings.append(None)
                continue
            rating = names[label] if label >= 0 else next((r for r in reversed(ratings) if r is not None), None)
            ratings[len(ratings) - pending :] = [rating] * pending
            pending = 0
            ratings.append(rating)
    return sum(1 for index, rating in rated.items() if index < len(ratings) and ratings[index] != rating)


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
