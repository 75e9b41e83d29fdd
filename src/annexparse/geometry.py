"""Geometry shared by the stages: glyphs into lines, lines into blocks.

* `build_lines` groups glyphs into lines by baseline and marks superscripts by
  geometry: a glyph clearly smaller than its line and raised above the line's
  baseline. Digits are never guessed to be markers from their value. The
  layout stage builds a page's lines with it, the tables stage a column's.
* `blocks` splits a column's lines into blocks (cells, or a cell's
  paragraphs): lines separated by a rule or by more than the line pitch.

Every threshold is a field of `settings.LineSettings`.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import compress, repeat
from operator import attrgetter, not_

import numpy as np

from .models import BASELINE, BOTTOM, SIZE, TOP, VISIBLE, X0, X1, Char, Column, Line, Span, TablePage, char_field, font_style, glyph_numbers
from .settings import LineSettings, TableSettings
from .text import SOFT_HYPHEN, Words, line_end_break, soft_hyphens

_TEXT, _FONT, _SIZE, _X0, _X1, _TOP, _BOTTOM, _BASELINE = (
    char_field(name) for name in ("text", "font", "size", "x0", "x1", "top", "bottom", "baseline")
)
_LINE_BASELINE = attrgetter("baseline")

# Lines are built for every glyph of every page twice (page lines, then table cells), so the
# per-glyph work is done with map/compress/zip (loops that run in C) where it can.


def visible(chars: Sequence[Char]) -> list[bool]:
    """For each glyph: True unless it is whitespace."""
    return list(map(not_, map(str.isspace, map(_TEXT, chars))))


def dominant_size(chars: Sequence[Char]) -> float:
    """The most frequent size of the visible glyphs (0 when there are none)."""
    every = list(map(_SIZE, chars))
    if every and every.count(every[0]) == len(every):  # the usual case: one size
        return 0.0 if all(map(str.isspace, map(_TEXT, chars))) else every[0]
    sizes = Counter(compress(every, visible(chars)))
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _most_common_rounded(values: Iterable[float], digits: int) -> float:
    """The most frequent of `values` rounded to `digits` (the first seen on a tie).

    Counts the exact values first: a line has few distinct ones, so few are rounded."""
    values = list(values)
    if values.count(values[0]) == len(values):  # the usual case: one value
        return round(values[0], digits)
    rounded: Counter[float] = Counter()
    for value, count in Counter(values).items():
        rounded[round(value, digits)] += count
    return rounded.most_common(1)[0][0]


def build_lines(chars: Sequence[Char], page: int, settings: LineSettings, numbers: np.ndarray | None = None) -> list[Line]:
    """Group `chars` into lines, top to bottom, with superscripts attached.

    Args:
        chars: the characters of one region (a page, a column of a table),
            each drawn once (see `drawn_once`).
        page: the page number recorded on every line.
        settings: the thresholds.
        numbers: `glyph_numbers(chars)`, when the caller has them.

    Returns:
        Lines sorted by baseline; superscript characters belong to the line
        they are raised above and are flagged in their spans.
    """
    if not isinstance(chars, (list, tuple)):
        chars = tuple(chars)  # (glyphs kept out of memory: read once)
    if not chars:
        return []
    if numbers is None:
        numbers = glyph_numbers(chars)
    clusters = _Clusters(chars, numbers, settings.baseline_tolerance)
    sizes = clusters.sizes
    hosts: dict[int, list[int]] = defaultdict(list)  # a line's clusters, by the index of its own
    moved = [False] * len(sizes)  # the clusters attached to a line as its superscripts
    wrapped: dict[int, float] = {}  # calls wrapped onto a line of their own: the size of the line they follow
    for index, size in enumerate(sizes):
        host = _host_line(index, clusters, settings)
        hosts[index if host is None else host].append(index)
        if host is not None:
            moved[index] = True
        elif index and size <= settings.superscript_size * sizes[index - 1] and (above := _wrapped_call_of(index, clusters, moved, settings)):
            wrapped[index] = above
    raised = np.array(moved, dtype=bool)  # the superscript clusters: moved, or wrapped calls
    raised[list(wrapped)] = True
    shown = clusters.shown
    made = [(index, members) for index, members in sorted(hosts.items()) if any(map(shown.__getitem__, members))]
    indices = clusters.indices
    lines = _make_lines(
        chars,
        numbers,
        [np.concatenate([indices[k] for k in members]) if len(members) > 1 else indices[members[0]] for _, members in made],
        raised[clusters.cluster_of],
        clusters.visible,
        [0.0 if moved[index] else wrapped.get(index, sizes[index]) for index, _ in made],
        page,
        settings,
    )
    return sorted(lines, key=_LINE_BASELINE)


class _Clusters:
    """A region's glyphs sorted by baseline and cut wherever the next baseline is more than
    `tolerance` lower (`indices`: each cluster's glyphs, as indices into `chars`), with what
    the superscript rules ask of each cluster measured column-wise: its first glyph's baseline
    (`baselines`), its extent (`lefts`, `rights`: of all its glyphs), its dominant size (as
    `dominant_size`), whether a glyph of it is not white space (`shown`), and its visible
    glyphs' largest size and lowest and highest baselines (`_host_line`); `cluster_of` and
    `visible` are each glyph's cluster and whether it is not white space."""

    def __init__(self, chars: Sequence[Char], numbers: np.ndarray, tolerance: float) -> None:
        order = np.argsort(numbers[:, BASELINE], kind="stable")
        values = numbers[order]
        cuts = np.flatnonzero(np.diff(values[:, BASELINE]) > tolerance) + 1
        starts = np.concatenate(([0], cuts))
        self.chars, self.order, self.bounds = chars, order, [*starts.tolist(), len(order)]
        self.indices = np.split(order, cuts)
        self.cluster_of = np.empty(len(order), dtype=np.intp)  # each glyph's cluster
        self.cluster_of[order] = np.repeat(np.arange(len(starts)), np.diff(self.bounds))
        visible = values[:, VISIBLE] > 0
        self.visible = numbers[:, VISIBLE] > 0  # each glyph's, in the order of `chars`
        size, baseline = values[:, SIZE], values[:, BASELINE]
        self.baselines = baseline[starts].tolist()
        self.lefts = np.minimum.reduceat(values[:, X0], starts).tolist()
        self.rights = np.maximum.reduceat(values[:, X1], starts).tolist()
        self.shown = np.logical_or.reduceat(visible, starts).tolist()
        self.top_size = np.maximum.reduceat(np.where(visible, size, -np.inf), starts).tolist()
        self.low = np.maximum.reduceat(np.where(visible, baseline, -np.inf), starts).tolist()  # (lowest on the page: the largest y)
        self.high = np.minimum.reduceat(np.where(visible, baseline, np.inf), starts).tolist()
        uniform = (np.minimum.reduceat(size, starts) == np.maximum.reduceat(size, starts)).tolist()
        self.sizes = [
            (size_k if shown else 0.0) if same else dominant_size(self.members(k))
            for k, (same, shown, size_k) in enumerate(zip(uniform, self.shown, size[starts].tolist()))
        ]

    def members(self, k: int) -> list[Char]:
        """The glyphs of cluster `k`, in baseline order."""
        return list(map(self.chars.__getitem__, self.order[self.bounds[k] : self.bounds[k + 1]].tolist()))


CALL_CHARACTERS = frozenset("0123456789,*†‡§ ")


def _wrapped_call_of(index: int, clusters: _Clusters, moved: list[bool], settings: LineSettings) -> float:
    """The size of the line a small cluster follows when the cluster is a citation call that
    the line break pushed onto a line of its own (digits in superscript size, just below a
    normal line, within its width); 0 when it is not."""
    texts = set(map(_TEXT, clusters.members(index)))
    if not texts <= CALL_CHARACTERS or not any(text.isdigit() for text in texts):
        return 0.0
    above = index - 1
    while above >= 0 and moved[above]:
        above -= 1
    if above < 0:
        return 0.0
    size, line_size = clusters.sizes[index], clusters.sizes[above]
    step = clusters.baselines[index] - clusters.baselines[above]
    fits = (
        clusters.lefts[above] - settings.superscript_reach_left * line_size <= clusters.lefts[index]
        and clusters.rights[index] <= clusters.rights[above] + settings.superscript_reach_right * line_size
    )
    if size <= settings.superscript_size * line_size and 0 < step <= settings.block_pitch * line_size and fits:
        return line_size
    return 0.0


def _host_line(index: int, clusters: _Clusters, settings: LineSettings) -> int | None:
    """The index of the normal-size line this small cluster is raised above, if any: every
    visible glyph of it at most `superscript_size` of the line's size and raised by
    `superscript_min_raise` to `superscript_max_raise` of it above the line's baseline (read
    from the cluster's largest visible size and its lowest and highest visible baselines)."""
    sizes, baselines = clusters.sizes, clusters.baselines
    baseline, shown = baselines[index], clusters.shown[index]
    top_size, low, high = clusters.top_size[index], clusters.low[index], clusters.high[index]
    left, right = clusters.lefts[index], clusters.rights[index]
    for other in range(index + 1, len(sizes)):
        other_size, other_baseline = sizes[other], baselines[other]
        if other_baseline - baseline > other_size:
            break
        if shown and not (
            top_size <= settings.superscript_size * other_size
            and settings.superscript_min_raise * other_size <= other_baseline - low
            and other_baseline - high <= settings.superscript_max_raise * other_size
        ):
            continue
        if left <= clusters.rights[other] + settings.superscript_reach_right * other_size and right >= clusters.lefts[other] - settings.superscript_reach_left * other_size:
            return other
    return None


def drawn_once(chars: Sequence[Char], settings: LineSettings) -> Sequence[Char]:
    """`chars` without the glyphs drawn again at the same place (fake bold, shadows):
    the same text at the same x0 and top, to the nearest `settings.duplicate_grid`."""
    kept = drawn_once_mask(chars, glyph_numbers(chars), settings)
    return chars if kept is None else tuple(compress(chars, kept.tolist()))


def drawn_once_mask(chars: Sequence[Char], numbers: np.ndarray, settings: LineSettings) -> np.ndarray | None:
    """Which of `chars` (`numbers` their `glyph_numbers`) `drawn_once` keeps; None when it keeps
    them all (the usual case, found without a loop over the glyphs)."""
    if len(chars) < 2:
        return None
    grid = settings.duplicate_grid
    x = np.round(numbers[:, X0] / grid)
    y = np.round(numbers[:, TOP] / grid)
    order = np.lexsort((y, x))
    if not ((x[order][1:] == x[order][:-1]) & (y[order][1:] == y[order][:-1])).any():
        return None
    keys = list(zip(map(_TEXT, chars), map(int, x.tolist()), map(int, y.tolist())))
    seen: set[tuple[str, int, int]] = set()
    kept = np.zeros(len(keys), dtype=bool)
    for index, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            kept[index] = True
    return kept


def _make_lines(
    chars: Sequence[Char], numbers: np.ndarray, groups: list[np.ndarray], raised_glyphs: np.ndarray, visible_glyphs: np.ndarray, normal_sizes: list[float], page: int, settings: LineSettings
) -> list[Line]:
    """The lines of a region, one from each group of its glyphs (indices into `chars` and their
    `numbers`; each group with a glyph that is not white space; `raised_glyphs` and
    `visible_glyphs` flag, for every glyph of `chars`, a superscript and a glyph that is not
    white space): styled spans, a space wherever a gap is wider than `settings.word_gap` of
    the line's size, and the line's box, baseline and dominant size.

    `normal_sizes` holds, for each group, the dominant size of the glyphs that are not
    superscripts (its own baseline cluster, already measured; 0 when there are none). Every
    line's glyphs are sorted by x0 and measured together, column by column in numpy: a page
    has some hundred lines of a few dozen glyphs, where a loop per line costs more than its
    glyphs do."""
    if not groups:
        return []
    lengths = list(map(len, groups))
    flat = np.concatenate(groups)
    count = len(flat)
    line_of = np.repeat(np.arange(len(groups)), lengths)
    order = np.argsort(numbers[flat, X0], kind="stable")
    order = order[np.argsort(line_of[order], kind="stable")]  # by line, then by x0 (stable: as sorted())
    chosen = flat[order]
    raised = raised_glyphs[chosen]
    glyphs = list(map(chars.__getitem__, chosen.tolist()))
    values = numbers[chosen]
    ends = np.cumsum(lengths)
    starts = ends - lengths
    texts = list(map(_TEXT, glyphs))
    x0, x1 = values[:, X0], values[:, X1]
    shown = visible_glyphs[chosen]
    sizes = [normal_sizes[k] or dominant_size(glyphs[a:b]) for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist()))]
    # a space before a visible glyph that follows a visible one on its line by more than the word gap
    gaps = np.array(sizes) * settings.word_gap
    spaced = np.zeros(count, dtype=bool)
    spaced[1:] = (line_of[1:] == line_of[:-1]) & (x0[1:] - x1[:-1] > gaps[line_of[1:]]) & shown[1:] & shown[:-1]
    for index in np.flatnonzero(spaced).tolist():
        texts[index] = " " + texts[index]
    # spans: runs of glyphs sharing bold, italic and superscript
    fonts = list(map(_FONT, glyphs))
    styles = {font: font_style(font) for font in set(fonts)}
    bold = np.fromiter(map({font: b for font, (b, _) in styles.items()}.__getitem__, fonts), bool, count)
    italic = np.fromiter(map({font: i for font, (_, i) in styles.items()}.__getitem__, fonts), bool, count)
    style = bold * 4 + italic * 2 + raised
    cut = np.ones(count, dtype=bool)
    cut[1:] = (style[1:] != style[:-1]) | (line_of[1:] != line_of[:-1])
    span_starts = np.flatnonzero(cut)
    span_ends = np.append(span_starts[1:], count)
    opening, closing = span_starts.tolist(), span_ends.tolist()
    every_span = list(map(
        Span,
        map("".join, map(texts.__getitem__, map(slice, opening, closing))),
        bold[span_starts].tolist(),
        italic[span_starts].tolist(),
        raised[span_starts].tolist(),
        x0[span_starts].tolist(),
        x1[span_ends - 1].tolist(),
    ))  # fmt: skip
    first_span = np.searchsorted(span_starts, starts).tolist()  # (every line opens a span)
    spans = list(map(tuple, map(every_span.__getitem__, map(slice, first_span, [*first_span[1:], len(every_span)]))))
    # the box (left and right from the visible glyphs), and the baseline of the normal glyphs
    lefts = np.minimum.reduceat(np.where(shown, x0, np.inf), starts).tolist()
    rights = np.maximum.reduceat(np.where(shown, x1, -np.inf), starts).tolist()
    tops = np.minimum.reduceat(values[:, TOP], starts).tolist()
    bottoms = np.maximum.reduceat(values[:, BOTTOM], starts).tolist()
    baseline = values[:, BASELINE]
    counted = ~raised | ~np.logical_or.reduceat(~raised, starts)[line_of]  # the normal glyphs, or all where a line has none
    low = np.minimum.reduceat(np.where(counted, baseline, np.inf), starts)
    high = np.maximum.reduceat(np.where(counted, baseline, -np.inf), starts)
    line_baselines = list(map(round, low.tolist(), repeat(1)))  # (Python's round: numpy's may differ on a half)
    for k in np.flatnonzero(low != high).tolist():  # glyphs on several baselines: the most common
        a, b = starts[k], ends[k]
        line_baselines[k] = _most_common_rounded(compress(baseline[a:b].tolist(), counted[a:b].tolist()), 1)
    lines = list(map(Line, repeat(page), spans, lefts, rights, tops, bottoms, line_baselines, sizes))
    return lines


def with_soft_hyphens(
    columns: Sequence[Sequence[Line]], words: Words, settings: LineSettings, flows: Sequence[tuple[int, int]] = ()
) -> list[list[Line]]:
    """`columns` (each a run of lines read in order: a table column on one page, a footnote
    area) with a `SOFT_HYPHEN` for the hyphen that ends a line where the typesetter broke a
    word that the next line goes on with: the next line of the same block, or for the last
    line of column a, the first of column b where (a, b) is in `flows` (a column going on on
    the next page). `text.soft_hyphens` decides, for all the breaks of `columns` together."""
    pairs = [((c, k), upper, lower) for c, column in enumerate(columns) for k, (upper, lower) in enumerate(zip(column, column[1:])) if close_lines(upper, lower, settings)]
    pairs += [((a, len(columns[a]) - 1), columns[a][-1], columns[b][0]) for a, b in flows if columns[a] and columns[b]]
    breaks = []
    for where, upper, lower in pairs:
        found = line_end_break(upper.plain_text, lower.plain_text)
        if found is not None:
            breaks.append((where, found))
    verdicts = soft_hyphens([found for _, found in breaks], words, settings.hyphenation_evidence)
    marked = {where for (where, _), soft in zip(breaks, verdicts) if soft}
    return [[_soft_hyphen(line) if (c, k) in marked else line for k, line in enumerate(column)] for c, column in enumerate(columns)]


def _soft_hyphen(line: Line) -> Line:
    """`line` with its last hyphen (ending its last span of text) made a `SOFT_HYPHEN`."""
    spans = list(line.spans)
    for k in range(len(spans) - 1, -1, -1):
        text = spans[k].text.rstrip()
        if text:
            spans[k] = replace(spans[k], text=text[:-1] + SOFT_HYPHEN)
            break
    return replace(line, spans=tuple(spans))


# ---------------------------------------------------------------------------
# blocks


def close_lines(upper: Line, lower: Line, settings: LineSettings) -> bool:
    """True when `lower` follows `upper` on the same page at no more than the block pitch."""
    return upper.page == lower.page and lower.baseline - upper.baseline <= settings.block_pitch * max(lower.size, upper.size)


def blocks(lines: Sequence[Line], separated, settings: LineSettings) -> list[list[Line]]:
    """Split a column's lines into blocks (cells, or the paragraphs of one cell): a new block
    starts after a step wider than the block pitch, or where `separated(upper, lower)` (a rule
    between them, say) is true."""
    result: list[list[Line]] = []
    for line in lines:
        if result:
            previous = result[-1][-1]
            pitch = line.baseline - previous.baseline
            if pitch <= settings.block_pitch * max(line.size, previous.size) and not separated(previous, line):
                result[-1].append(line)
                continue
        result.append([line])
    return result


def column_blocks(table_page: TablePage, column: Column, lines: LineSettings, tables: TableSettings) -> list[list[Line]]:
    """The blocks of one column of a table page: cut where the line pitch widens, and at the
    table's horizontal rules that span the column."""
    left, right = table_page.edges(column)
    slack = tables.rule_cover_slack

    def ruled_between(upper: Line, lower: Line) -> bool:
        return any(
            upper.baseline < y < lower.top + tables.rule_below_line * lower.size and x0 <= left + slack and x1 >= right - slack
            for y, x0, x1 in table_page.rules
        )

    return blocks(table_page.lines(column), ruled_between, lines)


# ---------------------------------------------------------------------------
# labels that span groups of rows (a scorecard's rating, a thematic area's name)


def centred_groups(
    items: Sequence[tuple[float, float]], labels: Sequence[tuple[float, float]], carry_allowed: bool, cut_at_bottom: bool, tie: float
) -> tuple[list[int], float]:
    """For each item (top, bottom), the index of its label (-1: the group carried from the
    previous page), and how far the labels stand from where they should.

    A label stands in the middle of its group or, for the page's last group
    when the table goes on to the next page (`cut_at_bottom`: the page break
    may cut its cell), possibly at the group's top; the split of the items
    into consecutive groups that best fits the labels wins (splits that fit
    within `tie` of each other: the one carrying fewer items over the page break).
    """
    n, m = len(items), len(labels)
    if m == 0:
        return [-1] * n, 0.0
    inf = float("inf")
    # cost[j][i]: best cost with the first i items split into the carry group and labels < j;
    # carried[j][i]: how many items that split carries over from the previous page
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    carried = [[0] * (n + 1) for _ in range(m + 1)]
    choice = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(n + 1):
        cost[0][i] = 0.0 if (i == 0 or carry_allowed) else inf
        carried[0][i] = i
    for j in range(1, m + 1):
        for i in range(1, n + 1):
            for start in range(j - 1, i):
                if cost[j - 1][start] == inf:
                    continue
                label_top, label_bottom = labels[j - 1]
                middle = (items[start][0] + items[i - 1][1]) / 2
                misfit = abs(middle - (label_top + label_bottom) / 2)
                if cut_at_bottom and j == m and i == n:  # only the page's last group can be cut by the page break
                    misfit = min(misfit, abs(items[start][0] - label_top))
                value = cost[j - 1][start] + misfit
                better = value < cost[j][i] - tie
                # splits that fit equally well: the one carrying fewer items over the page break
                equal = abs(value - cost[j][i]) <= tie and carried[j - 1][start] < carried[j][i]
                if better or equal:
                    cost[j][i], choice[j][i], carried[j][i] = value, start, carried[j - 1][start]
    assignment = [-1] * n
    i = n
    for j in range(m, 0, -1):
        start = choice[j][i]
        for k in range(start, i):
            assignment[k] = j - 1
        i = start
    return assignment, cost[m][n]


def top_aligned_groups(items: Sequence[tuple[float, float]], labels: Sequence[tuple[float, float]], carry_allowed: bool) -> tuple[list[int], float]:
    """For each item, the index of its label when each label stands at the top of its group
    (-1: the items above the first label, carried from the previous page; without a previous
    page the first label's group starts at the first item), and how far the labels stand from
    their groups' first items."""
    assignment = [-1 if carry_allowed or not labels else 0] * len(items)
    misfit, start = 0.0, 0
    for j, (label_top, _) in enumerate(labels):
        if start >= len(items):
            return assignment, math.inf
        first = 0 if j == 0 and not carry_allowed else min(range(start, len(items)), key=lambda k: abs(items[k][0] - label_top))
        misfit += abs(items[first][0] - label_top)
        for k in range(first, len(items)):
            assignment[k] = j
        start = first + 1
    return assignment, misfit


def bottom_aligned_groups(
    items: Sequence[tuple[float, float]], labels: Sequence[tuple[float, float]], cut_at_bottom: bool
) -> tuple[list[int], float]:
    """For each item, the index of its label when each label stands at the bottom of its group
    (-2: the items below the last label, whose group goes on to the next page when the table
    does, `cut_at_bottom`; else they are the last label's), and how far the labels stand from
    their groups' last items."""
    assignment = [-2 if cut_at_bottom or not labels else len(labels) - 1] * len(items)
    misfit, start = 0.0, 0
    for j, (_, label_bottom) in enumerate(labels):
        if start >= len(items):
            return assignment, math.inf
        last = min(range(start, len(items)), key=lambda k: abs(items[k][1] - label_bottom))
        misfit += abs(items[last][1] - label_bottom)
        for k in range(start, last + 1):
            assignment[k] = j
        start = last + 1
    if not cut_at_bottom and labels:
        misfit += sum(abs(items[k][1] - labels[-1][1]) for k in range(start, len(items)))
    return assignment, misfit


def bordered_groups(
    items: Sequence[tuple[float, float]], labels: Sequence[tuple[float, float]], borders: Sequence[float], carry_allowed: bool
) -> list[int] | None:
    """For each item, the index of its label when rules drawn across the label column (at the
    heights `borders`) close every group: the items and the label between two rules are one
    group (-1: items above the page's first label with no label between them and the rule
    above, carried from the previous page). None when the rules do not close the groups: two
    labels, or a label and no item, or (on the table's first page) items and no label, between
    two rules."""
    cuts = sorted(borders)

    def region(box: tuple[float, float]) -> int:
        return bisect_right(cuts, (box[0] + box[1]) / 2)

    label_of: dict[int, int] = {}
    for j, box in enumerate(labels):
        if region(box) in label_of:
            return None
        label_of[region(box)] = j
    regions = [region(box) for box in items]
    if set(label_of) - set(regions):
        return None
    first = regions[0] if regions else None
    assignment = []
    for r in regions:
        if r in label_of:
            assignment.append(label_of[r])
        elif r == first and carry_allowed:
            assignment.append(-1)
        else:
            return None
    return assignment


def label_groups(
    pages: Sequence[tuple[Sequence[tuple[float, float]], Sequence[tuple[float, float]], bool]], tie: float, always_centred: bool = False
) -> tuple[list[list[int]], bool, list[float]]:
    """The label of each item on each page of a table whose labels span groups of items, set
    either at the top of their groups or in their middle (whichever fits the whole table
    better), whether they are set in the middle, and how far each page's labels stand from
    where that reading puts them (their summed misfit, in points). Each page is (items, labels,
    cut_at_bottom): the items' and labels' (top, bottom), and whether the table goes on to the
    next page. See `centred_groups` and `top_aligned_groups`. `always_centred`: the centred
    reading, however well the other fits (the flag still says which fits better)."""
    centred = [centred_groups(items, labels, k > 0, cut, tie) for k, (items, labels, cut) in enumerate(pages)]
    top = [top_aligned_groups(items, labels, k > 0) for k, (items, labels, _) in enumerate(pages)]
    at_top = sum(cost for _, cost in top) <= sum(cost for _, cost in centred)
    chosen, is_centred = (top, False) if at_top and not always_centred else (centred, True)
    return [assignment for assignment, _ in chosen], not at_top, [cost for _, cost in chosen]


class CharsByBaseline:
    """A page's characters sorted by baseline, to find a line's characters without a scan."""

    def __init__(self, chars: Sequence[Char], settings: LineSettings, numbers: np.ndarray | None = None) -> None:
        """`numbers`: the glyphs' `glyph_numbers`, when the caller has them (sorted by them
        without a Python call per glyph)."""
        if numbers is not None and len(numbers) == len(chars):
            order = np.argsort(numbers[:, BASELINE], kind="stable")  # (stable: as sorted())
            self.chars = list(map(chars.__getitem__, order.tolist()))
            self.baselines = numbers[order, BASELINE].tolist()
        else:
            self.chars = sorted(chars, key=_BASELINE)
            self.baselines = list(map(_BASELINE, self.chars))
        self.tolerance = settings.baseline_tolerance

    def on_line(self, line: Line) -> list[Char]:
        low = bisect_left(self.baselines, line.baseline - self.tolerance)
        high = bisect_right(self.baselines, line.baseline + self.tolerance)
        return [c for c in self.chars[low:high] if line.top - self.tolerance <= c.top]
