"""Stage 7 (footnotes): the footnote areas of all pages become numbered footnotes.

A footnote starts at a line that opens with its number: a superscript number
when the document prints them so, otherwise a plain number at the left edge
of the footnote area that fits the running sequence. Every other line
continues the footnote before it, across pages too. A URL that the line
break cut in two is rejoined: the line ends in a URL that reaches the right
edge of the area, and the next line goes on without a space.
Thresholds: `settings.FootnoteSettings`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .models import FootnoteText, Line, PageLayout
from .settings import DEFAULT, FootnoteSettings, Settings

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
PLAIN_NUMBER = re.compile(r"^\s*(\d{1,3})(?:[.)])?\s+(?=\S)")
TRAILING_PUNCTUATION = ".,;:!?'\"’”"


def _superscript_number(line: Line) -> int | None:
    first = line.spans[0] if line.spans else None
    if first is not None and first.superscript and first.text.strip().isdigit():
        return int(first.text.strip())
    return None


def _plain_number(line: Line, left: float, last: int | None, settings: FootnoteSettings) -> int | None:
    if line.x0 > left + settings.label_indent * line.size:
        return None
    match = PLAIN_NUMBER.match(line.plain_text)
    if not match:
        return None
    number = int(match.group(1))
    if last is not None and not (last <= number <= last + settings.max_skip):
        return None
    return number


def _body_of(line: Line, plain_number: bool) -> str:
    """The line's text without its leading footnote number."""
    if plain_number:
        return PLAIN_NUMBER.sub("", line.plain_text, count=1)
    return "".join(span.text for span in line.spans[1:]) if _superscript_number(line) is not None else line.text


def collect_footnotes(layouts: Sequence[PageLayout], settings: Settings = DEFAULT) -> list[FootnoteText]:
    """All footnotes in printed order.

    Args:
        layouts: the pages, from the layout stage (their footnote areas).
        settings: the thresholds (`settings.footnotes`).
    """
    superscript_style = any(_superscript_number(line) is not None for layout in layouts for line in layout.footnotes[:1])
    footnotes: list[FootnoteText] = []
    for layout in layouts:
        lines = list(layout.footnotes)
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        for line in lines:
            last = footnotes[-1].number if footnotes else None
            number = _superscript_number(line) if superscript_style else _plain_number(line, left, last, settings.footnotes)
            if number is not None:
                footnotes.append(FootnoteText(number, _body_of(line, not superscript_style).strip(), [line.page], lines=[line]))
            elif footnotes:
                _continue(footnotes[-1], line, right)
    for footnote in footnotes:
        footnote.urls = find_urls(footnote.text)
    return footnotes


def _continue(footnote: FootnoteText, line: Line, right: float) -> None:
    previous = footnote.lines[-1]
    joiner = "" if _url_cut(footnote.text, previous, line, right) else " "
    footnote.text = footnote.text.rstrip() + joiner + line.text.strip()
    footnote.lines.append(line)
    if line.page not in footnote.pages:
        footnote.pages.append(line.page)


def _url_cut(text_so_far: str, previous: Line, line: Line, right: float) -> bool:
    """True when `previous` ends inside a URL that goes on at the start of `line`.

    Where the next line's first word would have fitted after the URL, the line
    was not wrapped between words, so the URL was cut. Otherwise the URL is
    taken as cut when it ends at a character after which URLs are broken and
    the next line does not open like a new sentence.
    """
    tail = previous.text.rstrip()
    so_far = text_so_far.rstrip()
    last_word = so_far.split(" ")[-1] if so_far else ""
    if not URL.search(last_word) or last_word[-1] in ";,.":
        return False
    head = line.text.strip()
    first_word = head.split(" ")[0] if head else ""
    if not first_word:
        return False
    char_width = (previous.x1 - previous.x0) / max(len(tail), 1)
    if previous.x1 + char_width * (len(first_word) + 1) <= right:
        return True
    if re.match(r"^[A-Z][a-z]+(\s|$)", head) or re.match(r"^\(?(accessed|retrieved|viewed|last|and|or|see)(\s|$)", head, re.IGNORECASE):
        return False
    return last_word[-1] in "-_=&?%#~+/" or bool(re.search(r"[/=&%?_#]", first_word))


def find_urls(text: str) -> list[str]:
    urls = []
    for match in URL.finditer(text):
        url = match.group(0)
        while url and (url[-1] in TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if url:
            urls.append(url)
    return urls
