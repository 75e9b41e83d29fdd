"""Footnotes stage: numbered footnotes across pages, URLs rejoined where a line break cut them."""
from __future__ import annotations

from annexparse.footnotes import collect_footnotes, find_urls
from helpers import extracted, layouts


def test_url_cut_by_a_line_break_is_rejoined():
    footnote = next(f for f in extracted("mongolia-2022").footnotes if f.number == 3)
    assert footnote.urls == ["https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26"]


def test_footnote_continued_on_the_next_page():
    footnote = next(f for f in collect_footnotes(layouts("cambodia-2022")).items if f.number == 59)
    assert footnote.pages == [19, 20]
    assert footnote.urls == ["https://www.state.gov/reports/2021-country-reports-on-human-rights-practices/cambodia/"]


def test_every_footnote_in_printed_order():
    numbers = [f.number for f in collect_footnotes(layouts("mongolia-2022")).items]
    assert numbers == list(range(1, 58))


def test_trailing_sentence_punctuation_is_not_part_of_a_url():
    assert find_urls("See https://a.org/x. And (https://b.org/y), www.c.org/z;") == [
        "https://a.org/x",
        "https://b.org/y",
        "www.c.org/z",
    ]


def test_a_label_far_out_of_sequence_is_text_and_a_doubtful_reading():
    from annexparse.layout import lay_out
    from helpers import document, page, word

    body = [c for k in range(20) for c in word("A line of the page's body text, long enough to set the body size.", 60, 100 + 14 * k, size=10)]
    lines = []
    for k, number in enumerate([*range(2, 15), 1]):
        lines += word(f"{number}. Source {number}.", 60, 600 + 10 * k, size=7)
    footnotes = collect_footnotes(lay_out(document(page(1, body + lines))))
    assert [f.number for f in footnotes.items] == list(range(2, 15))
    assert [f.code for f in footnotes.findings] == ["reading_uncertain"] and "1. Source 1." in footnotes.items[-1].text
