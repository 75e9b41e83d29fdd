"""Rows stitched across pages, and the indicator read from each row."""
from __future__ import annotations

from annexparse.indicators import build_note, parse_assessment
from annexparse.layout import build_lines
from annexparse.models import Change, Rating
from annexparse.text import join_lines
from conftest import extracted
from test_layout import word


def test_indicator_cut_by_a_page_break_is_one_row():
    annex = extracted("mongolia-2022")
    row = annex.indicators[28]  # its indicator text starts on page 11 and ends on page 12
    assert row.pages == [11, 12]
    assert row.indicator == "Support atrocity prevention through development and assistance partnerships."
    assert row.rating is Rating.WEAK and row.change is Change.DECREASE


def test_note_cut_mid_sentence_is_joined_into_its_own_row():
    annex = extracted("cambodia-2022")
    row = annex.indicators[7]
    assert row.pages == [6, 7]
    assert "Lawyers who represent human rights defenders" in row.note
    assert annex.indicators[8].note.startswith("Cambodia")  # nothing leaked into the next row


def test_thematic_area_spans_rows_and_pages():
    annex = extracted("mongolia-2022")
    areas = [i.thematic_area for i in annex.indicators]
    assert areas[:3] == ["Basic Compliance"] * 3
    assert areas[6] == "International Human Rights Obligations"
    assert areas[-1] == "United Nations, prevention, Peacekeeping, and assistance"
    assert len(set(areas)) == 6


def test_assessment_bold_rating_and_regular_change():
    lines = build_lines(word("Very", 100, 100, font="X-Bold") + word("Strong", 100, 112, font="X-Bold") + word("Decrease", 100, 124), 1)
    assert parse_assessment(lines) == (Rating.VERY_STRONG, Change.DECREASE)


def test_unknown_words_are_kept_as_printed():
    lines = build_lines(word("Moderate", 100, 100, font="X-Bold") + word("Same", 100, 112), 1)
    assert parse_assessment(lines) == ("Moderate", "Same")


def test_baseline_assessment_has_no_change():
    lines = build_lines(word("Fair", 100, 100, font="X-Bold"), 1)
    assert parse_assessment(lines) == (Rating.FAIR, None)


def test_note_markers_bullets_and_markdown():
    chars = (
        word("Status:", 100, 100)
        + word("1", 136, 96, size=6)
        + word("• ", 100, 112)
        + word("Treaty", 110, 112, font="X-Italic")
        + word(": signed.", 140, 112)
        + word("12", 185, 108, size=6)
    )
    note = build_note(build_lines(chars, 4))
    assert note.text == "Status:\nTreaty: signed."
    assert [(m.footnote, m.offset, m.page) for m in note.markers] == [(1, 7, 4), (12, 23, 4)]
    assert note.markdown == "Status:[^1]\n\n- *Treaty*: signed.[^12]"


def test_two_digit_marker_after_punctuation_in_a_real_note():
    row = extracted("cambodia-2022").indicators[7]
    assert row.citations == [8, 9, 10, 11]
    marker = row.citation_markers[2]
    assert row.note[marker.offset - 1] == "." and marker.footnote == 10
    assert marker.sentence.startswith("The government has been criticised")


def test_join_lines_keeps_compound_hyphens():
    assert join_lines(["regional and sub-", "regional organisations"]) == "regional and sub-regional organisations"
    assert join_lines(["Human Rights", "Council"]) == "Human Rights Council"
