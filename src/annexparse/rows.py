"""Stage 4 (rows): the detailed table's pages cut into row fragments, and the fragments
stitched across pages into logical rows, each with its thematic area.

A row of the detailed table is what every annex makes it: an indicator's
wording with its assessment (a rating, and a change against the previous
edition). On one page, a row starts where a new block of text begins in an
anchor column (the indicator or the assessment) the way a row opens: not a
wording's continuation (lower case) and not a change word alone. Text beside
no such start (a note's continuation line that a producer printed as a row of
its own, with empty cells beside it, wherever it stands on the page) belongs
to the row above; the rules, fills and gaps a page draws do not start rows, they
only cut the anchor columns into blocks. A fragment at the top of a page
continues the previous page's last row when text stands above the first row
start, or when it does not open the way a row opens: a row opens with an
indicator text and an assessment that starts with a rating (bold, or one of
the rating words). An assessment that starts with a change word, an
indicator that starts in lower case, or an empty indicator or assessment cell
means the row was cut by the page break.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from .geometry import blocks, close_lines, column_blocks, label_groups
from .models import Cell, Column, Line, RowFragment, StitchedRow, Table, TablePage
from .settings import DEFAULT, Settings
from .pairing import split_wordings, standard_indicators, standard_keys, standard_wordings, thematic_areas, wording_keys
from .text import join_lines, wording_key

RATING_START = re.compile(r"^\s*(very\s+)?(strong|fair|weak|very)\b", re.IGNORECASE)
CHANGE_WORD = re.compile(r"^\s*(increase|decrease|unchanged|same|no change|improved|declined)\b", re.IGNORECASE)
ANCHORS = (Column.INDICATOR, Column.ASSESSMENT)  # a new block in one of these starts a row
Anchor = tuple[float, float, float, float]  # (top, bottom, size, baseline) of a row's anchors, or of one anchor block


def stitch(table: Table | None, settings: Settings = DEFAULT) -> list[StitchedRow]:
    """All logical rows of the detailed table, in printed order, with their thematic areas.

    Args:
        table: the detailed table, from the tables stage.
        settings: the thresholds (`settings.tables`, `settings.lines`).
    """
    rows: list[list[RowFragment]] = []
    ahead: list[RowFragment] = []  # text above the table's first row start
    pages = table.pages if table is not None else ()
    starts = [anchor_starts(table_page, settings) for table_page in pages]
    if settings.tables.row_anchors:
        at_top = settings.tables.row_anchors == 1  # an alternative reading
    else:
        counts = [anchored_at_top(table_page, settings, found) for table_page, found in zip(pages, starts)]
        at_top = sum(hits for hits, _ in counts) >= settings.tables.anchors_at_top * sum(count for _, count in counts)
    for table_page, found in zip(pages, starts):
        fragments = split_rows(table_page, settings, at_top, found)
        for position, fragment in enumerate(fragments):
            # the page's first row start: the previous page's last row may go on there (its
            # wording cut by the page break, beside no rating of its own, past the text above
            # the first row start)
            first = position == 0 or (position == 1 and fragments[0].continues_previous and fragment.cell(Column.ASSESSMENT).empty)
            continues = rows and (
                fragment.continues_previous or (first and (not _opens_row(fragment) or not _has_anchors(rows[-1])))
            )
            if continues:
                rows[-1].append(fragment)
            elif fragment.continues_previous and not rows:
                ahead.append(fragment)  # text above the table's first row start: the first row's (its anchors stand lower)
            else:
                lead = _note_pushed_ahead(rows[-1], fragment, settings) if rows and position == 0 else None
                if lead is not None:
                    rows[-1][-1], head = lead
                    rows.append([head, fragment])
                else:
                    rows.append([*ahead, fragment])
                    ahead = []
    areas = _thematic_areas(rows, settings)
    return [StitchedRow(tuple(fragments), area) for fragments, area in zip(rows, areas)]


def split_rows(
    table_page: TablePage, settings: Settings = DEFAULT, at_top: bool | None = None, starts: list[Anchor] | None = None
) -> list[RowFragment]:
    """Cut one page of a table into row fragments (`starts`: the page's `anchor_starts`, when
    the caller has them).

    The first fragment has `continues_previous=True` when text stands above
    the first row start (the rest of the previous page's last row).

    Where the wordings and ratings stand at the top of their rows (`at_top`;
    None: as this page's notes show, see `anchored_at_top`), a row starts
    where they do. Where they stand in the middle (or at the bottom) of their
    rows, a note begins above its row's wording: the boundary between two
    rows lies between the one's anchors and the next's, at a rule drawn
    across the table there, else at the widest gap between note lines there.
    """
    tolerance = settings.tables.row_tolerance
    starts = anchor_starts(table_page, settings) if starts is None else starts
    if at_top is None:
        hits, count = anchored_at_top(table_page, settings, starts)
        at_top = hits >= settings.tables.anchors_at_top * count
    anchors = _anchors(starts, settings, centred=not at_top)
    tops = [top for top, _, _, _ in anchors] if at_top else _boundaries_between(table_page, anchors, settings)
    bounds = [-math.inf, *tops]
    ruled = _column_rules(table_page, settings)
    fragments: list[RowFragment] = []
    rows_of = [[_row_of(line, bounds, tolerance) for line in column] for column in table_page.columns]
    for k, top in enumerate(bounds):
        bottom = bounds[k + 1] if k + 1 < len(bounds) else math.inf
        cells = tuple(
            Cell(tuple(line for line, row in zip(column, rows) if row == k)) for column, rows in zip(table_page.columns, rows_of)
        )
        if all(cell.empty for cell in cells):
            continue
        fragments.append(
            RowFragment(
                page=table_page.page,
                kind=table_page.kind,
                top=max(top, table_page.top),
                bottom=min(bottom, table_page.bottom),
                cells=cells,
                continues_previous=(k == 0),
                ruled_columns=tuple(c for c in table_page.kind.columns if k and ruled[c] and _ruled_at(table_page, c, ruled[c], bounds[k - 1], top, settings)),
            )
        )
    return fragments


def anchor_starts(table_page: TablePage, settings: Settings = DEFAULT) -> list[Anchor]:
    """(top, bottom, size, baseline) of each block of the anchor columns on a page that can
    open a row, top to bottom: what `_anchors` merges into each row's anchors (read once per
    page: both `anchored_at_top` and `split_rows` ask for them)."""
    return sorted(
        (block[0].top, block[-1].bottom, block[0].size, block[0].baseline)
        for column in ANCHORS
        for block in _anchor_blocks(table_page, column, settings)
        if _can_open_row(column, block[0])
    )


def _anchors(starts: list[Anchor], settings: Settings, centred: bool = False) -> list[Anchor]:
    """(top, bottom, size, baseline) of each row's anchors on a page: its `anchor_starts`,
    merged where they start together (within `row_tolerance`), or, where the anchors stand in
    the middle of their rows (`centred`), where they overlap (a rating centred beside a taller
    wording starts below it)."""
    merged: list[Anchor] = []
    for top, bottom, size, baseline in starts:
        together = merged and (top < merged[-1][1] if centred else top - merged[-1][0] <= settings.tables.row_tolerance * size)
        if together:
            first_top, first_bottom, first_size, first_baseline = merged[-1]
            merged[-1] = (first_top, max(first_bottom, bottom), first_size, first_baseline)
        else:
            merged.append((top, bottom, size, baseline))
    return merged


def _anchor_blocks(table_page: TablePage, column: Column, settings: Settings) -> list[list[Line]]:
    """The blocks of an anchor column, cut where two rows' anchors stand one under the other
    without a gap or a rule between: in the indicator column before a line opening in capitals
    after one ending a sentence, and where a block reads as several of the annex format's
    wordings; in the assessment column before a line opening with a rating after a complete
    rating or a change word."""
    result = []
    for block in column_blocks(table_page, column, settings.lines, settings.tables):
        if column is Column.INDICATOR:
            parts = _cut_before(block, lambda upper, lower: upper.plain_text.rstrip().endswith(".") and lower.plain_text.lstrip()[:1].isupper())
            keys = wording_keys(standard_wordings())
            result += [piece for part in parts for piece in split_wordings(part, [line.plain_text for line in part], keys, settings.checks.variant_similarity)]
        else:
            result += _cut_before(block, lambda upper, lower: bool(RATING_START.match(lower.plain_text)) and upper.plain_text.strip().lower() != "very")
    return result


def _cut_before(block: list[Line], cuts: Callable[[Line, Line], bool]) -> list[list[Line]]:
    """`block` cut before each line for which `cuts(line above, line)` is true."""
    parts = [[block[0]]]
    for upper, lower in zip(block, block[1:]):
        if cuts(upper, lower):
            parts.append([])
        parts[-1].append(lower)
    return parts


def anchored_at_top(table_page: TablePage, settings: Settings = DEFAULT, starts: list[Anchor] | None = None) -> tuple[int, int]:
    """(rows whose note opens on their anchors' first baseline, rows) on one page: how many of
    its rows show their wording and rating at the top of the row. A note opens where its line
    is the first of the page's notes or stands further below the note line above than the
    notes' line pitch (by more than `tables.block_step` of its size): a note line in the middle
    of a paragraph that a centred anchor happens to share a baseline with does not count.
    `starts`: the page's `anchor_starts`, when the caller has them."""
    anchors = _anchors(anchor_starts(table_page, settings) if starts is None else starts, settings)
    notes = table_page.lines(Column.NOTES)
    tolerance = settings.lines.baseline_tolerance
    steps = [lower.baseline - upper.baseline for upper, lower in zip(notes, notes[1:])]
    pitch = _pitch(steps)
    opens = [k == 0 or steps[k - 1] > pitch + settings.tables.block_step * line.size for k, line in enumerate(notes)]
    hits = sum(1 for _, _, _, baseline in anchors if any(abs(line.baseline - baseline) <= tolerance and start for line, start in zip(notes, opens)))
    return hits, len(anchors)


def _boundaries_between(table_page: TablePage, anchors: list[Anchor], settings: Settings) -> list[float]:
    """Where each row begins on a page whose anchors do not stand at the top of their rows.

    Above the page's first anchors a row need not begin (the text above is the first row's,
    or the previous page's last row's): at a rule, below the blocks that open the page with a
    cut sentence or wording (lower case), or above all the text or at a gap between note
    lines there. Between two rows' anchors the boundary is a rule drawn across the notes and
    anchor columns, else one of the gaps between note lines there wider than the notes' line
    pitch, else the anchors' top. Of the candidates, those that stand each row's anchors
    nearest the middle of its row (the anchors centred in their rows) are taken, the page's
    last row aside (the page break may cut it).
    """
    notes = table_page.lines(Column.NOTES)
    slack = settings.tables.rule_cover_slack
    # (a table's last edge is the page's where no rule stands there: the notes' text ends it)
    left, right = table_page.edges(Column.INDICATOR)[0], min(table_page.edges(Column.NOTES)[1], max((line.x1 for line in notes), default=math.inf))
    rules = [y for y, x0, x1 in table_page.rules if x0 <= left + slack and x1 >= right - slack]
    first_text = min((line.top for column in table_page.columns for line in column), default=table_page.top)  # not the header's rule
    cut = [
        block[-1].bottom
        for column in table_page.kind.columns
        for block in column_blocks(table_page, column, settings.lines, settings.tables)[:1]
        if block[0].plain_text.lstrip()[:1].islower()
    ]
    gaps = _clear_gaps(table_page, settings)
    candidates: list[list[float]] = []
    floor = first_text
    for k, (top, bottom, _, _) in enumerate(anchors):
        ruled = [y for y in rules if floor < y <= top + slack]
        if k == 0 and not ruled:
            below_cut = max(cut, default=-math.inf)
            above = [table_page.top - settings.tables.top_slack, *(y for y in gaps if floor <= y <= top + slack)]
            candidates.append([below_cut] if floor <= below_cut < top else above)
        else:
            candidates.append(ruled or [y for y in gaps if floor - slack <= y <= top + slack] or [top])
        floor = bottom
    return _centred_choice(candidates, [(top + bottom) / 2 for top, bottom, _, _ in anchors])


def _clear_gaps(table_page: TablePage, settings: Settings) -> list[float]:
    """The middles of the horizontal gaps that no line of any column crosses and that are
    wider than the notes' leading (their line pitch less a line's height) by `tables.block_step`
    of a line's size: where one row can end and the next begin."""
    notes = table_page.lines(Column.NOTES)
    steps = [lower.baseline - upper.baseline for upper, lower in zip(notes, notes[1:])]
    if not steps:
        return []
    pitch = _pitch(steps)
    heights = sorted(line.bottom - line.top for line in notes)
    leading, size = pitch - heights[len(heights) // 2], notes[0].size
    spans = sorted((line.top, line.bottom) for column in table_page.columns for line in column)
    gaps, reach = [], spans[0][1]
    for top, bottom in spans[1:]:
        if top - reach > leading + settings.tables.block_step * size:
            gaps.append((reach + top) / 2)
        reach = max(reach, bottom)
    return gaps


def _pitch(steps: Sequence[float]) -> float:
    """The line pitch of a column: the median of its baseline steps (most are within a
    paragraph), 0 for none."""
    ordered = sorted(steps)
    return ordered[len(ordered) // 2] if ordered else 0.0


def _centred_choice(candidates: list[list[float]], middles: list[float]) -> list[float]:
    """One boundary of each row from its candidates: those that stand each row's middle
    nearest the middle of its anchors (`middles`), the last row aside (dynamic programming
    over consecutive rows)."""
    if not candidates:
        return []
    best = [(0.0, [y]) for y in candidates[0]]
    for k in range(1, len(candidates)):
        best = [
            min(((cost + abs((path[-1] + y) / 2 - middles[k - 1]), [*path, y]) for cost, path in best), key=lambda pair: pair[0])
            for y in candidates[k]
        ]
    return min(best, key=lambda pair: pair[0])[1] if best else []


def _column_rules(table_page: TablePage, settings: Settings) -> dict[Column, list[float]]:
    """For each column, the heights of the rules (or fills' edges) that span it below the
    page's first line of the table (not the table's top border)."""
    slack = settings.tables.rule_cover_slack
    first_text = min((line.bottom for lines in table_page.columns for line in lines), default=math.inf)
    ruled = {}
    for column in table_page.kind.columns:
        left, right = table_page.edges(column)
        ruled[column] = [y for y, x0, x1 in table_page.rules if y >= first_text and x0 <= left + slack and x1 >= right - slack]
    return ruled


def _ruled_at(table_page: TablePage, column: Column, rules: list[float], previous_top: float, top: float, settings: Settings) -> bool:
    """True when one of `column`'s rules stands between the previous row start and the row
    start at `top`, below every line of the column that starts above it."""
    slack = settings.tables.rule_cover_slack
    above = [line.bottom for line in table_page.lines(column) if line.top < top - 1e-6]
    floor = max([previous_top, *above])
    return any(floor <= y <= top + slack for y in rules)


def _can_open_row(column: Column, first: Line) -> bool:
    """True when a block whose first line is `first` can open a row: a wording does not open
    in lower case (that is a wording's continuation) and an assessment does not open with a
    change word (the rating stands before it)."""
    text = first.plain_text.lstrip()
    if column is Column.INDICATOR:
        return not text[:1].islower()
    return not CHANGE_WORD.match(text)


def _row_of(line: Line, bounds: list[float], tolerance: float) -> int:
    """The row a line stands in: the last row start at or above its top (give or take
    `tolerance` of its size); `bounds` are in ascending order."""
    return max(bisect_right(bounds, line.top + tolerance * line.size) - 1, 0)


def _note_pushed_ahead(previous: list[RowFragment], opening: RowFragment, settings: Settings) -> tuple[RowFragment, RowFragment] | None:
    """A row whose note began on the previous page while its indicator and assessment went to
    the next (widow and orphan control can do that): the next page's row opens with a note
    that goes on with a cut sentence (lower case), and the previous row's note ends with a
    paragraph that stops mid-sentence. That last paragraph is the new row's; returns the
    previous row's last fragment without it, and a fragment of its own for it."""
    notes = opening.cell(Column.NOTES).lines
    last = previous[-1]
    if not notes or not notes[0].plain_text.lstrip()[:1].islower() or last.page >= opening.page:
        return None
    paragraphs = blocks(last.cell(Column.NOTES).lines, lambda upper, lower: False, settings.lines)
    if len(paragraphs) < 2 or paragraphs[-1][-1].plain_text.rstrip().endswith((".", "!", "?", ":", ";")):
        return None
    moved = paragraphs[-1]
    index = last.kind.columns.index(Column.NOTES)
    kept_cells = tuple(Cell(tuple(l for l in cell.lines if l not in moved)) if k == index else cell for k, cell in enumerate(last.cells))
    head_cells = tuple(Cell(tuple(moved)) if k == index else Cell(()) for k in range(len(last.cells)))
    top = moved[0].top
    return replace(last, cells=kept_cells, bottom=top), replace(last, cells=head_cells, top=top, continues_previous=False)


def _has_anchors(fragments: Sequence[RowFragment]) -> bool:
    """True when a row read so far has text in its indicator and its assessment cells; a row
    without (its anchors pushed over the page break) goes on with the next page's first row."""
    return all(any(not fragment.cell(column).empty for fragment in fragments) for column in ANCHORS)


def _opens_row(fragment: RowFragment) -> bool:
    indicator = fragment.cell(Column.INDICATOR).lines
    assessment = fragment.cell(Column.ASSESSMENT).lines
    if not indicator or not assessment:
        return False
    first_text = indicator[0].plain_text.lstrip()
    if first_text[:1].islower():
        return False
    head = assessment[0]
    if CHANGE_WORD.match(head.plain_text):
        return False
    starts_bold = bool(head.spans) and head.spans[0].bold
    return starts_bold or bool(RATING_START.match(head.plain_text))


def _thematic_areas(rows: Sequence[Sequence[RowFragment]], settings: Settings) -> list[str]:
    """The thematic area of every row, from the spanning first column.

    A block of text in the first column that starts inside a row opens a new
    area for that row and the ones after it. A line that follows the previous
    one at line pitch belongs to the current area's name, and so does the text
    at the top of a page that goes on with a name the page break cut: the row
    goes on from the previous page, and its part there ends with the name's
    first lines. When the row's part on the previous page has no text in the
    first column, the text on the new page is a new area's name, pushed over
    the page break. Where the first column's cells are ruled, a name printed in
    the middle of its cell (below the cell's first rows) is the name of the rows
    from the rule above it on: those rows open the area. Where they are not ruled,
    and the names stand in the middle of their cells, each names the rows it is
    centred on (`_centred_thematic_areas`).

    Each reading is checked against the annex format: a row whose wording is
    one of its standard indicators belongs to that indicator's area. Where the
    reading the page suggests puts more rows in another area than the other
    reading does, the other is taken.
    """
    ruled = any(Column.THEMATIC in fragment.ruled_columns for fragments in rows for fragment in fragments)
    centred, fits_better = _centred_thematic_areas(rows, settings)
    first, other = (centred, _thematic_areas_in_order) if fits_better and not ruled else (_thematic_areas_in_order(rows, settings), None)
    expected = _standard_areas(rows, settings)
    misplaced = _misplaced(first, expected)
    if not misplaced:
        return first
    second = centred if other is None else other(rows, settings)
    return second if _misplaced(second, expected) < misplaced else first


def _standard_areas(rows: Sequence[Sequence[RowFragment]], settings: Settings) -> list[str | None]:
    """The area of the annex format each row's wording places it in (None for a wording that
    is none of its indicators)."""
    wordings = [join_lines(line.plain_text for fragment in fragments for line in fragment.cell(Column.INDICATOR).lines) for fragments in rows]
    names = {area["area"]: area["name"] for area in thematic_areas()}
    areas = {indicator["key"]: names[indicator["area"]] for indicator in standard_indicators()}
    return [areas.get(key) if key else None for key in standard_keys(wordings, settings.checks.variant_similarity)]


def _misplaced(reading: list[str], expected: list[str | None]) -> int:
    """How many rows a reading of the areas puts in an area other than their wording's."""
    return sum(1 for name, area in zip(reading, expected) if area is not None and wording_key(name) != wording_key(area))


def _thematic_areas_in_order(rows: Sequence[Sequence[RowFragment]], settings: Settings) -> list[str]:
    """The areas where each name opens its area at the row it stands in (see `_thematic_areas`)."""
    names: list[list[str]] = []
    row_names: list[int] = []  # each row's index in `names`
    previous: Line | None = None
    for index, fragments in enumerate(rows):
        for position, fragment in enumerate(fragments):
            for line in fragment.cell(Column.THEMATIC).lines:
                same_block = previous is not None and close_lines(previous, line, settings.lines)
                name_cut = position > 0 and not fragments[position - 1].cell(Column.THEMATIC).empty
                if not names or (not same_block and not name_cut and (position == 0 or line is fragment.cell(Column.THEMATIC).lines[0])):
                    names.append([])
                    _reach_back_to_rule(rows, row_names, index, len(names) - 1, line.page)
                names[-1].append(line.plain_text.strip())
                previous = line
        row_names.append(len(names) - 1)
    texts = [join_lines(name) for name in names]
    return [texts[k] if k >= 0 else "" for k in row_names]


def _reach_back_to_rule(rows: Sequence[Sequence[RowFragment]], row_names: list[int], index: int, name: int, page: int) -> None:
    """A name starting in row `index`: when a rule in the first column stands at the top of an
    earlier row of the same page, with no first-column text in between, the name's cell began
    there (the name is set in its middle): those rows take the name too."""
    start = index
    for earlier in range(index - 1, -1, -1):
        fragment = rows[earlier][-1] if earlier < index else None
        if fragment is None or fragment.page != page or any(not f.cell(Column.THEMATIC).empty for f in rows[earlier]):
            break
        if Column.THEMATIC in rows[earlier][0].ruled_columns and rows[earlier][0].page == page:
            start = earlier
    if start < index and Column.THEMATIC not in rows[index][0].ruled_columns:
        for earlier in range(start, index):
            row_names[earlier] = name


def _centred_thematic_areas(rows: Sequence[Sequence[RowFragment]], settings: Settings) -> tuple[list[str], bool]:
    """The thematic areas read as names standing in the middle of their spanning cells (not at
    their tops): each name is the name of the consecutive rows it is centred on; and whether
    they fit the names' places better than names at the top of their first rows do (see
    `geometry.label_groups`)."""
    pages: dict[int, list[tuple[int, RowFragment]]] = {}
    for index, fragments in enumerate(rows):
        for fragment in fragments:
            pages.setdefault(fragment.page, []).append((index, fragment))
    numbers = sorted(pages)
    names_per_page, layout = [], []
    for number in numbers:
        fragments = [fragment for _, fragment in pages[number]]
        lines = [line for fragment in fragments for line in fragment.cell(Column.THEMATIC).lines]
        names = blocks(lines, lambda upper, lower: False, settings.lines)
        names_per_page.append(names)
        items = [(fragment.top, fragment.bottom) for fragment in fragments]
        layout.append((items, [(name[0].top, name[-1].bottom) for name in names], number != numbers[-1]))
    groups, fits_better, _ = label_groups(layout, settings.summary.tie, always_centred=True)
    label_of: dict[int, str] = {}
    for number, names, assigned in zip(numbers, names_per_page, groups):
        for (index, _), label in zip(pages[number], assigned):
            if index not in label_of and label >= 0:
                label_of[index] = join_lines(line.plain_text for line in names[label])
    areas, name = [], ""
    for index in range(len(rows)):
        name = label_of.get(index, name)
        areas.append(name)
    return areas, fits_better
