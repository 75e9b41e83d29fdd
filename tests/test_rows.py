"""Rows stage: row fragments per page, stitched across pages, with their thematic areas."""
from __future__ import annotations

from annexparse.models import Column
from annexparse.rows import split_rows, stitch
from annexparse.tables import find_tables
from annexparse.text import join_lines
from helpers import extracted, layouts


def _rows(name: str):
    return stitch(find_tables(layouts(name)).detailed)


def test_text_above_the_first_row_start_continues_the_previous_row():
    table = find_tables(layouts("mongolia-2022")).detailed
    page_9 = next(p for p in table.pages if p.page == 9)
    first = split_rows(page_9)[0]
    assert first.continues_previous and first.cell(Column.INDICATOR).empty and not first.cell(Column.NOTES).empty


def test_indicator_cut_by_a_page_break_is_one_row():
    row = _rows("mongolia-2022")[28]  # its indicator text starts on page 11 and ends on page 12
    assert row.pages == [11, 12]
    assert join_lines(line.plain_text for line in row.lines(Column.INDICATOR)).startswith("Support atrocity prevention")


def test_every_row_of_a_real_table_is_found():
    assert len(_rows("mongolia-2022")) == 36 and len(_rows("fiji-2022")) == 37  # fiji prints one indicator twice


def test_thematic_area_spans_rows_and_pages():
    areas = [row.thematic_area for row in _rows("mongolia-2022")]
    assert areas[:3] == ["Basic Compliance"] * 3
    assert areas[6] == "International Human Rights Obligations"
    assert areas[-1] == "United Nations, prevention, Peacekeeping, and assistance"
    assert len(set(areas)) == 6


def test_note_cut_mid_sentence_is_joined_into_its_own_row():
    annex = extracted("cambodia-2022")
    row = annex.indicators[7]
    assert row.pages == [6, 7]
    assert "Lawyers who represent human rights defenders" in row.note
    assert annex.indicators[8].note.startswith("Cambodia")  # nothing leaked into the next row
