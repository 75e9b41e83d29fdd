"""Stage 5 (indicators): each stitched row becomes an indicator's text.

The assessment cell gives the rating (its bold part, or the rating words it
starts with) and the change (the rest). The notes cell gives the note as
plain text (paragraphs and list items on their own lines, bullets and
footnote markers removed), as Markdown (italic, bold, list items and
`[^n]` markers kept), and the markers with their offsets in the plain text.
Words that are not a known rating or change are kept as printed.
Thresholds: `settings.IndicatorSettings` (and `LineSettings.block_pitch`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .geometry import close_lines
from .models import Box, Change, Column, IndicatorText, Line, Marker, NoteText, Rating, StitchedRow
from .settings import DEFAULT, Settings
from .text import SOFT_HYPHEN, clean, join_lines

BULLETS = "•▪◦·‣○■□➢►✓–-*"
RATING_WORDS = re.compile(r"^\s*(very\s+strong|strong|fair|very\s+weak|weak)\b", re.IGNORECASE)


def read_indicators(rows: Sequence[StitchedRow], settings: Settings = DEFAULT) -> list[IndicatorText]:
    """Each row's indicator text, rating, change and note, in printed order.

    Args:
        rows: the stitched rows of the detailed table, from the rows stage.
        settings: the thresholds (`settings.indicators`, `settings.lines`).
    """
    calls = CallOrder()
    return [_read_row(row, settings, calls) for row in rows]


class CallOrder:
    """The citation calls read so far, in reading order, to tell calls printed side by side
    ("12" for calls 1 and 2) from one call: a call is the next number not called yet, or one
    called before. A run of digits that is neither is read as several calls when it splits
    into the next numbers in a row ("2526" after 24: 25 and 26), else as one (a call past
    numbers never called: the document's own inconsistency, which the checks report)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.highest = 0

    def numbers(self, digits: str) -> list[int]:
        whole = int(digits)
        parts = [whole] if whole == self.highest + 1 or whole in self.seen else (self._consecutive(digits) or [whole])
        self.seen.update(parts)
        self.highest = max(self.highest, *parts)
        return parts

    def _consecutive(self, digits: str) -> list[int] | None:
        parts, rest, expected = [], digits, self.highest + 1
        while rest:
            if not rest.startswith(str(expected)):
                return None
            parts.append(expected)
            rest, expected = rest[len(str(expected)):], expected + 1
        return parts if len(parts) > 1 else None


def _read_row(row: StitchedRow, settings: Settings, calls: CallOrder) -> IndicatorText:
    indicator_lines, assessment_lines = row.lines(Column.INDICATOR), row.lines(Column.ASSESSMENT)
    rating, change = parse_assessment(assessment_lines)
    return IndicatorText(
        thematic_area=row.thematic_area,
        indicator=join_lines(line.plain_text for line in indicator_lines),
        rating=rating,
        change=change,
        note=build_note(row.lines(Column.NOTES), settings, calls),
        pages=row.pages,
        boxes=Box.around(row.every_line),
        indicator_box=Box.first_around(indicator_lines),
        assessment_box=Box.first_around(assessment_lines),
    )


def parse_assessment(lines: Sequence[Line]) -> tuple[Rating | str, Change | str | None]:
    """Split an assessment cell into (rating, change)."""
    spans = [span for line in lines for span in line.spans if not span.superscript]
    bold = clean(" ".join(s.text for s in spans if s.bold))
    regular = clean(" ".join(s.text for s in spans if not s.bold))
    if bold and regular:
        return Rating.from_printed(bold), Change.from_printed(regular)
    text = bold or regular
    match = RATING_WORDS.match(text)
    if match:
        return Rating.from_printed(match.group(1)), Change.from_printed(text[match.end():])
    if len(lines) > 1:  # an unknown rating on the first line(s), the change on the last
        return Rating.from_printed(" ".join(l.plain_text for l in lines[:-1])), Change.from_printed(lines[-1].plain_text)
    return Rating.from_printed(text), None


# ---------------------------------------------------------------------------
# notes


@dataclass
class _Paragraph:
    is_item: bool
    lines: list[Line]


def _bullet_of(line: Line) -> str | None:
    text = line.text.lstrip()
    if text and (text[0] in BULLETS or _private_use(text[0])) and (len(text) == 1 or text[1].isspace()):
        return text[0]
    return None


def _private_use(char: str) -> bool:
    return 0xE000 <= ord(char) <= 0xF8FF


def _paragraphs(lines: Sequence[Line], settings: Settings) -> list[_Paragraph]:
    """Group note lines into paragraphs and list items."""
    indent_share = settings.indicators.item_indent
    result: list[_Paragraph] = []
    for line in lines:
        if not line.text.strip():
            continue
        is_item = _bullet_of(line) is not None
        if result and not is_item:
            previous = result[-1].lines[-1]
            same_page = previous.page == line.page
            close = close_lines(previous, line, settings.lines)
            continues_item = result[-1].is_item and line.x0 > result[-1].lines[0].x0 + indent_share * line.size
            if (close and (not result[-1].is_item or continues_item)) or (not same_page and _continues_across_page(result[-1], line, indent_share * line.size)):
                result[-1].lines.append(line)
                continue
        result.append(_Paragraph(is_item, [line]))
    return result


def _continues_across_page(paragraph: _Paragraph, line: Line, indent: float) -> bool:
    """A paragraph cut by a page break goes on at the top of the next page."""
    if paragraph.is_item:
        return line.x0 > paragraph.lines[0].x0 + indent
    last = paragraph.lines[-1].plain_text.rstrip()
    return not last.endswith((".", ":", "!", "?")) or line.plain_text.lstrip()[:1].islower()


def build_note(lines: Sequence[Line], settings: Settings = DEFAULT, calls: CallOrder | None = None) -> NoteText:
    """The note's plain text, Markdown and citation markers (`calls`: the calls read before
    this note, to tell calls printed side by side apart)."""
    calls = calls if calls is not None else CallOrder()
    plain_parts: list[str] = []
    markdown_parts: list[str] = []
    markers: list[Marker] = []
    offset = 0
    grouped = _paragraphs(lines, settings)
    for index, paragraph in enumerate(grouped):
        if index:
            plain_parts.append("\n")
            offset += 1
            markdown_parts.append("\n" if paragraph.is_item and grouped[index - 1].is_item else "\n\n")
        runs = _runs(paragraph)
        if paragraph.is_item:
            markdown_parts.append("- ")
        for text, bold, italic, superscript, page, box in runs:
            if superscript:
                numbers = [number for digits in re.findall(r"\d+", text) for number in calls.numbers(digits)]
                if numbers:
                    for number in numbers:
                        markers.append(Marker(number, offset, page, box))
                        markdown_parts.append(f"[^{number}]")
                    continue
            plain_parts.append(text)
            offset += len(text)
            markdown_parts.append(_emphasise(text, bold, italic))
    return NoteText("".join(plain_parts).replace(SOFT_HYPHEN, "-"), _tidy_markdown("".join(markdown_parts)).replace(SOFT_HYPHEN, "-"), markers)


Run = tuple[str, bool, bool, bool, int, Box]  # text, bold, italic, superscript, page, where


def _runs(paragraph: _Paragraph) -> list[Run]:
    """Style runs of a paragraph, lines joined by one space, bullet removed."""
    runs: list[Run] = []
    for line_number, line in enumerate(paragraph.lines):
        spans = list(line.spans)
        if line_number == 0 and paragraph.is_item:
            first = spans[0]
            stripped = first.text.lstrip()[1:].lstrip()
            spans[0] = replace(first, text=stripped)
        if line_number and not all(span.superscript for span in spans):  # a call wrapped onto a line of its own follows on
            _append_space(runs, line.page)
        for index, span in enumerate(spans):
            text = span.text
            if index == 0:
                text = text.lstrip()
            if index == len(spans) - 1:
                text = text.rstrip()
            if text:
                box = Box(page=line.page, x0=round(span.x0, 1), top=round(line.top, 1), x1=round(span.x1, 1), bottom=round(line.bottom, 1))
                runs.append((text, span.bold, span.italic, span.superscript, line.page, box))
    return _merge_runs(runs)


def _append_space(runs: list[Run], page: int) -> None:
    if not runs:
        return
    text, bold, italic, superscript, run_page, box = runs[-1]
    if text.endswith(SOFT_HYPHEN):  # a word the line break cut goes on on the next line
        runs[-1] = (text[:-1], bold, italic, superscript, run_page, box)
        return
    if superscript:
        runs.append((" ", False, False, False, page, box))
    else:
        runs[-1] = (text + " ", bold, italic, superscript, run_page, box)


def _merge_runs(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1][1:4] == run[1:4]:
            last = merged[-1]
            merged[-1] = (last[0] + run[0], *last[1:])
        else:
            merged.append(run)
    return merged


def _emphasise(text: str, bold: bool, italic: bool) -> str:
    core = text.strip()
    if not core or not (bold or italic):
        return text
    mark = ("**" if bold else "") + ("*" if italic else "")
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark[::-1]}{trail}"


def _tidy_markdown(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()
