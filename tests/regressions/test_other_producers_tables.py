"""Tables, rows and layout of annexes typeset by other producers (issue 11).

Each fixture is a few pages cut from an annex of ../shared/corpus-wp (WeasyPrint) or from one
typeset again in a held-out layout; the tests read them through the stages' public functions.
"""
from __future__ import annotations

from functools import lru_cache

import annexparse
from annexparse.footnotes import collect_footnotes
from annexparse.indicators import read_indicators
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Change, Rating
from annexparse.rows import stitch
from annexparse.summary import read_summary
from annexparse.tables import find_tables
from helpers import REGRESSIONS


@lru_cache(maxsize=None)
def pages(name: str):
    return tuple(lay_out(load(REGRESSIONS / f"{name}.pdf")))


def indicators(name: str):
    return read_indicators(stitch(find_tables(pages(name)).detailed))


def test_link_underline_is_not_a_footnote_separator():
    """A link's underline at the start of a footnote's second line was taken for the footnote
    separator: footnote 1 went into the body, ran across the columns and ended the table on its
    first page (maldives-2019 kept 1 of 36 indicators)."""
    layouts = pages("link-underline-is-not-a-footnote-separator")
    assert [p.page for p in find_tables(layouts).detailed.pages] == [1, 2, 3]
    first = collect_footnotes(layouts).items[0]
    assert first.number == 1 and first.text.startswith("Ministry of Foreign Affairs of Maldives, 2017. Maldives and")
    assert all("Ministry of Foreign Affairs" not in line.text for line in layouts[0].body)


def test_landscape_page_number_is_not_footnote_text():
    """On landscape pages the page number stood outside the bottom band (10% of the page's
    height), so it was read as the end of the last footnote ('..., p. 14. 6')."""
    footnotes = {f.number: f.text for f in collect_footnotes(pages("landscape-page-number")).items}
    assert footnotes[5].endswith("bhutan-and-the-united-nations.")
    assert footnotes[12].endswith("2021, CEDAW/C/BTN/CO/1, p. 14.")


def test_thematic_name_pushed_over_a_page_break_opens_a_new_area():
    """A thematic cell that began at a page's last row, its name printed on the next page, took
    the previous area's name as its first words (tonga-2023)."""
    areas = [text.thematic_area for text in indicators("thematic-name-pushed-over-page-break")]
    assert areas[5] == "Policy Mechanisms"
    assert areas[6:] == ["International Human Rights Obligations"] * (len(areas) - 6)


def test_borderless_table_with_its_header_once_goes_on_over_pages():
    """A table without rules whose header is printed once was lost after its first page
    (maldives-2023)."""
    texts = indicators("header-once-borderless-table")
    assert len(texts) == 10 and {p for t in texts for p in t.pages} == {1, 2, 3}
    assert texts[7].indicator.startswith("Sign and ratify the Rome Statute") and texts[7].rating is Rating.VERY_STRONG


def test_row_whose_anchors_the_page_break_pushed_is_one_row():
    """A row that began at a page's foot with only its note's first lines (its indicator and
    assessment pushed to the next page) lost those lines to the row above."""
    texts = indicators("row-anchors-pushed-to-next-page")
    assert texts[2].note.text.rstrip().endswith("has been observed.")
    assert texts[3].note.text.startswith("The Philippines continues to perform well with reg")
    assert texts[3].indicator == "Appoint national R2P Focal Point." and texts[3].pages == [2, 3]


def test_note_paragraph_cut_at_a_page_foot_belongs_to_the_next_row():
    """Without rules or fills, a row's note began at a page's foot and its indicator went to the
    next page; the note's first paragraph stayed with the row above."""
    texts = indicators("note-paragraph-pushed-ahead")
    before, row = texts[3], texts[4]
    assert before.note.text.endswith("affected by natural disasters.")
    assert row.indicator.startswith("Strengthen the role and capacity")
    assert row.note.text.startswith("Indonesia’s record on strengthening regional organ")


def test_call_wrapped_onto_its_own_line_is_a_marker():
    """A citation call that the line break pushed onto a line of its own was read as text
    ('secretariat.6')."""
    row = next(t for t in indicators("call-wrapped-onto-its-own-line") if t.note.text.endswith("has no dedicated secretariat."))
    assert [m.footnote for m in row.note.markers] == [5, 6]


def test_thematic_name_centred_in_a_ruled_cell_names_the_rows_from_its_rule():
    """A thematic name set in the middle of its (ruled) cell named only the rows beside and
    below it."""
    areas = [t.thematic_area for t in indicators("centred-thematic-name-in-ruled-cell")]
    assert areas[:6] == ["Basic Compliance"] * 3 + ["Policy Mechanisms"] * 3


def test_scorecard_labels_at_the_top_of_their_cells():
    """Rating labels set at the top of their scorecard cells were taken for centred ones: a
    third of the scorecard got the wrong rating."""
    layouts = pages("top-aligned-scorecard-labels")
    rows = read_summary(find_tables(layouts).scorecard, layouts, []).scorecard
    ratings = [r.rating for r in rows]
    assert ratings[:10] == [Rating.VERY_STRONG] * 4 + [Rating.STRONG] * 5 + [Rating.FAIR]
    assert rows[4].indicator.startswith("Dealing with past atrocities")


def test_text_scaled_by_the_graphics_matrix_has_its_printed_size():
    """PDFium's FPDFText_GetFontSize leaves the CTM's scale out: WeasyPrint's 9 pt text (Tf 12
    under a 0.75 matrix) was 12 pt in the page model, and every threshold relative to the font
    size was off."""
    path = REGRESSIONS / "weasyprint-text-scaled-by-the-ctm.pdf"
    sizes = {loader: sorted({c.size for c in load(path, loader=loader).pages[0].chars if c.text.isalpha()}) for loader in ("pdfium", "pdfplumber")}
    assert sizes["pdfium"] == sizes["pdfplumber"] and 9.0 in sizes["pdfium"] and 12.0 not in sizes["pdfium"]


def test_every_stage_together_on_a_cut_annex():
    annex = annexparse.extract(REGRESSIONS / "header-once-borderless-table.pdf")
    assert annex.indicators[0].change is Change.UNCHANGED and annex.indicators[0].thematic_area == "Basic Compliance"
