"""Tables stage: headers, column edges, table end and blocks."""
from __future__ import annotations

from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.tables import _crosses, _header_cells, _river, blocks, find_table, split_rows
from test_layout import word

from conftest import FIXTURES


def test_header_cells_need_the_titles_in_order():
    words = [("Thematic", 60, 90), ("Area", 92, 110), ("Indicator", 140, 170), ("Assessment", 240, 280), ("Notes", 300, 320)]
    cells = _header_cells(words, ("thematic", "indicator", "assessment", "note"))
    assert cells == [(60, 110), (140, 170), (240, 280), (300, 320)]
    assert _header_cells(words[::-1], ("thematic", "indicator", "assessment", "note")) is None


def test_river_is_the_widest_gap_between_column_texts():
    chars = word("left column", 100, 200) + word("right", 180, 200)
    assert 155 < _river(chars, 120, 185) < 180


def test_a_line_running_over_a_column_edge_ends_the_table():
    score_line = word("Mongolia 2022 Score: 54", 60, 500)
    assert _crosses(score_line, (55, 130, 540))
    two_cells = word("Fair", 60, 500) + word("Ensure equal access", 140, 500)
    assert not _crosses(two_cells, (55, 130, 540))


def test_blocks_split_at_rules_and_at_wide_line_steps():
    from annexparse.layout import build_lines

    lines = build_lines(word("a", 100, 100) + word("b", 100, 112) + word("c", 100, 140) + word("d", 100, 152), 1)
    assert [[l.text for l in b] for b in blocks(lines, (), 90, 200)] == [["a", "b"], ["c", "d"]]
    ruled = ((104.0, 90.0, 200.0),)
    assert [[l.text for l in b] for b in blocks(lines, ruled, 90, 200)] == [["a"], ["b"], ["c", "d"]]


def test_landscape_borderless_table_without_repeated_header_is_followed():
    layouts = lay_out(load(FIXTURES / "indonesia-2023.pdf"))
    table = find_table(layouts, "detailed")
    assert table is not None
    assert any(not page.has_header for page in table.pages)  # the header is printed once
    assert all(len(page.boundaries) == 5 for page in table.pages)
    assert layouts[table.pages[0].page - 1].page.width > layouts[table.pages[0].page - 1].page.height


def test_text_above_the_first_row_start_continues_the_previous_row():
    layouts = lay_out(load(FIXTURES / "mongolia-2022.pdf"))
    table = find_table(layouts, "detailed")
    page_9 = next(p for p in table.pages if p.page == 9)
    first = split_rows(page_9, (1, 2))[0]
    assert first.continues_previous and first.cells[1].empty and not first.cells[3].empty
