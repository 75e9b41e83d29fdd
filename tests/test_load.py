"""Load stage: the two character sources give the same page model and the same JSON."""
from __future__ import annotations

import json

import pytest

import annexparse
from annexparse.load import load
from helpers import FIXTURES, extracted

NAMES = sorted(p.stem for p in FIXTURES.glob("*.pdf"))
BOX_TOLERANCE = 0.11  # points: PDFium computes positions in single precision


def leaves(value, path=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from leaves(inner, f"{path}[{index}]")
    else:
        yield path, value


@pytest.mark.parametrize("name", NAMES)
def test_pdfium_and_pdfplumber_give_the_same_json(name):
    default = json.loads(extracted(name).model_dump_json())  # the default loader: pdfium
    other = json.loads(annexparse.extract(FIXTURES / f"{name}.pdf", loader="pdfplumber").model_dump_json())
    first, second = dict(leaves(default)), dict(leaves(other))
    assert first.keys() == second.keys()
    differences = {path: (first[path], second[path]) for path in first if first[path] != second[path]}
    for path, (a, b) in differences.items():
        # only a box edge may differ, by the last rounding step, where a value lies on its boundary
        assert ".box" in path or ".boxes" in path or "_box" in path, (path, a, b)
        assert abs(a - b) <= BOX_TOLERANCE, (path, a, b)
    assert len(differences) <= 2


def test_page_models_agree_character_for_character():
    pdfium, plumber = load(FIXTURES / "mongolia-2022.pdf"), load(FIXTURES / "mongolia-2022.pdf", loader="pdfplumber")

    def in_reading_order(chars):
        # the libraries may list a page's text objects in another order, and PDFium takes some
        # printed spaces for ones it inferred (layout finds word gaps by geometry either way)
        return sorted((c for c in chars if not c.text.isspace()), key=lambda c: (round(c.baseline), c.x0))

    for a, b in zip(pdfium.pages, plumber.pages, strict=True):
        assert (a.width, a.height) == (b.width, b.height)
        first, second = in_reading_order(a.chars), in_reading_order(b.chars)
        assert [c.text for c in first] == [c.text for c in second]  # ligatures one glyph, line-end hyphens '-'
        for x, y in zip(first, second):
            assert abs(x.x0 - y.x0) <= 0.0011 and abs(x.baseline - y.baseline) <= 0.0011 and x.size == y.size
            # a ligature's advance is not exposed by PDFium: its loose box stands in for it
            assert abs(x.x1 - y.x1) <= (1.0 if len(x.text) > 1 else 0.0011), (x, y)
            assert (x.bold, x.italic, x.upright) == (y.bold, y.italic, y.upright)
        assert a.segments == b.segments and a.rects == b.rects


def test_command_line_offers_exactly_the_loaders_and_default():
    from annexparse.cli import LOADER_OPTION
    from annexparse.loaders import DEFAULT_LOADER, LOADERS

    @LOADER_OPTION
    def command(loader):
        pass

    (option,) = command.__click_params__
    assert tuple(option.type.choices) == tuple(LOADERS) and option.default == DEFAULT_LOADER


def test_unknown_loader_is_refused():
    with pytest.raises(ValueError, match="unknown loader"):
        load(FIXTURES / "mongolia-2022.pdf", loader="tesseract")


def test_glyphs_kept_out_of_memory_read_back_exactly():
    """Past `resident_pages`, a page's glyphs go to a temporary file and are read back on use:
    a long annex's memory stays flat, and the annex read is the same."""
    from dataclasses import replace as with_

    from annexparse.models import Glyphs
    from annexparse.pipeline import complete, read_document
    from annexparse.settings import DEFAULT

    settings = with_(DEFAULT, load=with_(DEFAULT.load, resident_pages=2))
    document = load(FIXTURES / "cambodia-2022.pdf", settings=settings)
    assert not isinstance(document.pages[1].chars, Glyphs) and isinstance(document.pages[5].chars, Glyphs)
    resident = load(FIXTURES / "cambodia-2022.pdf")
    assert all(tuple(a.chars) == tuple(b.chars) for a, b in zip(document.pages, resident.pages))
    assert complete(read_document(document)).model_dump_json() == extracted("cambodia-2022").model_dump_json()


@pytest.mark.parametrize("loader", ["pdfium", "pdfplumber"])
def test_the_loaders_numbers_are_their_glyphs_measures(loader):
    """A loader gives each page's `glyph_numbers` with its glyphs (the layout stage reads them
    instead of every glyph again): they must be the glyphs' own, column for column, and the
    layout read from them the same as from the glyphs."""
    from dataclasses import replace as with_

    import numpy as np

    from annexparse.layout import lay_out
    from annexparse.models import glyph_numbers

    document = load(FIXTURES / "mongolia-2022.pdf", loader=loader)
    assert all(page.numbers is not None for page in document.pages)
    for page in document.pages:
        assert np.array_equal(page.numbers, glyph_numbers(page.chars)), page.number
    without = with_(document, pages=tuple(with_(page, numbers=None) for page in document.pages))
    assert [(a.body, a.footnotes, a.body_size) for a in lay_out(document)] == [(b.body, b.footnotes, b.body_size) for b in lay_out(without)]
