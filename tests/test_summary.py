"""Summary stage: the scorecard's groups and the printed score lines."""
from __future__ import annotations

from annexparse.layout import lay_out
from annexparse.models import Rating
from annexparse.geometry import centred_groups, label_groups
from annexparse.summary import read_summary
from annexparse.tables import find_tables
from helpers import document, extracted, page, word


def test_scorecard_labels_centred_or_at_the_top_of_a_cut_cell():
    items = [(0, 10), (20, 30), (40, 50), (60, 70), (80, 90)]
    # label A centred on the first three items, label B at the top of the cut cell
    assert centred_groups(items, [(22, 28), (60, 70)], False, True, 0.05)[0] == [0, 0, 0, 1, 1]
    # on the table's last page no cell is cut: the label is centred on its group
    assert centred_groups(items, [(22, 28), (75, 85)], False, False, 0.05)[0] == [0, 0, 0, 1, 1]
    # a page that opens with the rest of the previous page's group
    assert centred_groups(items, [(62, 68)], True, False, 0.05)[0] == [-1, -1, 0, 0, 0]


def test_labels_at_the_top_of_their_groups_are_told_from_centred_ones():
    items = [(0, 10), (20, 30), (40, 50), (60, 70), (80, 90), (100, 110)]
    top = [(0, 10), (60, 70)]  # each label beside its group's first item
    assert label_groups([(items, top, False)], 0.05)[:2] == ([[0, 0, 0, 1, 1, 1]], False)
    centred = [(20, 30), (80, 90)]  # each label beside its group's middle item
    assert label_groups([(items, centred, False)], 0.05)[:2] == ([[0, 0, 0, 1, 1, 1]], True)


def test_scorecard_matches_the_printed_summary():
    annex = extracted("mongolia-2022")
    assert len(annex.scorecard) == 36
    assert annex.scorecard[0].rating is Rating.VERY_STRONG
    assert annex.scorecard[-1].rating is Rating.VERY_WEAK and annex.scorecard[-1].page == 4


def test_printed_scores_with_signs_of_every_kind():
    lines = [("Freedonia 2024 Score: 51", 100), ("Freedonia 2022 Score: 54", 120), ("Difference: −3", 140)]
    pages = lay_out(document(page(1, [c for text, baseline in lines for c in word(text, 60, baseline)])))
    summary = read_summary(find_tables(pages).scorecard, pages, [])
    printed = summary.printed
    assert (printed.current.country, printed.current.year, printed.current.value) == ("Freedonia", 2024, 51)
    assert (printed.previous.year, printed.previous.value, printed.difference) == (2022, 54, -3)
    assert printed.pages == [1] and summary.scorecard == []


def test_printed_scores_of_a_real_annex():
    annex = extracted("mongolia-2022")
    assert (annex.country, annex.year, annex.previous_year) == ("Mongolia", 2022, 2019)
    assert annex.scores.stated.model_dump() == {"current": 54, "previous": 58, "difference": -4}


def test_labels_that_fit_no_grouping_are_a_doubtful_reading():
    """A scorecard page whose labels stand far from any group's top or middle gives a
    reading_uncertain finding for that page (and the ratings read are not trusted)."""
    chars = [c for title, x in (("Assessment", 60), ("Indicator", 200)) for c in word(title, x, 100, font="Sans-Bold")]
    for k in range(6):
        chars += word(f"Item number {k} of the scorecard", 200, 130 + 40 * k)
    chars += word("Fair", 60, 146) + word("Weak", 60, 186)  # labels between the items: no grouping fits
    pages = lay_out(document(page(1, chars)))
    summary = read_summary(find_tables(pages).scorecard, pages, [])
    assert [f.code for f in summary.findings] == ["reading_uncertain"] and summary.findings[0].pages == [1]
