"""Tables stage: tables found by their header rows, columns by rules or rivers, the table's end."""
from __future__ import annotations

from annexparse.layout import lay_out
from annexparse.models import Column
from annexparse.tables import find_tables
from helpers import document, layouts, page, word

HEADER = [("Thematic Area", 60), ("Indicator", 150), ("Assessment", 300), ("Notes", 400)]


def _table_page(number: int, header=HEADER, below=()):
    chars = [c for title, x in header for c in word(title, x, 100, font="Sans-Bold")]
    chars += word("Basic", 60, 130) + word("Protect people.", 150, 130) + word("Fair", 300, 130, font="Sans-Bold") + word("A note.", 400, 130)
    for text, x, baseline in below:
        chars += word(text, x, baseline)
    return page(number, chars)


def test_header_titles_in_order_make_a_table_with_river_edges():
    table = find_tables(lay_out(document(_table_page(1)))).detailed
    [first] = table.pages
    assert len(first.boundaries) == 5
    left, right = first.edges(Column.INDICATOR)
    assert 60 + 9 * 5 < left < 150 and 150 + 15 * 5 < right < 300  # in the white river between the column texts
    assert [line.text for line in first.lines(Column.ASSESSMENT)] == ["Fair"]


def test_titles_out_of_order_are_no_header():
    reversed_header = [(title, x) for (title, _), (_, x) in zip(reversed(HEADER), HEADER)]
    assert find_tables(lay_out(document(_table_page(1, reversed_header)))).detailed is None


def test_a_line_running_over_a_column_edge_ends_the_table():
    score_line = ("Freedonia 2024 Score: 54 and a long sentence that runs across every column", 60, 200)
    [first] = find_tables(lay_out(document(_table_page(1, below=[score_line])))).detailed.pages
    assert first.bottom < 190
    assert all("Score" not in line.text for column in first.columns for line in column)


def test_landscape_borderless_table_without_repeated_header_is_followed():
    pages = layouts("indonesia-2023")
    table = find_tables(pages).detailed
    assert table is not None
    assert any(not page.has_header for page in table.pages)  # the header is printed once
    assert all(len(page.boundaries) == 5 for page in table.pages)
    assert pages[table.pages[0].page - 1].page.width > pages[table.pages[0].page - 1].page.height


def test_scorecard_is_found_with_its_two_columns():
    scorecard = find_tables(layouts("mongolia-2022")).scorecard
    assert scorecard is not None and all(len(page.boundaries) == 3 for page in scorecard.pages)
