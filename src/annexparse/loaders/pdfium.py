"""The default character source, pypdfium2 (PDFium): the same page model as the pdfplumber one, faster.

PDFium's text page gives each character's unicode, origin (on the baseline),
font and size; its path objects give the rules and rectangles. They are
mapped onto `Char`, `Segment` and `Rect` exactly as the pdfplumber source maps
pdfminer's objects:

* a glyph runs from its origin to origin + advance (the font's width of the
  character; for a ligature, whose unicode maps back to no single code,
  PDFium's loose box); its box is the em box on the baseline (see `load`);
* characters PDFium generates (spaces and line breaks it infers) are left
  out, a ligature's characters (which share one origin) are one `Char`, and
  the hyphen PDFium marks as a line-end hyphen (U+0002 / U+FFFE) is a '-';
* a painted path is split into subpaths; a subpath `m l` (optionally closed)
  is a rule, a closed axis-aligned four-sided one is a rectangle (pdfminer's
  rules), everything else (curves) is not used.
"""
from __future__ import annotations

import ctypes
import re
from array import array
from functools import lru_cache, partial
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import EncryptedPdf, TruncatedPdf, WrongPassword
from ..models import Char, Link, Page, Rect, Segment
from ..settings import LoadSettings
from .common import make_chars

LINE_END_HYPHENS = {0x02: "-", 0xFFFE: "-"}  # how GetUnicode and GetText mark a hyphen PDFium takes for a line-end one
_GENERATED = re.compile("[ \r\n]")  # PDFium generates only spaces and line breaks
SUPERSCRIPT_FIGURES = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
FIGURES = frozenset("0123456789") | frozenset(SUPERSCRIPT_FIGURES)  # read from their own boxes (`_PageReader._figure`)
_FIGURE_CODES = np.array(sorted(map(ord, FIGURES)), dtype=np.uint32)


@dataclass
class _Style:
    """What the characters of one text object share."""

    font: object
    name: str
    size: float
    em: float  # points per unit of glyph width (font size x horizontal scale)
    upright: bool
    widths: dict[str, float]  # the font's glyph widths in em (-1: none), shared by its text objects




def _untyped(function, restype):
    """A `pypdfium2.raw` function declared without argument types. ctypes then hands the
    caller's ready-made arguments (c_void_p, int) to C without converting each one: a third
    of a call's cost, for the functions the load stage calls for every glyph."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


def _text_objects(object_at, count: int) -> array:
    """The text object (its address; 0 for a character PDFium generated) of each of a page's
    `count` characters, asking `object_at(index)` for as few as it can. PDFium's text page
    appends the characters of one text object together (it reads the page's objects one after
    another), so a run that begins and ends in the same object lies wholly in it: the runs are
    split in halves until both ends agree. A page of long text objects costs a few calls per
    object instead of one per character."""
    keys = array("Q", bytes(8 * count))
    if not count:
        return keys
    keys[0], keys[-1] = object_at(0), object_at(count - 1)
    pending = [(0, count - 1)]
    while pending:
        first, last = pending.pop()
        if last - first < 2:
            continue
        if keys[first] == keys[last] and keys[first]:
            keys[first + 1 : last] = array("Q", keys[first : first + 1]) * (last - first - 1)
            continue
        middle = (first + last) // 2
        keys[middle] = object_at(middle)
        pending += [(first, middle), (middle, last)]
    return keys


def _page_text(raw, textpage, count: int) -> str | None:
    """All characters' unicode in one call (None when a character lies outside the BMP). A lone
    surrogate is kept (a ligature whose text a PDF tool broke may read as one: 'tti' as U+7400
    U+DD00); `common.with_ligatures_read` reads it, or replaces it."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    return text if len(text) == count else None


class _Transform:
    """User space to the page model's top-left coordinates, honouring /Rotate."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        self.x0, self.y0, self.x1, self.y1 = mediabox
        self.rotation = rotation % 360

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.x1 - self.x0, self.y1 - self.y0
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y


def _matrix_multiply(first, second):
    """The matrix applying `first`, then `second` (each a, b, c, d, e, f)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


class _GlyphCalls:
    """The PDFium calls made per text object or per glyph (a text object's style, a glyph's width
    and boxes), untyped (see `_untyped`)."""

    def __init__(self, raw) -> None:
        self.get_font = _untyped(raw.FPDFTextObj_GetFont, ctypes.c_size_t)  # (0 for none)
        self.get_matrix = _untyped(raw.FPDFText_GetMatrix, ctypes.c_int)
        self.get_object_size = _untyped(raw.FPDFTextObj_GetFontSize, ctypes.c_int)
        self.glyph_width = _untyped(raw.FPDFFont_GetGlyphWidth, ctypes.c_int)
        self.loose_box = _untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
        self.char_box = _untyped(raw.FPDFText_GetCharBox, ctypes.c_int)


class _Handle(ctypes.c_void_p):
    """A PDFium handle as an untyped function returns it: a subclass of c_void_p is handed back
    as is (ctypes converts only the fundamental type to an int), ready to pass to the next call."""


class _PathCalls:
    """The PDFium calls of `_PageReader.paths`, untyped (see `_untyped`): a page may hold
    tens of thousands of objects (a LaTeX page sets one per word), each asked for its type."""

    def __init__(self, raw) -> None:
        self.count_objects = _untyped(raw.FPDFPage_CountObjects, ctypes.c_int)
        self.get_object = _untyped(raw.FPDFPage_GetObject, _Handle)
        self.get_type = _untyped(raw.FPDFPageObj_GetType, ctypes.c_int)
        self.count_form_objects = _untyped(raw.FPDFFormObj_CountObjects, ctypes.c_int)
        self.get_form_object = _untyped(raw.FPDFFormObj_GetObject, _Handle)
        self.get_matrix = _untyped(raw.FPDFPageObj_GetMatrix, ctypes.c_int)
        self.get_draw_mode = _untyped(raw.FPDFPath_GetDrawMode, ctypes.c_int)
        self.count_segments = _untyped(raw.FPDFPath_CountSegments, ctypes.c_int)
        self.get_segment = _untyped(raw.FPDFPath_GetPathSegment, _Handle)
        self.get_point = _untyped(raw.FPDFPathSegment_GetPoint, ctypes.c_int)
        self.segment_type = _untyped(raw.FPDFPathSegment_GetType, ctypes.c_int)
        self.segment_closes = _untyped(raw.FPDFPathSegment_GetClose, ctypes.c_int)
        self.FORM, self.PATH = raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_PATH
        self.MOVETO, self.BEZIERTO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO


@lru_cache(maxsize=1)
def _path_calls(raw) -> _PathCalls:
    return _PathCalls(raw)


@lru_cache(maxsize=1)
def _glyph_calls(raw) -> _GlyphCalls:
    return _GlyphCalls(raw)


class _PageReader:
    def __init__(self, raw, transform: _Transform, settings: LoadSettings) -> None:
        self.raw = raw
        self.transform = transform
        self.settings = settings
        self.origin_x, self.origin_y = ctypes.c_double(), ctypes.c_double()
        self.box = raw.FS_RECTF()
        self.box_out = ctypes.c_void_p(ctypes.addressof(self.box))
        self.ink_left, self.ink_right, self.ink_bottom, self.ink_top = (ctypes.c_double() for _ in range(4))
        self.ink_out = tuple(ctypes.c_void_p(ctypes.addressof(value)) for value in (self.ink_left, self.ink_right, self.ink_bottom, self.ink_top))
        self.page: ctypes.c_void_p | None = None  # the text page being read (its address), for the untyped calls
        self.matrix = raw.FS_MATRIX()
        self.width = ctypes.c_float()
        self.width_out = ctypes.c_void_p(ctypes.addressof(self.width))
        self.object_size = ctypes.c_float()
        self.name_buffer = ctypes.create_string_buffer(512)
        self.thousand = ctypes.c_float(1000.0)
        self.matrix_out = ctypes.c_void_p(ctypes.addressof(self.matrix))
        self.object_size_out = ctypes.c_void_p(ctypes.addressof(self.object_size))
        self.glyph_calls = _glyph_calls(raw)
        self.fill_mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.fill_mode_out, self.stroke_out = ctypes.c_void_p(ctypes.addressof(self.fill_mode)), ctypes.c_void_p(ctypes.addressof(self.stroke))
        self.point_x, self.point_y = ctypes.c_float(), ctypes.c_float()
        self.point_x_out, self.point_y_out = ctypes.c_void_p(ctypes.addressof(self.point_x)), ctypes.c_void_p(ctypes.addressof(self.point_y))
        self.fonts: dict[int, object] = {}  # FPDF_FONT pointers, by address
        self.shared_styles: dict[tuple, _Style] = {}  # by font address, matrix and size as PDFium gives them
        self.font_widths: dict[int | None, dict[str, float]] = {}  # by font address, for this page
        self.font_names: dict[int | None, str] = {}  # by font address, for this page

    # -- characters ---------------------------------------------------------

    def _font_name(self, font) -> str:
        length = self.raw.FPDFFont_GetBaseFontName(font, self.name_buffer, len(self.name_buffer))
        return self.name_buffer.value.decode("utf-8", "replace") if length else ""

    def _style(self, textpage, page, index: int, key: int) -> _Style:
        """What all characters of one text object (at address `key`) share: font, size, matrix.
        PDFium is called through `_untyped` functions with the object's address and the text
        page's (`page`; a page may hold tens of thousands of text objects: a LaTeX page sets one
        per word). Objects that share font, matrix and size share one `_Style`."""
        calls = self.glyph_calls
        text_object = ctypes.c_void_p(key) if key else None
        font_key = calls.get_font(text_object) if text_object else None
        calls.get_matrix(page, index, self.matrix_out)
        matrix = self.matrix
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        object_size = self.object_size.value if text_object and calls.get_object_size(text_object, self.object_size_out) else 0.0
        shared = (font_key, a, b, c, d, object_size)
        style = self.shared_styles.get(shared)
        if style is not None:
            return style
        a, b, c, d = round(a, 6), round(b, 6), round(c, 6), round(d, 6)
        object_size = round(object_size, 4)
        font = self.fonts.get(font_key)
        if font is None and font_key:
            font = self.fonts[font_key] = ctypes.cast(ctypes.c_void_p(font_key), self.raw.FPDF_FONT)
        name = self.font_names.get(font_key)
        if name is None:
            name = self.font_names[font_key] = self._font_name(font) if font else ""
        style = _Style(
            font=font,
            name=name,
            # the size as printed: the Tf size through the text and graphics matrices (as
            # pdfminer's); PDFium's own FPDFText_GetFontSize leaves the CTM's scale out
            size=round(object_size * abs(d), 2) if object_size and d else round(float(self.raw.FPDFText_GetFontSize(textpage, index)), 2),
            em=object_size * a,
            upright=0 < a * d and b * c <= 0,
            widths=self.font_widths.setdefault(font_key or None, {}),
        )
        if object_size and d:  # (else its size is the character's own)
            self.shared_styles[shared] = style
        return style

    def _advance(self, style: _Style, char: str) -> float | None:
        """The glyph's advance in points, from the font's width of `char` (None when it has none)."""
        width = style.widths.get(char)
        if width is None:
            found = style.font and self.glyph_calls.glyph_width(style.font, ord(char), self.thousand, self.width_out)
            # glyph widths are given in thousandths of the em; undo single precision
            width = style.widths[char] = round(self.width.value, 3) / 1000 if found else -1.0
        return width * style.em if width >= 0 else None

    def chars(self, textpage) -> tuple[tuple[Char, ...], np.ndarray | None]:
        """The page's glyphs, and their `glyph_numbers` (None when there are none).

        The load stage's hot path, in two passes: the calls into PDFium for every character
        first (its origin and text object, through `_untyped` functions, in a loop that does
        nothing else), then the glyphs from what they returned, column by column in numpy, with
        the work that is the same for many characters done once: a text object's style once per
        object, a font's advance of a character once per (style, character).
        Only the glyphs that need PDFium's boxes (figures, glyphs without a width, ligatures)
        are read one by one."""
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return (), None
        text = _page_text(raw, textpage, count)
        if text is None:
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        text = text.translate(LINE_END_HYPHENS)
        get_origin = _untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int)
        is_generated = _untyped(raw.FPDFText_IsGenerated, ctypes.c_int)
        text_object_address = _untyped(raw.FPDFText_GetTextObject, ctypes.c_size_t)  # (0 for none)
        page = self.page = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
        origin_x, origin_y = self.origin_x, self.origin_y
        x_out, y_out = ctypes.c_void_p(ctypes.addressof(origin_x)), ctypes.c_void_p(ctypes.addressof(origin_y))
        xs, ys = array("d", bytes(8 * count)), array("d", bytes(8 * count))  # (stored into as a list is, read by numpy without a copy)
        for index in range(count):
            get_origin(page, index, x_out, y_out)
            xs[index] = origin_x.value
            ys[index] = origin_y.value
        keys = _text_objects(partial(text_object_address, page), count)
        kept = np.ones(count, dtype=bool)
        for match in _GENERATED.finditer(text):
            if is_generated(page, match.start()):
                kept[match.start()] = False
        x_user, y_user, key = np.frombuffer(xs), np.frombuffer(ys), np.frombuffer(keys, dtype=np.uint64)
        # a ligature's next character shares the origin of the character before it (when that was kept)
        joined = np.zeros(count, dtype=bool)
        joined[1:] = kept[1:] & kept[:-1] & (x_user[1:] == x_user[:-1]) & (y_user[1:] == y_user[:-1])
        heads = np.flatnonzero(kept & ~joined)  # the characters that begin a glyph
        if not len(heads):
            return (), None
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")[heads]
        # each text object's style, from its first glyph (as PDFium orders them)
        object_keys, first, object_of = np.unique(key[heads], return_index=True, return_inverse=True)
        styles = [self._style(textpage, page, i, k) for k, i in zip(object_keys.tolist(), heads[first].tolist())]
        # each glyph's advance, once per (font, scale, character); NaN where the font has no width
        metrics: dict[tuple[int, float], int] = {}
        metric_styles: list[_Style] = []
        for style in styles:
            metric = (id(style.widths), style.em)
            if metric not in metrics:
                metrics[metric] = len(metric_styles)
                metric_styles.append(style)
        metric_of = np.array([metrics[id(style.widths), style.em] for style in styles], dtype=np.uint64)[object_of]
        pairs, pair_of = np.unique(metric_of * 0x110000 + codes, return_inverse=True)
        advances = np.array(
            [advance if advance is not None else np.nan for advance in (self._advance(metric_styles[p // 0x110000], chr(p % 0x110000)) for p in pairs.tolist())],
            dtype=float,
        )[pair_of]
        xh, yh = x_user[heads], y_user[heads]
        transform = self.transform
        unrotated = transform.rotation == 0
        if unrotated:
            lefts, baselines = xh - transform.x0, transform.y1 - yh
            rights = lefts + advances
        else:
            lefts, baselines = transform.point(xh, yh)
            rights = transform.point(xh + advances, yh)[0]
        sizes = np.array([style.size for style in styles], dtype=float)[object_of]
        texts = list(map(text.__getitem__, heads.tolist()))
        figures = np.isin(codes, _FIGURE_CODES) if unrotated else np.zeros(len(heads), dtype=bool)
        # the few glyphs read one by one: their values set into the columns
        advances_list = advances.tolist()
        for g in np.flatnonzero(~figures & (np.isnan(advances) | (advances == 0))).tolist():
            if advances_list[g] == 0 and texts[g].isspace():
                continue  # (a space may have no width)
            index = int(heads[g])
            rights[g] = self._loose_right(index, (xs[index], ys[index]))
        for g in np.flatnonzero(figures).tolist():
            index = int(heads[g])
            advance = advances_list[g]
            advanced = xs[index] + advance if advance and advance == advance else None  # (NaN: no width)
            texts[g], right, size, baseline = self._figure(index, texts[g], advanced, baselines[g].item(), sizes[g].item())
            rights[g], sizes[g], baselines[g] = right - transform.x0, size, baseline
        continued = np.flatnonzero(joined)
        if len(continued):  # the ligatures: each next character joins the glyph before
            glyph_of = np.searchsorted(heads, continued) - 1
            for index, g in zip(continued.tolist(), glyph_of.tolist()):
                texts[g] += text[index]
                rights[g] = max(rights[g].item(), self._loose_right(index - 1, (xs[index], ys[index])))
        glyph_objects = object_of.tolist()
        return make_chars(
            texts,
            list(map([style.name for style in styles].__getitem__, glyph_objects)),
            sizes,
            lefts,
            rights,
            baselines,
            list(map([style.upright for style in styles].__getitem__, glyph_objects)),
            self.settings,
        )

    def _loose_right(self, index: int, origin) -> float:
        self.glyph_calls.loose_box(self.page, index, self.box_out)
        return self.transform.point(self.box.right, origin[1])[0]

    def _figure(self, index: int, unicode: str, advanced: float | None, baseline: float, size: float) -> tuple[str, float, float, float]:
        """A figure's text, right edge (user space), size and baseline, from its own boxes: a
        font may draw one digit with several glyphs (lining, superscript...) that share the
        digit's unicode, so the width found by unicode (`advanced`: the origin plus it) may be
        another glyph's. The loose box reaches to the drawn glyph's advance, or to its ink where
        the ink reaches further (an italic's overhang): the advance is the loose box's right
        where the ink stops short of it. A figure whose ink stands raised and small on the
        baseline is a superscript drawn by the font (OpenType `sups`, or a superscript digit's
        own code point): it gets the size and baseline its ink shows, as a superscript set in a
        smaller size has."""
        settings = self.settings
        calls = self.glyph_calls
        calls.loose_box(self.page, index, self.box_out)
        calls.char_box(self.page, index, *self.ink_out)
        right = self.box.right
        if advanced is not None and right <= self.ink_right.value + 0.001:
            right = min(right, advanced)
        origin_y = self.transform.y1 - baseline
        lift, height = self.ink_bottom.value - origin_y, self.ink_top.value - self.ink_bottom.value
        digit = SUPERSCRIPT_FIGURES.get(unicode, unicode)
        if size and 0 < height <= settings.raised_figure_height * size and lift >= settings.raised_figure_lift * size:
            return digit, right, round(height / settings.figure_height, 2), baseline - lift
        return digit, right, size, baseline

    # -- link annotations -----------------------------------------------------

    def links(self, document, page) -> list[Link]:
        """The page's link annotations that open a URI, in the page model's coordinates."""
        raw = self.raw
        position, link, rect = ctypes.c_int(0), raw.FPDF_LINK(), raw.FS_RECTF()
        links = []
        while raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
            action = raw.FPDFLink_GetAction(link)
            if not action or not raw.FPDFLink_GetAnnotRect(link, rect):
                continue
            size = raw.FPDFAction_GetURIPath(document, action, None, 0)
            if size <= 1:
                continue
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(document, action, buffer, size)
            (x0, top), (x1, bottom) = self.transform.point(rect.left, rect.top), self.transform.point(rect.right, rect.bottom)
            links.append(Link(x0, top, x1, bottom, buffer.value.decode("utf-8", "replace")))
        return links

    # -- rules and rectangles -------------------------------------------------

    def paths(self, page) -> tuple[list[Segment], list[Rect]]:
        segments: list[Segment] = []
        rects: list[Rect] = []
        calls = _path_calls(self.raw)
        for index in range(calls.count_objects(page)):
            self._object(calls.get_object(page, index), (1, 0, 0, 1, 0, 0), segments, rects, calls)
        return segments, rects

    def _object_matrix(self, obj, calls: _PathCalls):
        if not calls.get_matrix(obj, self.matrix_out):
            return (1, 0, 0, 1, 0, 0)
        matrix = self.matrix
        return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def _object(self, obj, outer, segments: list[Segment], rects: list[Rect], calls: _PathCalls) -> None:
        kind = calls.get_type(obj)
        if kind == calls.FORM:
            inner = _matrix_multiply(self._object_matrix(obj, calls), outer)
            for index in range(calls.count_form_objects(obj)):
                self._object(calls.get_form_object(obj, index), inner, segments, rects, calls)
            return
        if kind != calls.PATH:
            return
        if not calls.get_draw_mode(obj, self.fill_mode_out, self.stroke_out) or not (self.fill_mode.value or self.stroke.value):
            return  # not painted (a clip or an `n` path)
        filled = bool(self.fill_mode.value)
        matrix = _matrix_multiply(self._object_matrix(obj, calls), outer)
        for subpath in self._subpaths(obj, matrix, calls):
            self._classify(subpath, filled, segments, rects)

    def _subpaths(self, obj, matrix, calls: _PathCalls):
        """Each subpath as (operators, points): 'm', 'l', 'c' per point group, 'h' when closed."""
        x, y = self.point_x, self.point_y
        x_out, y_out = self.point_x_out, self.point_y_out
        subpaths: list[tuple[list[str], list[tuple[float, float]]]] = []
        a, b, c, d, e, f = matrix
        point_of = self.transform.point
        bezier_points = 0
        for index in range(calls.count_segments(obj)):
            segment = calls.get_segment(obj, index)
            calls.get_point(segment, x_out, y_out)
            point = point_of(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = calls.segment_type(segment)
            if kind == calls.MOVETO or not subpaths:
                subpaths.append((["m"], [point]))
                bezier_points = 0
            elif kind == calls.BEZIERTO:
                bezier_points += 1
                if bezier_points % 3 == 0:  # a curve is three points; its end is the third
                    subpaths[-1][0].append("c")
                    subpaths[-1][1].append(point)
            else:
                subpaths[-1][0].append("l")
                subpaths[-1][1].append(point)
            if calls.segment_closes(segment):
                subpaths[-1][0].append("h")
                subpaths[-1][1].append(subpaths[-1][1][0])
        return subpaths

    @staticmethod
    def _classify(subpath, filled: bool, segments: list[Segment], rects: list[Rect]) -> None:
        operators, points = subpath
        shape = "".join(operators)
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape = shape[:-2] + "h"
            points = points[:-2] + points[-1:]
        if shape in ("ml", "mlh"):
            (x0, y0), (x1, y1) = points[0], points[1]
            segments.append(Segment(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        elif shape in ("mlllh", "mllll") and len(points) == 5:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if points[0] == last and square:  # thin ones become rules in load._canonical, as for pdfplumber
                rects.append(Rect(min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2), filled))


class PdfiumLoader:
    """The page model from PDFium, through pypdfium2's raw C API (the default loader)."""

    name = "pdfium"

    def import_library(self) -> None:
        import pypdfium2  # noqa: F401

    def read_pages(
        self, path: Path, password: str | None, settings: LoadSettings, keep: Callable[[Page], Page] | None = None, only: set[int] | None = None
    ) -> list[Page | None]:
        """The pages of `path` in the page model (those numbered in `only`, when given); None
        for a page PDFium cannot load (or not asked for).

        Raises:
            EncryptedPdf: a password is needed; TruncatedPdf: PDFium cannot read the file.
        """
        import pypdfium2 as pdfium

        try:
            return _read_pages(path, password, settings, keep, only)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise (WrongPassword if password else EncryptedPdf)(str(path)) from error
            raise TruncatedPdf(str(path), str(error).split(":")[0]) from error


def _media_box(raw, page) -> tuple[float, float, float, float]:
    """The page's MediaBox (left, bottom, right, top), or US Letter where it has none (as
    pypdfium2's `get_mediabox`)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return (0, 0, 612, 792)
    return (left.value, bottom.value, right.value, top.value)


def _rotation(raw, page) -> int:
    """The page's clockwise rotation in degrees (as pypdfium2's `get_rotation`)."""
    import pypdfium2 as pdfium

    turns = raw.FPDFPage_GetRotation(page)
    if turns == -1:
        raise pdfium.PdfiumError("Failed to get page rotation.")
    return 90 * turns


def _read_pages(
    path: Path, password: str | None, settings: LoadSettings, keep: Callable[[Page], Page] | None, only: set[int] | None = None
) -> list[Page | None]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(path), password=password or None)
    try:
        pages: list[Page | None] = []
        sane: tuple[float, float, float, float] | None = None  # the last page box that was not absurd
        for number in range(len(document)):
            if only is not None and number + 1 not in only:
                pages.append(None)  # (a page not asked for)
                continue
            # pages and text pages through the raw API: pypdfium2's wrappers (finalizers, weak
            # references to their kids) cost a sixth of opening them
            page = raw.FPDF_LoadPage(document.raw, number)
            if not page:  # a page object PDFium cannot load: this page only
                pages.append(None)
                continue
            try:
                left, bottom, right, top = box = _media_box(raw, page)
                repaired = ""
                if not (0 < right - left <= settings.max_page_side and 0 < top - bottom <= settings.max_page_side):
                    repaired = f"its box is {right - left:g} x {top - bottom:g} pt"
                    if sane is not None:  # the pages of a document share a size: the box of the page before
                        left, bottom, right, top = sane
                else:
                    sane = box
                transform = _Transform((left, bottom, right, top), _rotation(raw, page))
                reader = _PageReader(raw, transform, settings)
                textpage = raw.FPDFText_LoadPage(page)
                if not textpage:
                    raise pdfium.PdfiumError("Failed to load text page.")
                try:
                    chars, numbers = reader.chars(textpage)
                finally:
                    raw.FPDFText_ClosePage(textpage)
                segments, rects = reader.paths(page)
                links = reader.links(document.raw, page)
                width, height = transform.size
                read = Page(
                        number=number + 1,
                        width=float(width),
                        height=float(height),
                        rotation=transform.rotation,
                        chars=chars,
                        numbers=numbers,
                        segments=tuple(segments),
                        rects=tuple(rects),
                        links=tuple(links),
                        box_repaired=repaired if sane is not None and repaired else "",
                    )
                pages.append(keep(read) if keep is not None else read)
            finally:
                raw.FPDF_ClosePage(page)
        return pages
    finally:
        document.close()
