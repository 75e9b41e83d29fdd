"""Stage 2 (layout): characters become lines, pages become zones.

`lay_out` builds each page's lines (`geometry.build_lines`: lines by baseline,
superscripts by geometry) and splits the page into its running header and
page number (repeated text in the top or bottom band), its body, and its
footnote area (below the footnote separator rule, or the run of small-type
lines at the bottom of the page). Thresholds: `settings.LayoutSettings`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import compress

import numpy as np

from .evidence import make_issue
from .geometry import build_lines, drawn_once_mask
from .models import BASELINE, BOTTOM, SIZE, TOP, VISIBLE, X0, X1, Char, Code, Document, Evidence, Issue, Line, Page, PageLayout, char_field, glyph_numbers, shown_sizes
from .pairing import standard_indicators, thematic_areas
from .text import Words
from .settings import DEFAULT, LayoutSettings, Settings

_TEXT, _FONT, _SIZE, _X0, _X1, _TOP, _BOTTOM, _BASELINE = (
    char_field(name) for name in ("text", "font", "size", "x0", "x1", "top", "bottom", "baseline")
)
PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"^\s*\d{1,3}\b")


def lay_out(document: Document, settings: Settings = DEFAULT) -> list[PageLayout]:
    """Split every page of `document` into body lines and footnote lines.

    Args:
        document: the page model.
        settings: the thresholds (`settings.lines`, `settings.layout`).

    Returns:
        One `PageLayout` per page, in page order.
    """
    # One page at a time (a long annex's glyphs are read back from disk page by page): the
    # body size first, then each page's glyphs, lines and damage; the running furniture and the
    # footnote areas once every page's lines are known.
    floor = settings.layout.invisible_size * _typical_size(document.pages)
    glyphs: list[Sequence[Char]] = []
    measured: list = []  # each page's glyph numbers, where its glyphs are in memory (for the tables stage)
    findings: list[list[Issue]] = []
    paged: list[tuple[Page, list[Line]]] = []
    letters: list[tuple[int, int]] = []  # each page's Latin letters, and its letters of other scripts
    unusable: dict[str, list[int]] = {}  # the fonts whose widths are unusable, and the pages they are used on
    sizes: list[np.ndarray] = []  # each page's visible glyphs' sizes
    for page in document.pages:
        chars = page.chars
        numbers = _numbers(page)  # (read once, for the measures below and the page's lines)
        kept = drawn_once_mask(chars, numbers, settings.lines)
        if kept is not None:
            chars, numbers = tuple(compress(chars, kept.tolist())), numbers[kept]
        found = []
        seen = _visible_to_a_reader(numbers, page, floor)
        if seen is not None:
            visible_chars = tuple(compress(chars, seen.tolist()))
            found.append(_invisible(page.number, chars, visible_chars))
            chars, numbers = visible_chars, numbers[seen]
        showing = numbers[:, VISIBLE] > 0
        shown = list(compress(chars, showing.tolist()))
        text = "".join(map(_TEXT, shown))
        damage, font = _text_damage(shown, text, settings.layout, numbers[showing])
        if damage:
            found.append(_damaged(page.number, damage))
        elif font:
            unusable.setdefault(font, []).append(page.number)
        sizes.append(numbers[showing, SIZE])
        glyphs.append(chars)
        measured.append(numbers if isinstance(chars, (list, tuple)) else None)
        findings.append(found)
        letters.append(_letters(text))
        paged.append((page, build_lines(chars, page.number, settings.lines, numbers)))
    for (page, _), (latin, other), found in zip(paged, letters, findings):  # an annex is written in English
        if other >= settings.layout.damaged_share * (latin + other) and other >= settings.layout.foreign_letters:
            what = f"{other} of its {latin + other} letters are of no Latin script, in an annex written in English (its text's mapping is broken)"
            if not any(issue.code is Code.TEXT_LAYER_DAMAGED for issue in found):
                found.append(_damaged(page.number, what, UNMAPPED))
    for font, numbers in unusable.items():  # one finding per font, on every page it damages
        findings[numbers[0] - 1].append(_unusable_widths(font, numbers))
    furniture = _running_furniture(paged, settings.layout)
    body_size = _most_frequent(np.concatenate(sizes)) if sizes else 0.0
    words = _document_words((lines for _, lines in paged), settings)
    layouts: list[PageLayout] = []
    for (page, lines), chars, numbers, found in zip(paged, glyphs, measured, findings):
        kept = [line for index, line in enumerate(lines) if (page.number, index) not in furniture]
        split = _footnote_split(page, kept, body_size, settings.layout)
        if split == len(kept) and layouts and layouts[-1].footnotes:
            split = _footnote_carried_over(kept, layouts[-1].footnotes, body_size, settings.layout)
        layouts.append(
            PageLayout(
                page=page, chars=chars, body=tuple(kept[:split]), footnotes=tuple(kept[split:]), body_size=body_size, findings=tuple(found), words=words,
                numbers=numbers,
            )
        )
    return layouts


def _document_words(pages: Iterable[list[Line]], settings: Settings) -> Words:
    """The words the document prints whole, and those of the annex format (its indicators'
    wordings and thematic areas): what tells a hyphen the typesetter added at a line end
    from a word's own (`text.Words`)."""
    standard = [indicator["indicator"] for indicator in standard_indicators()] + [area["name"] for area in thematic_areas()]
    return Words.of([*standard, *(line.plain_text for lines in pages for line in lines)], settings.lines.hyphenation_evidence)


def _numbers(page: Page) -> np.ndarray:
    """The page's `glyph_numbers`: the loader's (`Page.numbers`), or read from its glyphs."""
    numbers = page.numbers
    if numbers is not None and len(numbers) == len(page.chars):
        return numbers
    return glyph_numbers(page.chars)


def _typical_size(pages: Sequence[Page]) -> float:
    """The median of the pages' dominant glyph sizes: the body size, which a page flooded with
    tiny injected glyphs does not move. Glyphs drawn twice (fake bold) count twice here: a page's
    most frequent size is its text's either way, and this first pass stays cheap."""

    def shown(page: Page) -> np.ndarray:
        if page.numbers is None:  # (glyphs kept out of memory: their sizes read without building them)
            return np.array(shown_sizes(page.chars), dtype=float)
        numbers = _numbers(page)
        return numbers[numbers[:, VISIBLE] > 0, SIZE]

    sizes = sorted(size for size in map(_most_frequent, map(shown, pages)) if size > 0)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _most_frequent(sizes: np.ndarray) -> float:
    """The most frequent of `sizes`, the first seen of those as frequent (as Counter's
    most_common); 0 when there are none."""
    if not len(sizes):
        return 0.0
    values, first, counts = np.unique(sizes, return_index=True, return_counts=True)
    return float(sizes[first[counts == counts.max()].min()])


def _visible_to_a_reader(numbers: np.ndarray, page: Page, floor: float) -> np.ndarray | None:
    """Which glyphs (`numbers`: their `geometry.glyph_numbers`) a reader can see: not smaller than
    `floor`, not wholly outside the page; None when all of them (the usual case)."""
    size, x0, x1, top, bottom = (numbers[:, column] for column in (SIZE, X0, X1, TOP, BOTTOM))
    seen = (size >= floor) & (x1 > 0) & (x0 < page.width) & (bottom > 0) & (top < page.height)
    return None if seen.all() else seen


def _invisible(number: int, chars: Sequence[Char], seen: Sequence[Char]) -> Issue:
    kept = set(map(id, seen))
    hidden = [c for c in chars if id(c) not in kept]
    sample = "".join(c.text for c in hidden[:60]).strip()
    return make_issue(
        Code.TEXT_INVISIBLE,
        f"Page {number}: {len(hidden)} glyphs that no reader can see (far smaller than the text, or outside the page) were left out.",
        [Evidence(side="the hidden text begins", text=sample or "(spaces)")],
        pages=[number],
        severity="error" if sample else "warning",
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")  # control or replacement characters


def _text_damage(shown: Sequence[Char], text: str, settings: LayoutSettings, numbers: np.ndarray) -> tuple[str, str]:
    """What is wrong with a page's text layer, from its glyphs that are not white space (`text`
    their text): control or replacement characters, or glyphs stacked on one another (a font
    without usable widths), in at least `damaged_share` of them ("" when nothing); and the font
    whose glyphs stand on one another, at least `stacked_share` of them (and `stacked_glyphs`),
    however few its glyphs on the page: its widths are gone ("" when none). `numbers`: the
    `geometry.glyph_numbers` of `shown`."""
    if not shown:
        return "", ""
    control = len(_CONTROL.findall(text))
    share = settings.damaged_share * len(shown)
    if control >= share:
        return f"{control} of its {len(shown)} glyphs are control or replacement characters", ""
    stacked = _stacked(numbers)
    if stacked.sum() >= share:
        return f"{int(stacked.sum())} of its {len(shown)} glyphs stand on the glyph before them (a font without usable widths?)", ""
    if not stacked.any():
        return "", ""
    fonts = list(map(_FONT, shown))
    on_same = Counter(font for font, standing, after in zip(fonts, stacked.tolist(), fonts[1:]) if standing and font == after)
    counts = Counter(fonts)
    for font, count in on_same.most_common():
        if count >= settings.stacked_glyphs and count >= settings.stacked_share * counts[font]:
            return "", font
    return "", ""


def _stacked(numbers: np.ndarray):
    """For each glyph but the last (`numbers`: the glyphs' `geometry.glyph_numbers`), whether
    the next glyph stands on it: on its baseline, starting within its first part (numpy booleans)."""
    x0, x1, baseline, size = (numbers[:, column] for column in (X0, X1, BASELINE, SIZE))
    a_x0, a_x1, a_size = x0[:-1], x1[:-1], size[:-1]
    return (np.abs(baseline[:-1] - baseline[1:]) < 0.1 * a_size) & (a_x0 - 0.3 * a_size <= x0[1:]) & (x0[1:] < a_x1 - 0.3 * a_size)


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_BEYOND_ASCII = re.compile("[^\x00-\x7f]+")


def _letters(text: str) -> tuple[int, int]:
    """(Latin letters, letters of other scripts) in `text`. The ASCII letters are counted
    without a regular expression, and the rest in the characters beyond ASCII only (a page in
    English has a few: quotes, dashes)."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTERS))
    if text.isascii():  # the usual case
        return ascii_letters, 0
    beyond = "".join(_BEYOND_ASCII.findall(text))
    latin, every = len(_LATIN_LETTER.findall(beyond)), len(_LETTER.findall(beyond))
    return ascii_letters + latin, every - latin


def _unusable_widths(font: str, numbers: list[int]) -> Issue:
    where = f"page {numbers[0]}" if len(numbers) == 1 else f"pages {', '.join(map(str, numbers))}"
    what = f"the glyphs of the font {font} stand on one another (its widths are unusable)"
    return make_issue(
        Code.TEXT_LAYER_DAMAGED,
        f"The text layer of {where} is damaged: {what}; what is read in that font is not to be trusted.",
        [Evidence(side="font", text=what)],
        pages=numbers,
    )


UNMAPPED = "text's mapping"  # the evidence side of a text layer whose letters cannot be read (`_damaged`)


def _damaged(number: int, what: str, side: str = "page") -> Issue:
    return make_issue(
        Code.TEXT_LAYER_DAMAGED,
        f"Page {number}'s text layer is damaged: {what}; what is read there is not to be trusted.",
        [Evidence(side=side, text=what)],
        pages=[number],
    )


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.strip().lower())


def _running_furniture(pages: Sequence[tuple[Page, list[Line]]], settings: LayoutSettings) -> set[tuple[int, int]]:
    """(page, line index) of running headers and page numbers.

    A line in the top or bottom band is furniture if the same text (digits
    ignored) stands at about the same place on enough pages (as far from the
    top, or from the foot), or if it is the last line of its page and reads
    like a page number.
    """
    seen: dict[tuple[str, bool, int], list[tuple[int, int]]] = defaultdict(list)
    furniture: set[tuple[int, int]] = set()
    for page, lines in pages:
        # margins are set in absolute units whatever the orientation, so the band is a share of
        # the paper's longer side, and a footer's place is its distance from the page's foot
        band = settings.furniture_band * max(page.width, page.height)
        for index, line in enumerate(lines):
            if 0 < index < len(lines) - 2:
                continue  # only the first line and the last two can be running furniture
            at_foot = line.top > page.height - band
            if not (line.bottom < band or at_foot):
                continue
            place = page.height - line.top if at_foot else line.top
            seen[(_furniture_key(line), at_foot, round(place / settings.furniture_height_step))].append((page.number, index))
            if index == len(lines) - 1 and PAGE_NUMBER.match(line.text):
                furniture.add((page.number, index))
    enough = max(settings.furniture_min_pages, int(len(pages) * settings.furniture_page_share))
    for places in seen.values():
        if len({p for p, _ in places}) >= enough:
            furniture.update(places)
    return furniture


def _starts_footnote(line: Line) -> bool:
    first = line.spans[0] if line.spans else None
    if first is not None and first.superscript and first.text.strip().isdigit():
        return True
    return bool(FOOTNOTE_START.match(line.plain_text))


def _underlines(rule, lines: Sequence[Line], settings: LayoutSettings) -> bool:
    """True when `rule` underlines text (a link, say): it runs just below a line's baseline,
    under that line's glyphs."""
    return any(
        line.x0 < rule.x1 and line.x1 > rule.x0 and -settings.underline_rise * line.size <= rule.top - line.baseline <= settings.underline_depth * line.size
        for line in lines
    )


def _footnote_carried_over(lines: list[Line], above: Sequence[Line], body_size: float, settings: LayoutSettings) -> int:
    """Index of the first footnote line on a page whose footnote area neither a separator
    nor a number opens: the end of a footnote the page before could not hold, set in small
    type at the page's foot in the size of that page's footnotes (len(lines) when none)."""
    sizes = {round(line.size, 1) for line in above}
    split = len(lines)
    while split > 0 and lines[split - 1].size < settings.footnote_run_size * body_size and round(lines[split - 1].size, 1) in sizes:
        split -= 1
    return split


def _footnote_split(page: Page, lines: list[Line], body_size: float, settings: LayoutSettings) -> int:
    """Index of the first footnote line in `lines` (len(lines) when none)."""
    if not lines:
        return 0
    left_margin = min(line.x0 for line in lines)
    for rule in sorted((s for s in page.segments if s.horizontal), key=lambda s: s.top):
        width = rule.x1 - rule.x0
        wide_enough = settings.separator_min_width * body_size <= width <= settings.separator_max_width * page.width
        if not (wide_enough and abs(rule.x0 - left_margin) <= settings.separator_margin * body_size):
            continue
        if rule.top < page.height * settings.separator_min_top or _underlines(rule, lines, settings):
            continue
        below = [i for i, line in enumerate(lines) if line.top >= rule.top - settings.separator_slack]
        if not below:
            continue
        first = below[0]
        if first != len(lines) - len(below):
            continue  # text beside the rule, not a separator above a footnote block
        small = all(lines[i].size < settings.footnote_size * body_size for i in below)
        if (small or _starts_footnote(lines[first])) and all(lines[i].size <= body_size for i in below):
            return first  # (a footnote cut by the previous page break opens without a number)
    # no separator: the run of small-type lines at the bottom that opens with a number
    split = len(lines)
    while split > 0 and lines[split - 1].size < settings.footnote_run_size * body_size:
        split -= 1
    if any(_starts_footnote(line) for line in lines[split:]):
        return split
    return len(lines)
