"""What every character source shares: the glyph constructor and the page's final form.

A loader maps its PDF library's objects onto the page model with `make_chars`
(glyph boxes as em boxes on the baseline, coordinates rounded) and hands its
pages to `canonical`, so that no later stage depends on a library's
precision, drawing order or font metrics.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import repeat
from operator import attrgetter

import numpy as np

from ..models import BASELINE, BOTTOM, RULE_THICKNESS, SIZE, TOP, VISIBLE, X0, X1, Char, Link, Page, Rect, Segment, not_blank
from ..settings import LoadSettings
from ..text import LIGATURE_SUSPECT, LIGATURE_TEXTS, SURROGATE, UNICODE_LIGATURES, latin_letter


def make_chars(
    texts: Sequence[str],
    fonts: Sequence[str],
    sizes: Sequence[float],
    x0s: Sequence[float],
    x1s: Sequence[float],
    baselines: Sequence[float],
    uprights: Sequence[bool],
    settings: LoadSettings,
) -> tuple[tuple[Char, ...], np.ndarray]:
    """The glyphs of a page, from one sequence per field, coordinates rounded to
    `settings.precision` decimals, each glyph's box its em box on the baseline; and their
    `glyph_numbers` (for `Page.numbers`), built from the same columns.

    A glyph's box is not built from the font's ascent and descent metrics:
    PDF libraries read them differently (and they are often missing or zero),
    so every loader gives the same boxes. PDF libraries compute in single or
    double precision; rounding to 0.001 pt (far below any distance a stage
    looks at) makes them agree but for the rare value that lies on a rounding
    boundary. A page has thousands of glyphs, so the fields are computed
    column by column in numpy.
    """
    scale = 10.0**settings.precision
    rounded_baselines = np.round(np.asarray(baselines, dtype=float) * scale) / scale
    em = np.asarray(sizes, dtype=float)
    tops = rounded_baselines - em * settings.ascent  # from the rounded baseline: the same in every loader
    bottoms = rounded_baselines + em * settings.descent
    lefts, rights = _rounded_array(x0s, scale), _rounded_array(x1s, scale)
    fields = zip(texts, fonts, em.tolist(), lefts.tolist(), rights.tolist(), tops.tolist(), bottoms.tolist(), rounded_baselines.tolist(), uprights)
    numbers = np.empty((len(texts), 7))
    for column, values in zip((SIZE, X0, X1, TOP, BOTTOM, BASELINE), (em, lefts, rights, tops, bottoms, rounded_baselines)):
        numbers[:, column] = values
    numbers[:, VISIBLE] = not_blank(texts, len(texts))
    return tuple(map(_new_tuple, repeat(Char), fields)), numbers


def _rounded_array(values: Sequence[float], scale: float) -> np.ndarray:
    """`values` to the nearest 1/scale of a point, as round(v * 1000) / 1000 (half to even, as
    Python's round), column-wise in numpy: three times faster than round(v, 3), from which it
    differs (by 0.001) only for a value within a rounding error of a half-thousandth. Every
    loader rounds with this one function."""
    return np.round(np.asarray(values, dtype=float) * scale) / scale


_new_tuple = tuple.__new__  # Char(*fields) without the generated __new__'s Python call
_TEXT = attrgetter("text")


def with_ligatures_read(page: Page) -> Page:
    """`page` with each glyph whose text is a ligature broken by an optimiser (or a Unicode
    ligature) read as its letters, where the glyph stands inside a word of Latin letters (a
    Latin letter beside it, in the order the page draws its glyphs); the repairs are counted
    on the page (`Page.ligatures`)."""
    chars = page.chars
    if not LIGATURE_SUSPECT.search("".join(map(_TEXT, chars))):
        return page  # the usual case
    chars = list(chars)
    repaired: dict[str, int] = {}
    for k, char in enumerate(chars):
        letters = LIGATURE_TEXTS.get(char.text)
        if letters is None:
            if SURROGATE.search(char.text):  # a lone surrogate that is no broken ligature: no character
                chars[k] = char._replace(text=SURROGATE.sub("\ufffd", char.text))
            continue
        before = chars[k - 1].text[-1:] if k else ""
        after = chars[k + 1].text[:1] if k + 1 < len(chars) else ""
        if char.text in UNICODE_LIGATURES or latin_letter(before) or latin_letter(after):  # (a Unicode ligature is Latin)
            chars[k] = char._replace(text=letters)
            repaired[letters] = repaired.get(letters, 0) + 1
    if not repaired:
        return page
    return replace(page, chars=tuple(chars), ligatures=tuple(sorted(repaired.items(), key=lambda item: -item[1])))


def canonical(page: Page, settings: LoadSettings) -> Page:
    """Rules and rectangles rounded and in a fixed order, so that no stage depends on a
    library's precision or drawing order; a rectangle thinner than `RULE_THICKNESS` is a rule.
    A page whose box is empty, negative or absurd gets the box its content occupies. Ligatures
    whose text an optimiser broke are read as their letters (`with_ligatures_read`)."""
    page = with_ligatures_read(_with_sane_box(page, settings))
    digits = settings.precision

    def r(value: float) -> float:
        return round(value, digits)

    lines, boxes = list(page.segments), []
    for b in page.rects:
        if b.bottom - b.top <= RULE_THICKNESS or b.x1 - b.x0 <= RULE_THICKNESS:
            lines.append(Segment(b.x0, b.top, b.x1, b.bottom))
        else:
            boxes.append(b)
    segments = sorted((Segment(r(s.x0), r(s.top), r(s.x1), r(s.bottom)) for s in lines), key=lambda s: (s.top, s.x0, s.bottom, s.x1))
    rects = sorted((Rect(r(b.x0), r(b.top), r(b.x1), r(b.bottom), b.fill) for b in boxes), key=lambda b: (b.top, b.x0, b.bottom, b.x1, b.fill))
    def near(value: float) -> float:  # an annotation's area needs no finer grain, and PDFium's is single precision
        return round(value, 1)

    links = sorted(
        {Link(near(min(k.x0, k.x1)), near(min(k.top, k.bottom)), near(max(k.x0, k.x1)), near(max(k.top, k.bottom)), k.uri) for k in page.links if k.uri},
        key=lambda k: (k.top, k.x0, k.bottom, k.x1, k.uri),
    )
    return replace(page, width=r(page.width), height=r(page.height), segments=tuple(segments), rects=tuple(rects), links=tuple(links))


def _with_sane_box(page: Page, settings: LoadSettings) -> Page:
    """`page` as is when its box is sane; else moved into the box its content (glyphs, rules,
    rectangles) occupies, `box_margin` wider on every side, with `box_repaired` saying why."""
    limit = settings.max_page_side
    if 0 < page.width <= limit and 0 < page.height <= limit:
        return page  # (a loader may have repaired it already, with the box of the page before)
    xs = [v for c in page.chars for v in (c.x0, c.x1)] + [v for s in (*page.segments, *page.rects) for v in (s.x0, s.x1)]
    ys = [v for c in page.chars for v in (c.top, c.bottom)] + [v for s in (*page.segments, *page.rects) for v in (s.top, s.bottom)]
    why = f"its box is {page.width:g} x {page.height:g} pt"
    if not xs:
        return replace(page, width=612.0, height=792.0, box_repaired=why)  # (no glyph: its numbers stand)
    margin = settings.box_margin
    dx, dy = margin - min(xs), margin - min(ys)
    return replace(
        page,
        width=max(xs) - min(xs) + 2 * margin,
        height=max(ys) - min(ys) + 2 * margin,
        chars=tuple(c._replace(x0=c.x0 + dx, x1=c.x1 + dx, top=c.top + dy, bottom=c.bottom + dy, baseline=c.baseline + dy) for c in page.chars),
        segments=tuple(Segment(s.x0 + dx, s.top + dy, s.x1 + dx, s.bottom + dy) for s in page.segments),
        rects=tuple(Rect(b.x0 + dx, b.top + dy, b.x1 + dx, b.bottom + dy, b.fill) for b in page.rects),
        links=tuple(Link(k.x0 + dx, k.top + dy, k.x1 + dx, k.bottom + dy, k.uri) for k in page.links),
        box_repaired=why,
        numbers=None,  # (the glyphs moved)
    )
