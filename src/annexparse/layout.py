"""Stage 2 (layout): characters become lines, pages become zones.

* `build_lines` groups characters into lines by baseline and marks superscripts
  by geometry: a glyph clearly smaller than its line and raised above the
  line's baseline. Digits are never guessed to be markers from their value.
* `lay_out` splits each page into its running header / page number, its body
  and its footnote area (below the footnote separator rule, or the run of
  small-type lines at the bottom of the page).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, compress, groupby, repeat
from operator import attrgetter, not_, sub

from .models import Char, Document, Line, Page, PageLayout, Span, char_field, font_style

SUPERSCRIPT_SIZE_RATIO = 0.8  # a superscript is at most this fraction of its line's size
SUPERSCRIPT_RAISE = 0.12  # ... and its baseline is raised by at least this fraction
BASELINE_TOLERANCE = 1.0
FURNITURE_BAND = 0.1  # running headers / page numbers live in the top or bottom 10%
PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"^\s*\d{1,3}\b")
_TEXT, _FONT, _SIZE, _X0, _X1, _TOP, _BOTTOM, _BASELINE = (
    char_field(name) for name in ("text", "font", "size", "x0", "x1", "top", "bottom", "baseline")
)
_LINE_BASELINE = attrgetter("baseline")

# This stage touches every glyph of every page twice (page lines, then table cells), so
# its per-glyph work is done with map/compress/zip (loops that run in C) where it can.


def _visible(chars: Sequence[Char]) -> list[bool]:
    """For each glyph: True unless it is whitespace."""
    return list(map(not_, map(str.isspace, map(_TEXT, chars))))


def _dominant_size(chars: Sequence[Char]) -> float:
    sizes = Counter(map(_SIZE, compress(chars, _visible(chars))))
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _most_common_rounded(values: Iterable[float], digits: int) -> float:
    """The most frequent of `values` rounded to `digits` (the first seen on a tie).

    Counts the exact values first: a line has few distinct ones, so few are rounded."""
    rounded: Counter[float] = Counter()
    for value, count in Counter(values).items():
        rounded[round(value, digits)] += count
    return rounded.most_common(1)[0][0]


def _baseline_clusters(chars: Sequence[Char]) -> list[list[Char]]:
    """Glyphs sorted by baseline, cut wherever the next baseline is more than BASELINE_TOLERANCE lower."""
    ordered = sorted(chars, key=_BASELINE)
    baselines = list(map(_BASELINE, ordered))
    cuts = [i for i, step in enumerate(map(sub, baselines[1:], baselines[:-1]), start=1) if step > BASELINE_TOLERANCE]
    starts = [0, *cuts]
    ends = [*cuts, len(ordered)]
    return [ordered[start:end] for start, end in zip(starts, ends) if end > start]


def _is_raised_onto(small: Char, line_baseline: float, line_size: float) -> bool:
    raise_by = line_baseline - small.baseline
    return (
        small.size <= SUPERSCRIPT_SIZE_RATIO * line_size
        and SUPERSCRIPT_RAISE * line_size <= raise_by <= 0.9 * line_size
    )


def build_lines(chars: Sequence[Char], page: int) -> list[Line]:
    """Group `chars` into lines, top to bottom, with superscripts attached.

    Args:
        chars: the characters of one region (a page, a column of a table),
            each drawn once (see `drawn_once`).
        page: the page number recorded on every line.

    Returns:
        Lines sorted by baseline; superscript characters belong to the line
        they are raised above and are flagged in their spans.
    """
    clusters = _baseline_clusters(chars)
    sized = [(cluster, _dominant_size(cluster)) for cluster in clusters]
    hosts: dict[int, list[Char]] = defaultdict(list)
    superscripts: dict[int, set[int]] = defaultdict(set)
    moved: set[int] = set()  # clusters attached to a line as its superscripts
    for index, (cluster, size) in enumerate(sized):
        host = _host_line(index, cluster, size, sized)
        hosts[index if host is None else host].extend(cluster)
        if host is not None:
            superscripts[host].update(id(c) for c in cluster)
            moved.add(index)
    lines = [
        _make_line(members, superscripts[index], page, 0.0 if index in moved else sized[index][1])
        for index, members in sorted(hosts.items())
        if any(not c.text.isspace() for c in members)
    ]
    return sorted(lines, key=_LINE_BASELINE)


def _host_line(index: int, cluster: list[Char], size: float, sized) -> int | None:
    """The index of the normal-size line this small cluster is raised above, if any."""
    for other in range(index + 1, len(sized)):
        other_cluster, other_size = sized[other]
        other_baseline = other_cluster[0].baseline
        if other_baseline - cluster[0].baseline > other_size:
            break
        if not all(_is_raised_onto(c, other_baseline, other_size) for c in cluster if not c.text.isspace()):
            continue
        left = min(c.x0 for c in cluster)
        right = max(c.x1 for c in cluster)
        other_left = min(c.x0 for c in other_cluster)
        other_right = max(c.x1 for c in other_cluster)
        if left <= other_right + other_size and right >= other_left - 2 * other_size:
            return other
    return None


def drawn_once(chars: Sequence[Char]) -> tuple[Char, ...]:
    """`chars` without the glyphs drawn again at the same place (fake bold, shadows):
    the same text at the same whole-point x0 and top."""
    keys = list(zip(map(_TEXT, chars), map(round, map(_X0, chars)), map(round, map(_TOP, chars))))
    if len(set(keys)) == len(keys):
        return tuple(chars)  # the usual case: nothing drawn twice
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for char, key in zip(chars, keys):
        if key not in seen:
            seen.add(key)
            kept.append(char)
    return tuple(kept)


def _make_line(chars: list[Char], superscript_ids: set[int], page: int, normal_size: float) -> Line:
    """One line from its characters: styled spans, a space wherever a gap is wider than
    0.22 of the line's size, and the line's box, baseline and dominant size.

    `normal_size` is the dominant size of the characters that are not superscripts (the
    line's own baseline cluster, already measured; 0 when there are none)."""
    chars = sorted(chars, key=_X0)
    normal = [c for c in chars if id(c) not in superscript_ids] if superscript_ids else chars
    size = normal_size or _dominant_size(chars)
    visible = _visible(chars)
    x0s, x1s = list(map(_X0, chars)), list(map(_X1, chars))
    return Line(
        page=page,
        spans=_spans(chars, visible, x0s, x1s, superscript_ids, 0.22 * size),
        x0=min(compress(x0s, visible)),
        x1=max(compress(x1s, visible)),
        top=min(map(_TOP, chars)),
        bottom=max(map(_BOTTOM, chars)),
        baseline=_most_common_rounded(map(_BASELINE, normal or chars), 1),
        size=size,
    )


def _spans(chars: list[Char], visible: list[bool], x0s: list[float], x1s: list[float], superscript_ids: set[int], gap: float) -> tuple[Span, ...]:
    """Runs of glyphs (sorted by x0) sharing bold, italic and superscript; a space is put
    before a visible glyph that follows a visible one more than `gap` to its right."""
    texts = list(map(_TEXT, chars))
    for index in [i for i, step in enumerate(map(sub, x0s[1:], x1s[:-1]), start=1) if step > gap]:
        if visible[index] and visible[index - 1]:
            texts[index] = " " + texts[index]
    raised = [id(c) in superscript_ids for c in chars] if superscript_ids else repeat(False, len(chars))
    spans: list[Span] = []
    start = previous_length = 0
    style = None
    for (font, superscript), run in groupby(zip(map(_FONT, chars), raised)):
        length = len(list(run))
        run_style = (*font_style(font), superscript)
        if run_style == style:  # another font of the same style: the same span
            spans.pop()
            start = start - previous_length
            length += previous_length
        end = start + length
        spans.append(Span("".join(texts[start:end]), *run_style, x0s[start], x1s[end - 1]))
        style, start, previous_length = run_style, end, length
    return tuple(spans)


# ---------------------------------------------------------------------------
# zones


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.strip().lower())


def _running_furniture(pages: Sequence[tuple[Page, list[Line]]]) -> set[tuple[int, int]]:
    """(page, line index) of running headers and page numbers.

    A line in the top or bottom band is furniture if the same text (digits
    ignored) stands at about the same height on half the pages (three at least), or if it
    is the last line of its page and reads like a page number.
    """
    seen: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    furniture: set[tuple[int, int]] = set()
    for page, lines in pages:
        for index, line in enumerate(lines):
            if 0 < index < len(lines) - 2:
                continue  # only the first line and the last two can be running furniture
            in_band = line.bottom < page.height * FURNITURE_BAND or line.top > page.height * (1 - FURNITURE_BAND)
            if not in_band:
                continue
            seen[(_furniture_key(line), round(line.top / 4))].append((page.number, index))
            if index == len(lines) - 1 and PAGE_NUMBER.match(line.text):
                furniture.add((page.number, index))
    enough = max(3, len(pages) // 2)
    for places in seen.values():
        if len({p for p, _ in places}) >= enough:
            furniture.update(places)
    return furniture


def lay_out(document: Document) -> list[PageLayout]:
    """Split every page of `document` into body lines and footnote lines."""
    glyphs = [drawn_once(page.chars) for page in document.pages]
    paged = [(page, build_lines(chars, page.number)) for page, chars in zip(document.pages, glyphs)]
    furniture = _running_furniture(paged)
    body_size = _dominant_size(list(chain.from_iterable(glyphs)))
    layouts = []
    for (page, lines), chars in zip(paged, glyphs):
        kept = [line for index, line in enumerate(lines) if (page.number, index) not in furniture]
        split = _footnote_split(page, kept, body_size)
        layouts.append(
            PageLayout(page=page, chars=chars, body=tuple(kept[:split]), footnotes=tuple(kept[split:]), body_size=body_size)
        )
    return layouts


def _starts_footnote(line: Line) -> bool:
    first = line.spans[0] if line.spans else None
    if first is not None and first.superscript and first.text.strip().isdigit():
        return True
    return bool(FOOTNOTE_START.match(line.plain_text))


def _footnote_split(page: Page, lines: list[Line], body_size: float) -> int:
    """Index of the first footnote line in `lines` (len(lines) when none)."""
    if not lines:
        return 0
    left_margin = min(line.x0 for line in lines)
    for rule in sorted((s for s in page.segments if s.horizontal), key=lambda s: s.top):
        width = rule.x1 - rule.x0
        if not (20 <= width <= 0.45 * page.width and abs(rule.x0 - left_margin) <= 6):
            continue
        if rule.top < page.height * 0.3:
            continue
        below = [i for i, line in enumerate(lines) if line.top >= rule.top - 1]
        if not below:
            continue
        first = below[0]
        if first != len(lines) - len(below):
            continue  # text beside the rule, not a separator above a footnote block
        small = all(lines[i].size < 0.95 * body_size for i in below)
        if (small or _starts_footnote(lines[first])) and all(lines[i].size <= body_size for i in below):
            return first  # (a footnote cut by the previous page break opens without a number)
    # no separator: the run of small-type lines at the bottom that opens with a number
    split = len(lines)
    while split > 0 and lines[split - 1].size < 0.9 * body_size:
        split -= 1
    if any(_starts_footnote(line) for line in lines[split:]):
        return split
    return len(lines)
