"""Stage 7 (footnotes): the footnote areas of all pages become numbered footnotes.

A footnote starts at a line that opens with its number: a superscript number
when the document prints them so, otherwise a plain number at the left edge
of the footnote area that fits the running sequence. Every other line
continues the footnote before it, across pages too. A URL that the line
break cut in two is rejoined: the line ends in a URL that reaches the right
edge of the area, and the next line goes on without a space; so is a word
cut after a slash or a hyphen (`A/HRC/` | `37/18`).
Thresholds: `settings.FootnoteSettings`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .evidence import clipped, make_issue
from .geometry import with_soft_hyphens
from .models import Box, Code, Evidence, Footnotes, FootnoteText, Issue, Line, PageLayout
from .settings import DEFAULT, FootnoteSettings, Settings
from .text import SOFT_HYPHEN

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
SCHEME_ONLY = re.compile(r"(?:https?|ftp)://$", re.IGNORECASE)  # a URL cut right after its scheme
# a printed label: digits, then a dot or a bracket (the text may follow without a gap: a label
# set in a box of fixed width touches the text when it fills the box, "15.United"), or nothing
LABEL = re.compile(r"^\s*(\d+)(?:([.)])(?=\s+\S|[^\s\d.,;:])|(?=\s+\S))")
TRAILING_PUNCTUATION = ".,;:!?'\"’”"
URL_PREFIXES = ("https://", "http://", "www.")
URL_ONLY_OPENINGS = "./-_?=&#%~"  # characters a URL's part opens with, and no word
SLUG = re.compile(r"\w-\w")  # words joined by hyphens, as a URL's slug joins them
FILE_NAME_TAIL = re.compile(r"^[\w-]*\.[a-z]{2,5}$")  # the end of a file name, with its extension


def collect_footnotes(layouts: Sequence[PageLayout], settings: Settings = DEFAULT) -> Footnotes:
    """All footnotes in printed order, each with the URLs its text shows, and a
    `reading_uncertain` finding for each page where a line opens like a label of the
    document's style but out of sequence (read as text of the footnote before it).

    A footnote starts at a line that opens with its label, in the style the
    document prints its labels in (a superscript number, or "12." or "12)" or
    "12" on the baseline at the area's left edge: whichever most lines of the
    footnote areas open with). A baseline label must be a number not used yet
    and near the last one (a footnote that did not fit on its call's page is
    printed on the next, after later ones): a line that merely opens with a
    number ("14 September ...") goes on with the footnote before it.

    Args:
        layouts: the pages, from the layout stage (their footnote areas and link annotations).
        settings: the thresholds (`settings.footnotes`).
    """
    style = _label_style(layouts, settings.footnotes)
    targets = frozenset(link.uri for layout in layouts for link in layout.page.links)
    footnotes: list[FootnoteText] = []
    doubtful: list[Line] = []  # lines that open like a label but were read as text
    used: set[int] = set()
    flows = [(k, k + 1) for k in range(len(layouts) - 1)]  # a footnote may go on on the next page
    areas = with_soft_hyphens([layout.footnotes for layout in layouts], layouts[0].words, settings.lines, flows) if layouts else []
    for lines in areas:
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        labels = [_label(line, left, settings.footnotes) for line in lines]
        for k, (line, label) in enumerate(zip(lines, labels)):
            last = footnotes[-1].number if footnotes else None
            if label is not None and label[0] == style and _plausible(label, last, used, settings.footnotes) and not _label_further_on(k, lines, labels, last):
                number = label[1]
                used.add(number)
                footnotes.append(FootnoteText(number, _body_of(line, label[0]).strip(), [line.page], lines=[line]))
            elif footnotes:
                if label is not None and label[0] == style and style in ("dot", "bracket") and label[1] not in used and label[1] <= last:
                    doubtful.append(line)  # a label of a footnote not read yet, printed far out of order
                _continue(footnotes[-1], line, right, targets)
    links = {layout.page.number: layout.page.links for layout in layouts}
    for footnote in footnotes:
        footnote.text = footnote.text.replace(SOFT_HYPHEN, "-")
        footnote.urls = shown_urls(footnote.text, [link.uri for link in _links_over(footnote.lines, links)])
    return Footnotes(footnotes, [_doubtful_label(line) for line in doubtful])


def _label_further_on(k: int, lines: Sequence[Line], labels: Sequence[tuple[str, int] | None], last: int | None) -> bool:
    """True when the number on the baseline that opens line k of a footnote area is text: it
    skips the next footnote's number, which a later line of the area opens with ('21 May
    2017' before '20 Reporters...'); or a later line opens with the same number in the same
    style, and line k does not follow the end of a sentence (or both do: a footnote's text may
    reach a line start with the next footnote's number, 'UNTC, 2023.' | '16. International...')."""
    label = labels[k]
    if label is None or label[0] == "super":
        return False
    if last is not None and label[1] > last + 1 and (label[0], last + 1) in labels[k + 1 :]:
        return True
    if label not in labels[k + 1 :]:
        return False
    later = labels.index(label, k + 1)

    def after_an_end(index: int) -> bool:
        return index > 0 and lines[index - 1].text.rstrip()[-1:] in ".!?)]"

    return after_an_end(later) or not after_an_end(k)


def _doubtful_label(line: Line) -> Issue:
    return make_issue(
        Code.READING_UNCERTAIN,
        f"A footnote line on page {line.page} opens like a footnote label ('{line.plain_text.strip()[:12]}') out of "
        "sequence; it was read as the text of the footnote before it.",
        [Evidence(side="footnote area", text=clipped(line.plain_text.strip()), box=Box.first_around([line]))],
        pages=[line.page],
    )


def _label(line: Line, left: float, settings: FootnoteSettings) -> tuple[str, int] | None:
    """(style, number) of the label a line opens with: 'super' for a superscript number, else
    'dot', 'bracket' or 'plain' for a number on the baseline at the area's left edge."""
    first = line.spans[0] if line.spans else None
    if first is not None and first.superscript and first.text.strip().isdigit():
        return "super", int(first.text.strip())
    if line.x0 > left + settings.label_indent * line.size:
        return None
    match = LABEL.match(line.plain_text)
    if not match:
        return None
    return {".": "dot", ")": "bracket", None: "plain"}[match.group(2)], int(match.group(1))


def _label_style(layouts: Sequence[PageLayout], settings: FootnoteSettings) -> str:
    """The style most lines of the footnote areas open with."""
    counts: dict[str, int] = {}
    for layout in layouts:
        if layout.footnotes:
            left = min(line.x0 for line in layout.footnotes)
            for line in layout.footnotes:
                label = _label(line, left, settings)
                if label is not None:
                    counts[label[0]] = counts.get(label[0], 0) + 1
    return max(counts, key=lambda style: (counts[style], style == "super")) if counts else "super"


def _plausible(label: tuple[str, int], last: int | None, used: set[int], settings: FootnoteSettings) -> bool:
    """A superscript label is always one; a baseline number is a label when it is not used yet
    and within `max_skip` of the last label (before it too: a footnote deferred to the next page)."""
    style, number = label
    if style == "super" or last is None:
        return True
    return number not in used and abs(number - last) <= settings.max_skip


def _body_of(line: Line, style: str) -> str:
    """The line's text without its leading footnote label."""
    if style == "super":
        return "".join(span.text for span in line.spans[1:])
    return LABEL.sub("", line.plain_text, count=1)


def _links_over(lines: Sequence[Line], links: dict) -> list:
    """The link annotations that lie over `lines`, in reading order (a link cut by a line
    break has an area on each line)."""
    found = []
    for line in lines:
        middle = (line.top + line.bottom) / 2
        over = [k for k in links.get(line.page, ()) if k.top <= middle <= k.bottom and k.x0 < line.x1 and k.x1 > line.x0]
        found += sorted(over, key=lambda k: k.x0)
    return found


def shown_urls(text: str, link_uris: Sequence[str] = ()) -> list[str]:
    """The URLs a footnote's printed text shows, in printed order.

    A link annotation's target is one of them when the text shows it (white
    space aside: a line break may cut it anywhere, right after `https://` too);
    an annotation whose target the text does not show is not. Where no
    annotation covers a URL the text shows, the printed URL stands.
    """
    compact = _compact(text)
    spans: list[tuple[int, int, str]] = []
    for uri in dict.fromkeys(link_uris):
        target = _compact(uri)
        start = compact.find(target)
        while target and start >= 0:
            spans.append((start, start + len(target), uri))
            start = compact.find(target, start + 1)
    cursor = 0
    for url in find_urls(text):
        target = _compact(url)
        start = compact.find(target, cursor)
        if start < 0:
            continue
        cursor = start + len(target)
        if not any(a <= start < b for a, b, _ in spans):
            spans.append((start, start + len(target), url))
    urls, covered = [], -1
    for start, end, url in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start >= covered:
            urls.append(url)
            covered = end
    return urls


def _compact(text: str) -> str:
    """`text` without white space."""
    return "".join(text.split())


def _continue(footnote: FootnoteText, line: Line, right: float, targets: frozenset[str] = frozenset()) -> None:
    previous = footnote.lines[-1]
    if footnote.text.endswith(SOFT_HYPHEN):  # a word the line break cut goes on
        footnote.text, joiner = footnote.text[:-1], ""
    else:
        joiner = "" if _url_cut(footnote.text, previous, line, right, targets) or _word_cut(footnote.text, line.text) else " "
    footnote.text = footnote.text.rstrip() + joiner + line.text.strip()
    footnote.lines.append(line)
    if line.page not in footnote.pages:
        footnote.pages.append(line.page)


def _word_cut(text_so_far: str, next_line: str) -> bool:
    """True when the line broke inside a word: right after a slash or a hyphen (`A/HRC/` |
    `37/18`, `Min-` | `jun`, `drop-` | `down`), both break opportunities that print no space,
    or after a period inside a slashed symbol that goes on on the next line (`A/HRC/WG.` |
    `6/40/SLB/3`). (A hyphen is kept: one the typesetter added cannot be told from a printed
    one without a dictionary, and these producers do not hyphenate.)"""
    last_word = text_so_far.rstrip().rsplit(" ", 1)[-1]
    if len(last_word) < 2 or not last_word[-2].isalnum() or URL.search(last_word):
        return False
    if last_word[-1] in "/-":
        return True
    first_word = next_line.strip().split(" ", 1)[0]
    return last_word[-1] == "." and "/" in last_word and "/" in first_word and first_word[:1].isalnum()


def _url_cut(text_so_far: str, previous: Line, line: Line, right: float, targets: frozenset[str] = frozenset()) -> bool:
    """True when `previous` ends inside a URL that goes on at the start of `line`.

    A line that ends with the first letters of a URL's scheme or of `www.`
    whose next line completes them was cut inside the URL (`h` | `ttps://`).
    A URL goes on when the next line opens with a character no word opens
    with (`.`, `/`, `?`...), or when the two parts joined begin a link target
    the document's annotations name (a typesetter that breaks URLs at any
    character cuts words in two: `united-n` | `ations`). Where the next line's
    first word would have fitted after the URL, the line was not wrapped
    between words, so the URL was cut. Otherwise the URL is taken as cut when
    it ends at a character after which URLs are broken and the next line does
    not open like a new sentence.
    """
    tail = previous.text.rstrip()
    so_far = text_so_far.rstrip()
    last_word = so_far.split(" ")[-1] if so_far else ""
    head = line.text.strip()
    first_word = head.split(" ")[0] if head else ""
    if SCHEME_ONLY.search(last_word) or _scheme_cut(last_word, first_word):
        return True
    found = URL.search(last_word)
    if not found or not first_word or URL.match(first_word):
        return False
    if first_word[0] in URL_ONLY_OPENINGS:
        return True
    if last_word[-1] == "." and first_word[:1].isalnum() and not first_word[:1].isupper() and "/" in first_word:
        return True  # a host name cut after one of its dots (`https://www.` | `example.org/...`)
    if last_word[-1] in ";,.":
        return False
    rest = first_word.rstrip(TRAILING_PUNCTUATION)
    if any(target.startswith(found.group(0) + rest) for target in targets):
        return True
    if FILE_NAME_TAIL.match(rest) or (not first_word[:1].isupper() and (SLUG.search(rest) or (rest[:1].isdigit() and last_word[-1].isdigit()))):
        return True  # a file name, a slug or a number cut in two (`MY` | `S.pdf`, `corruptio` | `n-scandal`, `2` | `022`)
    char_width = (previous.x1 - previous.x0) / max(len(tail), 1)
    if previous.x1 + char_width * (len(first_word) + 1) <= right:
        return True
    if re.match(r"^[A-Z][a-z]+(\s|$)", head) or re.match(r"^\(?(accessed|retrieved|viewed|last|and|or|see)(\s|$)", head, re.IGNORECASE):
        return False
    return last_word[-1] in "-_=&?%#~+/" or bool(re.search(r"[/=&%?_#]", first_word))


def _scheme_cut(last_word: str, first_word: str) -> bool:
    """True when `last_word` is the start of a URL's scheme or of `www.` that `first_word`
    completes (`htt` | `ps://...`, `w` | `ww.example.org`)."""
    if not last_word or not first_word or URL.search(last_word):
        return False
    opening = any(prefix.startswith(last_word) for prefix in URL_PREFIXES)
    return opening and any((last_word + first_word).lower().startswith(prefix) for prefix in URL_PREFIXES)


def find_urls(text: str) -> list[str]:
    urls = []
    for match in URL.finditer(text):
        url = match.group(0)
        while url and (url[-1] in TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if url:
            urls.append(url)
    return urls
