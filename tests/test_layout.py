"""Layout stage: lines and superscripts from character geometry."""
from __future__ import annotations

from annexparse.layout import build_lines, drawn_once
from annexparse.models import Char


def word(text: str, x: float, baseline: float, size: float = 10.0, font: str = "Body") -> list[Char]:
    chars, width = [], size * 0.5
    for k, letter in enumerate(text):
        x0 = x + k * width
        chars.append(Char(letter, font, size, x0, x0 + width, baseline - size, baseline, baseline))
    return chars


def test_raised_small_digits_are_a_superscript_of_their_line():
    chars = word("autocracy,", 100, 200) + word("12", 150, 196, size=6) + word(" Mongolia", 156, 200)
    [line] = build_lines(chars, page=5)
    assert [s.text for s in line.spans if s.superscript] == ["12"]
    assert line.plain_text == "autocracy, Mongolia"
    assert line.page == 5


def test_small_digits_on_the_baseline_are_text_not_markers():
    chars = word("see", 100, 200) + word(" 12", 115, 200, size=6)
    [line] = build_lines(chars, page=1)
    assert not any(s.superscript for s in line.spans)


def test_same_size_digits_raised_are_not_superscripts():
    chars = word("year", 100, 200) + word("2", 130, 197)
    lines = build_lines(chars, page=1)
    assert all(not s.superscript for line in lines for s in line.spans)


def test_lines_are_split_by_baseline_and_a_gap_becomes_a_space():
    chars = word("first", 100, 200) + word("line", 140, 200) + word("second", 100, 212)
    first, second = build_lines(chars, page=1)
    assert first.text == "first line"
    assert second.text == "second"


def test_bold_and_italic_come_from_the_font_name():
    chars = word("Very", 100, 200, font="ABC+Carlito-Bold") + word(" Strong", 120, 200, font="ABC+Carlito-Italic")
    [line] = build_lines(chars, page=1)
    assert [(s.bold, s.italic) for s in line.spans] == [(True, False), (False, True)]


def test_glyphs_drawn_twice_count_once():
    chars = word("bold", 100, 200)
    shifted = [c._replace(x0=c.x0 + 0.3, x1=c.x1 + 0.3) for c in chars]  # fake bold: drawn again, offset
    assert drawn_once(chars + shifted) == tuple(chars)
    [line] = build_lines(drawn_once(chars + shifted), page=1)
    assert line.text == "bold"


def test_a_span_is_a_run_of_one_style_whatever_the_font():
    chars = word("Very", 100, 200, font="Arial") + word("Strong", 125, 200, font="Calibri") + word("Decrease", 160, 200, font="Arial-Bold")
    [line] = build_lines(chars, page=1)
    assert [(s.text, s.bold, s.x0, s.x1) for s in line.spans] == [("Very Strong", False, 100, 155), (" Decrease", True, 160, 200)]
    assert (line.x0, line.x1, line.text) == (100, 200, "Very Strong Decrease")
