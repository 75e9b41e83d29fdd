"""Footnotes, URLs, the summary scorecard and the score lines."""
from __future__ import annotations

from annexparse.footnotes import find_urls
from annexparse.models import Rating
from annexparse.summary import _best_groups, _signed
from conftest import extracted


def test_url_cut_by_a_line_break_is_rejoined():
    footnote = next(f for f in extracted("mongolia-2022").footnotes if f.number == 3)
    assert footnote.urls == ["https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26"]


def test_footnote_continued_on_the_next_page():
    footnote = next(f for f in extracted("cambodia-2022").footnotes if f.number == 59)
    assert footnote.pages == [19, 20]
    assert footnote.urls == ["https://www.state.gov/reports/2021-country-reports-on-human-rights-practices/cambodia/"]


def test_trailing_sentence_punctuation_is_not_part_of_a_url():
    assert find_urls("See https://a.org/x. And (https://b.org/y), www.c.org/z;") == [
        "https://a.org/x",
        "https://b.org/y",
        "www.c.org/z",
    ]


def test_footnotes_know_who_cites_them():
    annex = extracted("mongolia-2022")
    first = annex.footnotes[0]
    assert first.cited_by == [1]
    assert annex.indicators[0].citations == [1]


def test_scorecard_labels_centred_or_at_the_top_of_a_cut_cell():
    items = [(0, 10), (20, 30), (40, 50), (60, 70), (80, 90)]
    # label A centred on the first three items, label B at the top of the cut cell
    assert _best_groups(items, [(22, 28), (60, 70)], carry_allowed=False, cut_at_bottom=True) == [0, 0, 0, 1, 1]
    # on the table's last page no cell is cut: the label is centred on its group
    assert _best_groups(items, [(22, 28), (75, 85)], carry_allowed=False) == [0, 0, 0, 1, 1]
    # a page that opens with the rest of the previous page's group
    assert _best_groups(items, [(62, 68)], carry_allowed=True) == [-1, -1, 0, 0, 0]


def test_scorecard_matches_the_printed_summary():
    annex = extracted("mongolia-2022")
    assert len(annex.scorecard) == 36
    assert annex.scorecard[0].rating is Rating.VERY_STRONG
    assert annex.scorecard[-1].rating is Rating.VERY_WEAK and annex.scorecard[-1].page == 4


def test_printed_scores():
    annex = extracted("mongolia-2022")
    assert (annex.country, annex.year, annex.previous_year) == ("Mongolia", 2022, 2019)
    assert annex.scores.stated.model_dump() == {"current": 54, "previous": 58, "difference": -4}
    assert annex.scores.computed.current == 54
    assert _signed("-", "4") == -4 and _signed("+", "1") == 1 and _signed(None, "−3") == -3
