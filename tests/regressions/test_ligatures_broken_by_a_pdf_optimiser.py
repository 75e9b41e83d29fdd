"""Text layers a PDF optimiser damaged (issue 26).

Ghostscript's pdfwrite writes a ligature's ToUnicode entry broken: 'ti' as U+7400 U+6900
('琀椀'), 'ffi' as U+6600 U+CF00. 'Thematic' read 'Thema琀椀c': no header matched ("no annex table
found"), wordings matched no scorecard item, footnotes lost their words. The fixture is two pages
of mongolia-2022 re-written once with `gs -sDEVICE=pdfwrite` (Ghostscript 10.00).
"""
from __future__ import annotations

import pytest

from annexparse.errors import TruncatedPdf
from annexparse.indicators import read_indicators
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Code, Document
from annexparse.pipeline import read_document
from annexparse.rows import stitch
from annexparse.tables import find_tables
from annexparse.text import read_ligatures
from helpers import REGRESSIONS, document, page, word


@pytest.mark.parametrize("loader", ["pdfium", "pdfplumber"])
def test_ligatures_a_pdf_optimiser_broke_are_read_as_their_letters(loader):
    loaded = load(REGRESSIONS / "ligatures-broken-by-a-pdf-optimiser.pdf", loader=loader)
    (repaired,) = loaded.findings
    assert repaired.code is Code.TEXT_LAYER_REPAIRED and repaired.severity == "warning"
    assert "'ti' 63x" in repaired.message and "'ffi' 1x" in repaired.message and repaired.pages == [1, 2]
    texts = read_indicators(stitch(find_tables(lay_out(loaded)).detailed))
    assert len(texts) == 7
    assert (texts[0].thematic_area, texts[0].indicator) == ("Basic Compliance", "Protection of populations from atrocity crimes.")
    assert "accusations of torture" in texts[1].note.text
    assert not any(ord(char) > 0x2FFF for text in texts for char in text.indicator + text.note.text)


def test_a_repaired_text_layer_holds_nothing_back():
    annex = read_document(load(REGRESSIONS / "ligatures-broken-by-a-pdf-optimiser.pdf"))
    assert Code.TEXT_LAYER_REPAIRED not in [issue.code for issue in annex.damage]
    assert not Code.TEXT_LAYER_REPAIRED.holds_back_everywhere_codes and not Code.TEXT_LAYER_REPAIRED.holds_back_on_pages_codes


def test_cjk_words_made_of_the_same_code_points_are_kept():
    """Notes quoting CJK words whose characters are exactly the broken forms' (琀椀昀氀, 昀琀, 椀),
    set in a CJK font one code point per glyph: nothing is 'repaired'."""
    loaded = load(REGRESSIONS / "cjk-words-made-of-broken-ligature-codes.pdf")
    assert loaded.findings == () and all(not p.ligatures for p in loaded.pages)
    layouts = lay_out(loaded)
    assert not [f for layout in layouts for f in layout.findings]
    texts = read_indicators(stitch(find_tables(layouts).detailed))
    assert "under the title 琀椀昀氀 (a name made of these characters)" in texts[0].note.text
    assert "the report 昀琀 and the essay 椀" in texts[1].note.text


def test_text_read_by_another_library_is_repaired_the_same_way_inside_latin_words():
    assert read_ligatures("Thema琀椀c con昀氀ict O昀케ce commi琀琀ed ﬁle") == "Thematic conflict Office committed file"
    assert read_ligatures("琀椀 昀氀") == "琀椀 昀氀"  # not inside a Latin word


def test_a_text_layer_that_cannot_be_read_says_so():
    """Every glyph mapped to letters of another script (a text layer whose mapping is broken past
    repair): a damaged text layer, exit 5 with that reason, not 'no annex table found'."""
    lines = [c for k in range(30) for c in word("昀琀椀氀 " * 12, 60, 100 + 14 * k)]
    with pytest.raises(TruncatedPdf, match="text layer cannot be read"):
        read_document(document(page(1, lines), page(2, lines)))
