"""Footnotes stage: numbered footnotes across pages, URLs rejoined where a line break cut them."""
from __future__ import annotations

from annexparse.footnotes import collect_footnotes, find_urls
from helpers import extracted, layouts


def test_url_cut_by_a_line_break_is_rejoined():
    footnote = next(f for f in extracted("mongolia-2022").footnotes if f.number == 3)
    assert footnote.urls == ["https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26"]


def test_footnote_continued_on_the_next_page():
    footnote = next(f for f in collect_footnotes(layouts("cambodia-2022")) if f.number == 59)
    assert footnote.pages == [19, 20]
    assert footnote.urls == ["https://www.state.gov/reports/2021-country-reports-on-human-rights-practices/cambodia/"]


def test_every_footnote_in_printed_order():
    numbers = [f.number for f in collect_footnotes(layouts("mongolia-2022"))]
    assert numbers == list(range(1, 58))


def test_trailing_sentence_punctuation_is_not_part_of_a_url():
    assert find_urls("See https://a.org/x. And (https://b.org/y), www.c.org/z;") == [
        "https://a.org/x",
        "https://b.org/y",
        "www.c.org/z",
    ]
