"""Shared geometry: glyphs into lines (superscripts by geometry), lines into blocks."""
from __future__ import annotations

from annexparse.geometry import blocks, build_lines, drawn_once
from annexparse.settings import DEFAULT
from helpers import word

LINES = DEFAULT.lines


def test_raised_small_digits_are_a_superscript_of_their_line():
    chars = word("autocracy,", 100, 200) + word("12", 150, 196, size=6) + word(" Mongolia", 156, 200)
    [line] = build_lines(chars, 5, LINES)
    assert [s.text for s in line.spans if s.superscript] == ["12"]
    assert line.plain_text == "autocracy, Mongolia"
    assert line.page == 5


def test_small_digits_on_the_baseline_are_text_not_markers():
    chars = word("see", 100, 200) + word(" 12", 115, 200, size=6)
    [line] = build_lines(chars, 1, LINES)
    assert not any(s.superscript for s in line.spans)


def test_same_size_digits_raised_are_not_superscripts():
    chars = word("year", 100, 200) + word("2", 130, 197)
    lines = build_lines(chars, 1, LINES)
    assert all(not s.superscript for line in lines for s in line.spans)


def test_lines_are_split_by_baseline_and_a_gap_becomes_a_space():
    chars = word("first", 100, 200) + word("line", 140, 200) + word("second", 100, 212)
    first, second = build_lines(chars, 1, LINES)
    assert first.text == "first line"
    assert second.text == "second"


def test_bold_and_italic_come_from_the_font_name():
    chars = word("Very", 100, 200, font="ABC+Carlito-Bold") + word(" Strong", 120, 200, font="ABC+Carlito-Italic")
    [line] = build_lines(chars, 1, LINES)
    assert [(s.bold, s.italic) for s in line.spans] == [(True, False), (False, True)]


def test_glyphs_drawn_twice_count_once():
    chars = word("bold", 100, 200)
    shifted = [c._replace(x0=c.x0 + 0.3, x1=c.x1 + 0.3) for c in chars]  # fake bold: drawn again, offset
    assert drawn_once(chars + shifted, LINES) == tuple(chars)
    [line] = build_lines(drawn_once(chars + shifted, LINES), 1, LINES)
    assert line.text == "bold"


def test_a_span_is_a_run_of_one_style_whatever_the_font():
    chars = word("Very", 100, 200, font="Arial") + word("Strong", 125, 200, font="Calibri") + word("Decrease", 160, 200, font="Arial-Bold")
    [line] = build_lines(chars, 1, LINES)
    assert [(s.text, s.bold, s.x0, s.x1) for s in line.spans] == [("Very Strong", False, 100, 155), (" Decrease", True, 160, 200)]
    assert (line.x0, line.x1, line.text) == (100, 200, "Very Strong Decrease")


def test_blocks_split_at_wide_line_steps_and_where_told():
    lines = build_lines(word("a", 100, 100) + word("b", 100, 112) + word("c", 100, 140) + word("d", 100, 152), 1, LINES)
    assert [[l.text for l in b] for b in blocks(lines, lambda upper, lower: False, LINES)] == [["a", "b"], ["c", "d"]]
    ruled_above_b = lambda upper, lower: lower.text == "b"  # noqa: E731
    assert [[l.text for l in b] for b in blocks(lines, ruled_above_b, LINES)] == [["a"], ["b"], ["c", "d"]]
