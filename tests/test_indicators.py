"""Indicators stage: rating and change from the assessment cell, the note with its markers."""
from __future__ import annotations

from annexparse.geometry import build_lines
from annexparse.indicators import build_note, parse_assessment, read_indicators
from annexparse.models import Change, Rating
from annexparse.rows import stitch
from annexparse.settings import DEFAULT
from annexparse.tables import find_tables
from annexparse.text import join_lines
from helpers import extracted, layouts, word


def lines(chars):
    return build_lines(chars, 1, DEFAULT.lines)


def test_assessment_bold_rating_and_regular_change():
    assessment = lines(word("Very", 100, 100, font="X-Bold") + word("Strong", 100, 112, font="X-Bold") + word("Decrease", 100, 124))
    assert parse_assessment(assessment) == (Rating.VERY_STRONG, Change.DECREASE)


def test_unknown_words_are_kept_as_printed():
    assert parse_assessment(lines(word("Moderate", 100, 100, font="X-Bold") + word("Same", 100, 112))) == ("Moderate", "Same")


def test_baseline_assessment_has_no_change():
    assert parse_assessment(lines(word("Fair", 100, 100, font="X-Bold"))) == (Rating.FAIR, None)


def test_note_markers_bullets_and_markdown():
    chars = (
        word("Status:", 100, 100)
        + word("1", 136, 96, size=6)
        + word("• ", 100, 112)
        + word("Treaty", 110, 112, font="X-Italic")
        + word(": signed.", 140, 112)
        + word("12", 185, 108, size=6)
    )
    note = build_note(build_lines(chars, 4, DEFAULT.lines))
    assert note.text == "Status:\nTreaty: signed."
    assert [(m.footnote, m.offset, m.page) for m in note.markers] == [(1, 7, 4), (12, 23, 4)]
    assert note.markdown == "Status:[^1]\n\n- *Treaty*: signed.[^12]"


def test_real_rows_become_indicators():
    texts = read_indicators(stitch(find_tables(layouts("mongolia-2022")).detailed))
    row = texts[28]
    assert row.indicator == "Support atrocity prevention through development and assistance partnerships."
    assert row.rating is Rating.WEAK and row.change is Change.DECREASE and row.pages == [11, 12]
    assert row.thematic_area == "Bilateral and Multilateral Relations"


def test_two_digit_marker_after_punctuation_in_a_real_note():
    row = extracted("cambodia-2022").indicators[7]
    assert row.citations == [8, 9, 10, 11]
    marker = row.citation_markers[2]
    assert row.note[marker.offset - 1] == "." and marker.footnote == 10


def test_join_lines_keeps_compound_hyphens():
    assert join_lines(["regional and sub-", "regional organisations"]) == "regional and sub-regional organisations"
    assert join_lines(["Human Rights", "Council"]) == "Human Rights Council"


CALLS = [
    # (calls read before, the digits printed, the calls they are)
    (0, "12", [1, 2]),  # two calls side by side: the next two numbers
    (24, "2526", [25, 26]),
    (13, "1415", [14, 15]),
    (11, "12", [12]),  # the next number: one call
    (30, "32", [32]),  # a call past an uncalled number: one call (footnote_sequence says the rest)
    (40, "7", [7]),  # a number called before
]


def test_calls_printed_side_by_side():
    from annexparse.indicators import CallOrder

    for highest, digits, expected in CALLS:
        calls = CallOrder()
        for number in range(1, highest + 1):
            calls.numbers(str(number))
        assert calls.numbers(digits) == expected, (highest, digits)
