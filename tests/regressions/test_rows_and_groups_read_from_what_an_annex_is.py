"""Rows, scorecard groups, footnote labels and text of annexes typeset by producers that shape
a table otherwise (issue 24): LaTeX (pages of ../shared/corpus-tex) and Typst (pages of an
annex typeset again in Typst from a gold of ../shared, a producer ../shared does not have).

A row of the detailed table is a wording with an assessment, a scorecard group one rating and
its items: what the page draws (rules, fills, gaps) only helps to find them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from annexparse.footnotes import collect_footnotes
from annexparse.indicators import read_indicators
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Change, Link, Rating
from annexparse.rows import stitch
from annexparse.summary import read_summary
from annexparse.tables import find_tables
from helpers import REGRESSIONS, document, page, word


@lru_cache(maxsize=None)
def pages(name: str):
    return tuple(lay_out(load(REGRESSIONS / f"{name}.pdf")))


def indicators(name: str):
    return read_indicators(stitch(find_tables(pages(name)).detailed))


def scorecard(name: str):
    layouts = pages(name)
    return read_summary(find_tables(layouts).scorecard, layouts, [])


def test_note_lines_printed_as_rows_of_their_own_go_with_the_row_above():
    """LaTeX's longtable printed each line of a long note as a row of its own, with empty cells
    and a fill of the rating's colour beside it: every fill's edge started a row, and fiji-2019
    had 172 indicators for 36, each extra one without wording or rating."""
    texts = indicators("note-lines-printed-as-rows")
    assert [t.rating for t in texts] == [Rating.VERY_STRONG, Rating.FAIR, Rating.STRONG, Rating.VERY_WEAK, Rating.VERY_WEAK]
    assert all(t.indicator for t in texts)
    assert texts[0].note.text.endswith("an independent judiciary provides an effective check on executive power.")
    assert texts[1].note.text.endswith("accused the authorities of using state resources for campaign purposes.")


def test_scorecard_items_closer_than_the_block_pitch_are_items_of_their_own():
    """Items set 1.25 lines apart, their lines 1 line apart, ran together: afghanistan-2023's
    scorecard came out as 5 items, one per rating."""
    items = scorecard("scorecard-items-set-close-together").scorecard
    assert len(items) == 21
    assert items[0].indicator == "Sign and ratify the Rome Statute of the International Criminal Court and cooperate fully with the Court"
    assert items[-1].indicator == "Support UN Security Council veto restraint on issues relating to atrocity prevention"
    assert Counter(item.rating for item in items) == {Rating.WEAK: 10, Rating.FAIR: 8, Rating.STRONG: 2, Rating.VERY_STRONG: 1}


def test_scorecard_labels_in_the_middle_of_ruled_groups():
    """Labels set by multirow near the middle of their groups (not exactly: multirow counts rows,
    not lines), with rules closing each group: the items near a group's edge went to the
    neighbouring group (21 scorecard_rating_mismatch in bhutan-2019)."""
    summary = scorecard("scorecard-labels-centred-in-ruled-groups")
    items = summary.scorecard
    assert Counter(item.rating for item in items) == {Rating.WEAK: 11, Rating.FAIR: 9, Rating.STRONG: 8, Rating.VERY_STRONG: 1}
    assert [item.rating for item in items[8:11]] == [Rating.STRONG, Rating.FAIR, Rating.FAIR]
    assert summary.findings == []


def test_footnote_labels_that_touch_their_text():
    """'15.United Nations...': a label in a box of fixed width touches its text once the number
    fills the box; every footnote from 10 on was lost (bhutan-2019 kept 9 of 55)."""
    footnotes = collect_footnotes(pages("footnote-labels-touching-their-text")).items
    assert [f.number for f in footnotes] == list(range(7, 27))
    assert next(f for f in footnotes if f.number == 15).text.startswith("United Nations, Committee on the Elimination of")


def test_a_footnotes_end_carried_to_a_page_without_separator_or_number():
    """The last lines of a footnote, carried to the next page's foot where no rule stands above
    them and no number opens them, were lost (solomon-islands-2022, footnote 60)."""
    footnotes = collect_footnotes(pages("footnote-end-carried-to-a-page-without-rule")).items
    assert footnotes[-1].number == 60
    assert footnotes[-1].text.endswith("19 January 2021, A/HRC/47/11, para. 98.") and footnotes[-1].pages == [1, 2]


def test_a_landscape_detailed_table_with_its_header_repeated():
    texts = indicators("landscape-table-with-grid-rules")
    assert len(texts) == 11 and all(t.change is None for t in texts)
    assert [t.rating for t in texts[:3]] == [Rating.VERY_WEAK, Rating.WEAK, Rating.VERY_WEAK]


def test_figures_that_the_font_draws_as_superscripts_are_calls():
    """Typst sets a call with the font's superscript figures (OpenType sups): full size, on the
    baseline, the digit's own unicode. They read as text ('crimes.1Its'), and a digit's width
    was the superscript glyph's ('2 0 2 0')."""
    texts = indicators("figures-drawn-as-superscripts")
    assert [m.footnote for t in texts for m in t.note.markers] == list(range(1, 11))
    assert not any(char.isdigit() for t in texts[:2] for char in t.note.text[-3:])
    footnotes = collect_footnotes(pages("figures-drawn-as-superscripts")).items
    assert "Japan, 2020. Japan and" in footnotes[0].text and "2 0 2" not in footnotes[0].text


def test_words_the_typesetter_hyphenated_are_joined_again():
    """Justified Typst text hyphenates at line ends: 'Compli-' | 'ance' read 'Compli-ance'. A
    word printed whole elsewhere in the annex (or in the annex format) is joined again; a
    compound keeps its hyphen."""
    texts = indicators("figures-drawn-as-superscripts")
    assert (texts[0].thematic_area, texts[0].indicator) == ("Basic Compliance", "Protection of populations from atrocity crimes.")
    assert "guaranteed in the constitution" in texts[1].note.text and "The government" in texts[1].note.text
    assert not any("\u00ad" in t.note.text or "\u00ad" in t.indicator for t in texts)


def test_rows_whose_wording_and_rating_stand_in_the_middle_of_ruled_rows():
    """Wordings and ratings centred in their rows (a note starts above its wording): every
    row's note lost its start to the row above, or its wording to the next page (japan-2022,
    67 indicators for 36)."""
    texts = indicators("anchors-centred-in-ruled-rows")
    assert len(texts) == 9
    assert texts[0].note.text.startswith("There has been no significant change in Japan")
    assert [t.rating for t in texts[:2]] == [Rating.STRONG, Rating.FAIR] and texts[0].change is Change.UNCHANGED
    assert texts[0].thematic_area == "Basic Compliance"


def test_rows_whose_wording_and_rating_stand_in_the_middle_without_rules():
    """Without rules, a row ends at a gap no column's text crosses, the one that stands its
    wording and rating in its middle (a paragraph's gap in a note may be wider)."""
    texts = indicators("anchors-centred-without-rules")
    assert len(texts) == 11
    assert texts[1].note.text.startswith("Several risk factors") and texts[2].note.text.startswith("Fiji does not have to contend")
    assert "Human rights are generally well protected" not in texts[-3].note.text


def test_rows_whose_wording_and_rating_stand_at_the_bottom_of_ruled_rows():
    texts = indicators("anchors-at-the-bottom-of-ruled-rows")
    assert len(texts) == 7
    assert [t.indicator for t in texts[1:3]] == ["Reduction of atrocity crime risks.", "Dealing with past atrocities."]
    assert texts[2].note.text.startswith("There is no substantial update on dealing with past atrocities")


URL_BREAKS = [
    # (a footnote's lines, the URL it shows): URLs a typesetter breaks at any character (LaTeX's url)
    (["1 Reuters, 6 October. Available at: h", "ttps://www.reuters.com/world/asia-pacific/x/."], "https://www.reuters.com/world/asia-pacific/x/"),
    (["2 Thailand and the United Nations, https://www.", "mfa.gov.th/en/foreign-policy/thailand."], "https://www.mfa.gov.th/en/foreign-policy/thailand"),
    (["3 Al Jazeera. Available at: https://www.aljazeera.com/news/2020/9/9/corruptio", "n-scandal-shakes-vanuatus-government; and more."], "https://www.aljazeera.com/news/2020/9/9/corruption-scandal-shakes-vanuatus-government"),
    (["4 BTI, p. 37, https://bti-project.org/reports/country_report_2021_MY", "S.pdf; Ministry of Foreign Affairs."], "https://bti-project.org/reports/country_report_2021_MYS.pdf"),
    (["5 Freedom House, https://freedomhouse.org/country/malaysia/freedom-world/2", "022."], "https://freedomhouse.org/country/malaysia/freedom-world/2022"),
    (["6 Bhutan and the UN, https://www.mfa.gov.bt/en/foreign-policy/bhutan-and-the-united-n", "ations. See also: Amnesty International."], "https://www.mfa.gov.bt/en/foreign-policy/bhutan-and-the-united-nations"),
]


def test_urls_broken_at_any_character_are_joined_again():
    """LaTeX breaks URLs wherever the line is full: inside the scheme ('h' | 'ttps://'), after
    a host's dot, inside a slug, a file name or a number, or mid-word where only a link
    annotation elsewhere in the annex holds the whole target (bhutan-2019, thailand-2022...)."""
    body = [c for k in range(30) for c in word("A line of the page's body text, long enough to set the body size.", 60, 80 + 14 * k, size=10)]
    lines = [c for k, text in enumerate(text for texts, _ in URL_BREAKS for text in texts) for c in word(text, 60, 600 + 9 * k, size=7)]
    elsewhere = Link(60, 100, 200, 110, "https://www.mfa.gov.bt/en/foreign-policy/bhutan-and-the-united-nations")
    footnotes = collect_footnotes(lay_out(document(page(1, body + lines), replace(page(2, body), links=(elsewhere,))))).items
    assert [f.urls for f in footnotes] == [[url] for _, url in URL_BREAKS]


def test_header_titles_that_wrap_or_stand_at_several_heights():
    """A header row whose titles wrap ('Thematic' over 'Area', 'Assess-' over 'ment') with a
    one-line title centred beside them: no line held every title, so no table was found (exit 8);
    a title's second line went into the first row."""
    table = find_tables(pages("anchors-centred-without-rules")).detailed
    assert table is not None and table.pages[0].has_header
    assert indicators("anchors-centred-without-rules")[0].thematic_area == "Basic Compliance"
