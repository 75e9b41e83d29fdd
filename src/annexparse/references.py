"""Stage 10 (references): every footnote split into the works it cites, each split into its parts.

The annexes cite in one consistent author-date style, and a small set of rules reads it:

* a citation **opens** with who and when (`Surname, Given, 2021.`, `Freedom House, 2021.`,
  `UNTC, n.d.`), with `United Nations, <body>,` for a UN document, or with `Ibid.`, at the start
  of the footnote or after a boundary (`. `, `; `, `: `, an opening bracket), never inside quotes;
* a signal (`See also:`, `Cf.`, `See:`) cuts the footnote too, and the first two become the
  next reference's `prefix`;
* prose before the first citation is a `note` ("As mentioned in a previous Indicator, ..." a
  `cross_reference`); prose that names a part of a quoted document (`see Part II of 'Title'`)
  is a reference to that document;
* inside a citation the parts follow in the style's order: a title (in quotes for an article,
  then the outlet and the day-month, or the journal's volume and pages), a locator (`p. 3`,
  `para. 115`, a quoted section name), a URL; a UN document gives its body, its title, its
  day-month-year, its symbol and a locator.

It is built on spaCy, a blank English pipeline (no model) of three rule components:

1. `annex_un_symbols`: a `Matcher` finds UN document symbols over spaCy's tokens (the tokenizer
   is told to split at `/`, so `A/HRC/46/9` is `A / HRC / 46 / 9`); a symbol may hold a space as
   printed (`A/HRC/ WG.6/36/MNG/3`) or a year (`S/RES/1674 (2006)`). Each is merged into one
   token (`retokenize`) and marked `UN_SYMBOL`.
2. `annex_marks`: a `SpanRuler` marks signals, `Ibid.`, day-months, years, locators, URLs
   (spaCy's `like_url`) and "Available at:" in `doc.spans["marks"]`.
3. `annex_references`: the stateful part: where citations open, where each ends, which kind
   it is and where its parts stand, from the marks and the punctuation between them. It writes
   `doc.spans["references"]` (one span per reference, labelled with its kind) and
   `doc.spans["parts"]` (AUTHORS, ORG, YEAR, TITLE, CONTAINER, DATE, UN_SYMBOL, LOCATOR, URL,
   PREFIX).

`pipeline()` gives that `nlp` object (built once per process) for anyone who wants to look at
the spans. `Ibid.` refers to the footnote printed just before (the printed convention); when
that footnote cites several works the reference is marked `ibid_ambiguous` (the Chicago rule:
an Ibid. follows a single work). Thresholds: none; the rules are the style's punctuation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .models import Annex, Footnote, Reference
from .text import MONTHS

YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# who and when, at an opening: "Surname, Given, 2021." / "Freedom House, 2021." / "UNTC, n.d." /
# "Surname, G. (2021)." The name runs to the comma before the year; it holds no sentence end
# (a period is allowed inside a word, "U.S", or after an initial, "E.", "Benedikte V.").
HEAD = re.compile(
    r"(?P<who>[A-Za-z\u00C0-\u024F](?:[^;:.!?\n]|\.(?=\S)|(?<=\b[A-Z])\.){0,200}?)"
    rf"(?:,\s*|\s+(?=\())\(?(?P<year>{YEAR}|n\.\s?d\.?)\)?(?:\.+|,)?(?=\s|$)\s*"
)
# "United Nations, <body> (<ABBR>)," (the body may hold commas: "Committee on Economic, Social
# and Cultural Rights (CESCR)") or "United Nations, <body>," or "United Nations,"
UN_OPENING = re.compile(
    r"(?P<org>United Nations(?:,\s*(?:[A-Z][^;()]{1,100}?\s\([A-Z][A-Za-z-]*\)(?=,)|[A-Z][^,;()]*?))?),\s+(?=[A-Z‘“'\"]|\d+\s+[A-Z])"
)
QUOTE_MARK = re.compile(r"[‘’“”'\"]")
SYMBOL_START = re.compile(r"(?<![\w/.:%#=?&-])[A-Z]{1,10}/")  # where a UN document symbol can start
IBID = re.compile(r"(?:Ibid(?:em)?|ibid(?:em)?)\b\.?,?\s*")
BOUNDARY_BEFORE = re.compile(r"[.;:!?)\]’”'\"]\s+$")  # what may stand before an opening
BOUNDARY = re.compile(r"[.;:!?)\]’”'\"]\s+")
OPENING_WORD = re.compile(rf"[A-Z\u00C0-\u024F]|[a-z][\w-]*(?=,\s*(?:{YEAR}|n\.\s?d))")
CROSS_REFERENCE = re.compile(
    r"^\s*(?:As (?:mentioned|noted|discussed|explained|stated|set out) (?:in|under|above|earlier|previously)"
    r"|See (?:also )?(?:the )?(?:previous |above |below )?(?:Indicator|indicator|section|Section)s?\b)"
)
EMBEDDED_DOCUMENT = re.compile(  # prose naming a part of a quoted document: "see Part II of 'Title'"
    r"\b(?P<locator>(?:Part|Chapter|Section|Annex|Appendix|Volume)\s+[IVXLC\d]+[A-Z]?)\s+of\s+"
    r"(?P<open>[‘“'\"])(?P<title>[^’”'\"]{3,}?)[’”'\"](?=[.,;)]?\s*$|[.,;)]\s)"
)
TREATY_TITLE = re.compile(r"^(?:[A-Z][\w-]*\s+){0,3}(?:Convention|Covenant|Treaty|Statute|Protocol|Charter)\b")
TREATY_COLLECTION = re.compile(r"\bTreaty Collection\b|\bUNTC\b")
# A title that names a document genre: the work is a report (a stand-alone document).
REPORT_TITLE = re.compile(
    r"\b(?:Reports?|Reporting|Review|Fact Sheet|Communiqu[ée]|Declaration|Chairman’s Statement|Chairman's Statement"
    r"|Chart|Yearbook|Evaluation|White Paper|Plan|Strategy|Survey|Handbook|Guidelines|Freedom in the World)\b"
)
# Publishers whose works cited in this genre are country reports (REFS.md names them).
REPORT_PUBLISHER = re.compile(
    r"\b(?:Amnesty International|Human Rights Watch|Freedom House|Bertelsmann Stiftung|Department of State"
    r"|International Crisis Group|Secretariat)\b"
)
ARTICLE_LOCATOR = re.compile(r"\b(?:vol|no|pp?)\.\s*\d|\d+\s*\(\d+\)|\b\d+:\d+")
ORGANISATION_WORD = re.compile(
    r"\b(?:Ministry|Department|Office|Council|Committee|Commission|Centre|Center|Institute|Foundation|International"
    r"|Nations|Watch|House|Bank|Forum|Agency|Association|Society|Union|Government|Organi[sz]ation|Secretariat"
    r"|University|Network|Project|Group|Coalition|Alliance|Fund|Programme|Program|Partnership|Stiftung|Portal)\b"
)
NAME_WORD = r"(?:[A-Z\u00C0-\u024F][\w'’\-]*\.?|[A-Z]\.)"  # "Declan", "Min-jun", "V.", "E."
INVERTED_PERSON = re.compile(rf"^{NAME_WORD}(?: {NAME_WORD})?, ?{NAME_WORD}(?:[ -]?{NAME_WORD}){{0,3}}$")
PERSON = re.compile(rf"^{NAME_WORD}(?: {NAME_WORD}){{1,3}}$")
OPEN_QUOTES, CLOSE_QUOTES = "‘“'\"", "’”'\""
SIGNAL_PREFIX = {"see also": "See also", "cf.": "Cf.", "cf": "Cf.", "see": None}
REFERENCE_FIELDS = ("kind", "authors", "organization", "year", "title", "container", "date", "un_symbol", "locator",
                    "url", "ibid_of", "prefix")  # fmt: skip


def with_references(annex: Annex) -> Annex:
    """`annex` with every footnote's `references`.

    Args:
        annex: the annex after the citations stage (its footnotes' text and URLs).
    """
    nlp = pipeline()
    docs = nlp.pipe(_doc(nlp, footnote.text, footnote.urls) for footnote in annex.footnotes)
    footnotes: list[Footnote] = []
    for footnote, doc in zip(annex.footnotes, docs):
        previous = footnotes[-1] if footnotes else None
        footnotes.append(footnote.model_copy(update={"references": references_of(doc, previous)}))
    return annex.model_copy(update={"footnotes": footnotes})


def read_references(text: str, urls: Sequence[str] = (), previous: Footnote | None = None) -> list[Reference]:
    """The works a footnote's text cites, in printed order.

    Args:
        text: the footnote's text.
        urls: the footnote's URLs (as the footnotes stage read them); a reference's `url` is one of them.
        previous: the footnote printed just before, which an `Ibid.` refers to.
    """
    nlp = pipeline()
    return references_of(nlp(_doc(nlp, text, urls)), previous)


def references_of(doc, previous: Footnote | None = None) -> list[Reference]:
    """The `Reference` models of a footnote `doc` that went through `pipeline()`."""
    return [_reference(span, doc, previous) for span in doc.spans["references"]]


def _doc(nlp, text: str, urls: Sequence[str]):
    doc = nlp.make_doc(text)
    doc.user_data["urls"] = list(urls)
    doc.user_data["text"] = text  # Doc.text joins every token again each time it is read
    return doc


def _text(doc) -> str:
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


# ---------------------------------------------------------------------------
# the spaCy pipeline


@lru_cache(maxsize=1)
def pipeline():
    """The blank English spaCy pipeline with the three rule components (built once per process)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("annex_un_symbols"):
        Language.factory("annex_un_symbols")(lambda nlp, name: _UnSymbols(nlp))
        Language.factory("annex_references")(lambda nlp, name: _References())
        spacy.registry.tokenizers(TOKENIZER)(lambda: _tokenizer)
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("annex_un_symbols")
    ruler = nlp.add_pipe("span_ruler", name="annex_marks", config={"spans_key": "marks", "overwrite": False})
    ruler.add_patterns(_mark_patterns())
    nlp.add_pipe("annex_references")
    return nlp


TOKENIZER = "annexparse.references_tokenizer.v1"


def _tokenizer(nlp):
    """English punctuation rules, splitting also at slashes, so that a UN symbol's parts are
    tokens (URLs stay whole: spaCy matches them before it splits infixes), and a volume from its
    issue ("73(2)"); no exceptions for abbreviations (the patterns take "p." and "p", "." alike,
    and loading the exceptions would cost more than the whole stage on a 100-footnote annex)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = nlp.Defaults
    return Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex([*defaults.infixes, r"/", r"(?<=\d)\((?=\d)"]).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


def _mark_patterns() -> list[dict]:
    """The `annex_marks` ruler's token patterns (attribute tests, not regular expressions,
    where they can be: the ruler tests every token)."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    dash = {"ORTH": {"IN": ["-", "–", "—", "and", "&"]}, "OP": "?"}
    then = {"IS_DIGIT": True, "OP": "?"}
    day = {"SHAPE": {"IN": ["d", "dd"]}}
    month = {"ORTH": {"IN": list(MONTHS)}}
    abbreviated = [form for word in ("p", "pp", "para", "paras", "vol", "no", "art", "arts", "ch", "chap", "sec") for form in (word, word + ".")]
    spelled = ["page", "pages", "paragraph", "paragraphs", "section", "chapter", "part", "article", "annex", "volume"]
    patterns = [
        {"label": "SIGNAL", "pattern": [{"LOWER": "see"}, {"LOWER": "also"}, {"ORTH": ":", "OP": "?"}]},
        {"label": "SIGNAL", "pattern": [{"LOWER": "see"}, {"ORTH": ":"}]},
        {"label": "SIGNAL", "pattern": [{"LOWER": {"IN": ["cf.", "cf"]}}, {"ORTH": ".", "OP": "?"}]},
        {"label": "DATE", "pattern": [day, month]},
        {"label": "DATE", "pattern": [month, day]},
        {"label": "YEAR", "pattern": [{"SHAPE": "dddd"}]},  # the component keeps 1600-2099
        {"label": "LOCATOR", "pattern": [{"LOWER": {"IN": abbreviated}}, {"ORTH": ".", "OP": "?"}, {"IS_DIGIT": True}, dash, then]},
        {"label": "LOCATOR", "pattern": [{"LOWER": {"IN": abbreviated}}, {"ORTH": ".", "OP": "?"}, {"ORTH": {"IN": roman}}]},
        {"label": "LOCATOR", "pattern": [{"LOWER": {"IN": spelled}}, {"IS_DIGIT": True}, dash, then]},
        {"label": "LOCATOR", "pattern": [{"LOWER": {"IN": spelled}}, {"ORTH": {"IN": roman}}]},
        {"label": "LOCATOR", "pattern": [{"IS_DIGIT": True}, {"ORTH": "("}, {"IS_DIGIT": True}, {"ORTH": ")"}]},  # 73(2)
        {"label": "URL", "pattern": [{"LIKE_URL": True}]},
        {"label": "AVAILABLE", "pattern": [{"LOWER": {"IN": ["available", "retrieved", "accessed"]}}, {"LOWER": {"IN": ["at", "from", "online", "via"]}}, {"ORTH": ":", "OP": "?"}]},
    ]  # fmt: skip
    return patterns


class _UnSymbols:
    """Marks UN document symbols (`A/HRC/46/9`, `CERD/C/MNG/CO/23-24`, `A/HRC/ WG.6/36/MNG/3`,
    `S/RES/1674 (2006)`) and merges each into one token."""

    def __init__(self, nlp) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab)
        body = {"TEXT": {"REGEX": r"^[A-Z]{1,10}$"}}  # the organ: A, S, E, CERD, UNEP ...
        part = {"TEXT": {"REGEX": r"^(?:/|-|[A-Za-z0-9](?:[A-Za-z0-9.]*[A-Za-z0-9])?)$"}, "OP": "+"}
        self.matcher.add("UN_SYMBOL", [[body, {"ORTH": "/"}, part]], greedy="LONGEST")

    def __call__(self, doc):
        from spacy.tokens import Span

        spans = []
        if not SYMBOL_START.search(_text(doc)):  # no capitals before a slash outside a URL: no symbol to look for
            doc.spans["marks"] = []
            return doc
        for match in sorted(self.matcher(doc, as_spans=True), key=lambda s: s.start):
            end = self._end(doc, match)
            if spans and match.start < spans[-1][1]:
                continue
            symbol = doc[match.start : end]
            parts = [t.text for t in symbol if t.text != "/"]
            # a symbol has three parts or a number: `A/HRC/46/9`, `S/RES/1674`, not `HIV/AIDS`
            if len(parts) >= 3 or any(ch.isdigit() for ch in symbol.text):
                spans.append((match.start, end))
        with doc.retokenize() as retokenizer:
            for start, end in spans:
                if end - start > 1:
                    retokenizer.merge(doc[start:end])
        marks = []
        shift = 0
        for start, end in spans:
            marks.append(Span(doc, start - shift, start - shift + 1, label="UN_SYMBOL"))
            shift += end - start - 1
        doc.spans["marks"] = marks
        return doc

    @staticmethod
    def _end(doc, match) -> int:
        """Where the symbol ends: a space is part of it only right after a slash (`A/HRC/ WG.6`);
        it does not end in a slash or a hyphen; a year in brackets may follow (`S/RES/1674 (2006)`)."""
        end = match.start + 1
        for token in doc[match.start + 1 : match.end]:
            before = doc[token.i - 1]
            if before.whitespace_ and before.text != "/":
                break
            end = token.i + 1
        while end > match.start + 1 and doc[end - 1].text in "/-":
            end -= 1
        year = doc[end : end + 3]
        if len(year) == 3 and doc[end - 1].whitespace_ and year[0].text == "(" and re.fullmatch(YEAR, year[1].text) and year[2].text == ")":
            end += 3
        return end


@dataclass
class _Cut:
    """One reference of a footnote as the rules read it: character offsets in the footnote's text."""

    start: int
    end: int
    kind: str = "web"
    prefix: str | None = None
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)


class _References:
    """Where each reference opens and ends, its kind and its parts, from the marks."""

    def __call__(self, doc):
        from spacy.tokens import Span

        from spacy.util import filter_spans

        text = _text(doc)
        # the ruler gives every match of a pattern that can repeat ("p. 885", "p. 885 – 887"): keep the longest
        marks = [(m.label_, m.start_char, m.end_char) for m in filter_spans(doc.spans["marks"])]
        marks = [m for m in marks if m[0] != "YEAR" or re.fullmatch(YEAR, text[m[1] : m[2]])]
        urls = doc.user_data.get("urls", [])
        references, parts = [], []
        for cut in _cuts(text, marks, urls):
            span = doc.char_span(cut.start, cut.end, label=cut.kind, alignment_mode="expand")
            if span is None:
                continue
            references.append(span)
            if cut.prefix:
                parts.append(Span(doc, span.start, span.start, label="PREFIX", kb_id=cut.prefix))
            for label, (a, b) in cut.parts.items():
                # a part's exact characters are kept in its span's id (a token may hold more)
                part = doc.char_span(a, b, label=label, alignment_mode="expand", span_id=f"{a}:{b}")
                if part is not None:
                    parts.append(part)
        doc.spans["references"] = references
        doc.spans["parts"] = parts
        return doc


# ---------------------------------------------------------------------------
# the rules over the text and the marks


def _cuts(text: str, marks: list[tuple[str, int, int]], urls: Sequence[str]) -> list[_Cut]:
    """The references of a footnote, in printed order."""
    quoted = _quoted(text)
    marks = [mark for mark in marks if not quoted[mark[1]]]  # a date or a "Section 2" inside a title is the title's
    signals = [(a, b) for label, a, b in marks if label == "SIGNAL" and not quoted[a] and _signal_at_boundary(text, a, b)]
    openings = _openings(text, quoted, marks, {b for _, b in signals})
    starts = sorted({*(a for a, _ in signals), *openings})
    cuts: list[_Cut] = []
    first = starts[0] if starts else len(text)
    lead = text[:first].strip()
    if lead and re.search(r"[A-Za-z]{2}", lead):
        cuts.append(_prose(text, 0, len(text[:first].rstrip(" ;:(")), marks, urls))
    signal_end = {a: b for a, b in signals}
    k = 0
    while k < len(starts):
        start = starts[k]
        prefix = None
        if start in signal_end:
            prefix = SIGNAL_PREFIX.get(re.sub(r"\s+", " ", text[start : signal_end[start]].rstrip(":").strip().lower()))
            start = signal_end[start]
            while start < len(text) and text[start] in " :":
                start += 1
            if k + 1 < len(starts) and starts[k + 1] <= start:  # the signal's reference opens right after it
                k += 1
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        k += 1
        body_end = _trim_end(text, start, end)
        if body_end <= start:
            continue
        if start not in openings and start != 0:  # a signal followed by something that is not a citation
            cut = _prose(text, start, body_end, marks, urls)
            cut.prefix = prefix if cut.kind not in ("note", "cross_reference") else None
            if cut.kind in ("note", "cross_reference") and cuts:
                continue  # prose after a signal belongs to no work
        else:
            cut = _citation(text, start, body_end, marks, urls, quoted)
            cut.prefix = prefix
        cuts.append(cut)
    return cuts


def _quoted(text: str) -> list[bool]:
    """For each character: is it inside quotation marks? Straight quotes open after a space or a
    bracket and close before punctuation or a space; a quote inside a word is an apostrophe, and
    so is a closing mark after an "s" that a word in lower case follows ("the Philippines’
    courts"). A quote left open at the end of the text was no quote: it is read again without it."""
    marks = [m.start() for m in QUOTE_MARK.finditer(text)]
    ignored: set[int] = set()
    for _ in range(4):
        stack: list[tuple[str, int]] = []
        spans: list[tuple[int, int]] = []  # outermost quotations: [opening mark, closing mark)
        for k in marks:
            if k in ignored:
                continue
            ch = text[k]
            before = text[k - 1] if k else " "
            after = text[k + 1] if k + 1 < len(text) else " "
            opens = ch in OPEN_QUOTES and (before.isspace() or before in "([{‘“'\"") and not after.isspace()
            possessive = before in "sz" and after.isspace() and text[k + 1 :].lstrip()[:1].islower()
            closes = ch in CLOSE_QUOTES and stack and not before.isspace() and not after.isalnum() and not possessive
            if closes and _pairs(stack[-1][0], ch):
                opened = stack.pop()[1]
                if not stack:
                    spans.append((opened, k))
                continue
            if opens:
                stack.append((ch, k))
        if not stack:
            break
        ignored.add(stack[0][1])
    inside = [False] * (len(text) + 1)
    for a, b in spans:
        inside[a:b] = [True] * (b - a)
    return inside


def _pairs(opening: str, closing: str) -> bool:
    return closing == _closing(opening) or (closing in "’'" and opening in "‘'") or (closing in "”\"" and opening in "“\"")


def _closing(opening: str) -> str:
    return {"‘": "’", "“": "”"}.get(opening, opening)


def _signal_at_boundary(text: str, a: int, b: int) -> bool:
    """A signal cuts where it opens a sentence or follows a semicolon ('See also:', 'Cf.')."""
    before = text[:a]
    if before.strip() and not BOUNDARY_BEFORE.search(before):
        return False
    said = text[a:b].strip().lower()
    return said.endswith(":") or said.startswith("cf") or said == "see also"


def _openings(text: str, quoted: list[bool], marks, after_signals: set[int] = frozenset()) -> list[int]:
    """Where citations open: a head (who, when), a UN body or Ibid. at a boundary (the start,
    after '. ', '; ', ': ' or a signal)."""
    found: list[int] = []
    inside_until = 0  # a head's own words open nothing ("Smith, J. R., 2018.")
    candidates = {0, *(m.end() for m in BOUNDARY.finditer(text))}
    for end in after_signals:
        k = end
        while k < len(text) and text[k].isspace():
            k += 1
        candidates.add(k)
    for k in sorted(candidates):
        # a capitalised word, or a one-word name in lower case right before its year ("unicef, 2020.")
        if k < inside_until or k >= len(text) or quoted[k] or not OPENING_WORD.match(text, k):
            continue
        if IBID.match(text, k):
            found.append(k)
            continue
        un = UN_OPENING.match(text, k)
        if un:
            found.append(k)
            inside_until = un.end()
            continue
        head = HEAD.match(text, k)
        if head and _plausible_who(head.group("who")):
            found.append(k)
            inside_until = head.end()
    symbols = [a for label, a, _ in marks if label == "UN_SYMBOL"]
    if symbols and not any(k <= symbols[0] for k in found) and not re.search(r"[.!?]\s+[A-Z]", text[: symbols[0]]):
        found.insert(0, 0)  # "<body>, <title>, <date>, <symbol>": a UN document without "United Nations"
    return found


def _plausible_who(who: str) -> bool:
    """A head's name: not a sentence ("The legislation was passed in 2021"): its words are
    capitalised but for particles, or it is one word ("unicef")."""
    words = who.split()
    if len(words) > 12:
        return False
    if len(words) == 1:
        return True
    lower = [w for w in words if w[:1].islower() and w not in ("of", "the", "for", "and", "on", "in", "de", "du", "van", "von", "der", "da", "la", "to", "at")]
    return not lower


def _trim_end(text: str, start: int, end: int) -> int:
    """The end of a reference's text: before the next one's separator (`; `, `. `, an opening bracket)."""
    piece = text[start:end].rstrip()
    while piece and piece[-1] in ";:(,":
        piece = piece[:-1].rstrip()
    return start + len(piece)


def _prose(text: str, start: int, end: int, marks, urls) -> _Cut:
    """Prose before the first citation: a note, a cross-reference, or a reference to a document
    named in it ("see Part II of 'Title'"); text that only holds a URL cites that web page."""
    chunk = text[start:end]
    if CROSS_REFERENCE.match(chunk):
        return _Cut(start, end, "cross_reference")
    embedded = EMBEDDED_DOCUMENT.search(chunk)
    if embedded:
        parts = {"TITLE": (start + embedded.start("title"), start + embedded.end("title")),
                 "LOCATOR": (start + embedded.start("locator"), start + embedded.end("locator"))}  # fmt: skip
        return _Cut(start, end, "report", parts=parts)
    url = _url_in(text, start, end, marks, urls)
    if url and start == 0 and not re.search(r"[.!?]\s", chunk[: url[0] - start]):
        cut = _Cut(start, end, "web", parts={"URL": url})
        title_end = _before_url(text, start, url[0])
        if title_end > start:
            cut.parts["TITLE"] = (start, title_end)
        return cut
    return _Cut(start, end, "note")


def _url_in(text: str, start: int, end: int, marks, urls) -> tuple[int, int] | None:
    """Where the first URL of text[start:end] stands (one of the footnote's `urls` where they are
    known, else a URL spaCy recognised)."""
    for url in urls:
        at = text.find(url, start, end + 1)
        if at >= 0:
            return at, at + len(url)
    for label, a, b in marks:
        if label == "URL" and start <= a < end:
            return a, b
    return None


def _before_url(text: str, start: int, url_start: int) -> int:
    """Where the text before a URL ends: before ', ' or '. Available at: '."""
    k = url_start
    before = text[start:k]
    available = re.search(r"[.,]?\s*(?:Available|Retrieved|Accessed)\s+(?:at|from|online|via)\s*:?\s*$", before, re.IGNORECASE)
    if available:
        k = start + available.start()
    else:
        k = start + len(before.rstrip(" ,:<"))
    return k


def _citation(text: str, start: int, end: int, marks, urls, quoted: list[bool]) -> _Cut:
    """The kind and the parts of one citation, text[start:end]."""
    cut = _Cut(start, end)
    ibid = IBID.match(text, start)
    if ibid:
        cut.kind = "ibid"
        locator = text[ibid.end() : end].strip().rstrip(".").strip()
        if locator:
            at = text.find(locator, ibid.end())
            cut.parts["LOCATOR"] = (at, at + len(locator))
        return cut
    url = _url_in(text, start, end, marks, urls)
    body_end = _before_url(text, start, url[0]) if url else len(text[:end].rstrip(" .")) 
    if url:
        cut.parts["URL"] = url
    symbol = next(((a, b) for label, a, b in marks if label == "UN_SYMBOL" and start <= a < body_end), None)
    head = HEAD.match(text, start)
    head = head if head and _plausible_who(head.group("who")) else None
    un = UN_OPENING.match(text, start)
    if un:
        head = None  # "United Nations, Security Council, Resolution 1674 (2006)" is no author-date head
    if symbol or un:
        return _un_document(text, cut, start, body_end, symbol, head, un, marks)
    if head is None:
        cut.parts["TITLE"] = (start, body_end)
        return cut
    who_start, who_end = head.start("who"), head.start("who") + len(head.group("who").rstrip(" ,"))
    who = text[who_start:who_end]
    persons = _persons(who)
    cut.parts["AUTHORS" if persons else "ORG"] = (who_start, who_end)
    if head.group("year")[0].isdigit():
        cut.parts["YEAR"] = (head.start("year"), head.end("year"))
    rest = head.end()
    title, after, article = _title(text, rest, body_end, quoted, marks)
    if title:
        cut.parts["TITLE"] = title
    tail_start = after
    while tail_start < body_end and text[tail_start] in " .,;:":
        tail_start += 1
    tail = (tail_start, body_end)
    locators = _locators(text, marks, tail_start, body_end)
    if article:
        container_end = text.find(",", tail_start, body_end)
        container_end = body_end if container_end < 0 else container_end
        date = next(((a, b) for label, a, b in marks if label == "DATE" and tail_start <= a < body_end), None)
        if locators and locators[0] < container_end:
            container_end = len(text[: locators[0]].rstrip(" ,"))
        if container_end > tail_start and not (date and date[0] == tail_start):
            cut.parts["CONTAINER"] = (tail_start, len(text[:container_end].rstrip(" .")))
        if date:
            cut.parts["DATE"] = date
        if locators:
            cut.parts["LOCATOR"] = locators
        if locators and ARTICLE_LOCATOR.search(text[tail[0] : tail[1]]) and not date:
            cut.kind = "academic"
        else:
            cut.kind = "news" if date else "web"
        return cut
    if locators:
        cut.parts["LOCATOR"] = locators
    if title:  # a page's date after its title: "Press briefing notes on Myanmar, 5 May 2020"
        dated = _trailing_date(text, title, marks)
        if dated:
            title, cut.parts["DATE"] = dated
            cut.parts["TITLE"] = title
    title_text = text[title[0] : title[1]] if title else ""
    if TREATY_COLLECTION.search(who) or TREATY_TITLE.match(title_text):
        cut.kind = "legal"
    elif locators or _names_a_genre(title_text) or (not persons and REPORT_PUBLISHER.search(who)):
        cut.kind = "report"
    else:
        cut.kind = "web"
    return cut


def _trailing_date(text: str, title: tuple[int, int], marks) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(the title without it, the day-month) when a title ends with ', <day month> <year>'."""
    for label, a, b in marks:
        if label == "DATE" and title[0] < a < title[1] and re.fullmatch(rf"\s+{YEAR}", text[b : title[1]]):
            before = text[title[0] : a]
            if before.rstrip().endswith(","):
                return (title[0], title[0] + len(before.rstrip(" ,"))), (a, b)
    return None


def _names_a_genre(title: str) -> bool:
    """True when the title's first phrase (before its first preposition) names a document genre:
    "Mutual Evaluation Report of X", "X Fact Sheet", "Declaration of the 39th Summit", not "List
    of Supporters of the Political Declaration"."""
    head = re.split(r"\s(?:of|on|for|to|in|by|at|from|with|about|under|against|and|into)\s", title, maxsplit=1)[0]
    return bool(REPORT_TITLE.search(head))


def _title(text: str, start: int, end: int, quoted: list[bool], marks) -> tuple[tuple[int, int] | None, int, bool]:
    """The title after a head: in quotes (an article), else up to a quoted section name, a
    locator or the end. Returns the title's offsets, where the text after it starts, and
    whether it is an article's (quoted) title."""
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return None, end, False
    if text[start] in OPEN_QUOTES and quoted[start]:
        close = start + 1
        while close < end and quoted[close]:
            close += 1
        if close < end and text[close] in CLOSE_QUOTES:
            return (start + 1, close), close + 1, True
    # an article's title whose opening quote was left out: it ends with an unmatched closing
    # quote before '. ' ("Mongolia edges towards autocracy'. Al Jazeera, 18 July")
    for match in re.finditer(r"(?<=\S)[’'”\"](?=[.,]\s)", text[start:end]):
        k = start + match.start()
        if not quoted[k] and not re.search(r"[.!?]\s", text[start:k]):
            return (start, k), k + 1, True
        break
    stop = end
    # a quoted section name at the end ("..., ‘F. Rule of Law’")
    for match in re.finditer(r",\s+(?=[‘“'\"])", text[start:end]):
        q = start + match.end()
        if quoted[q + 1 if q + 1 < len(text) else q] and _quote_reaches(text, q, end, quoted):
            stop = start + match.start()
            break
    for label, a, _ in marks:
        if label == "LOCATOR" and start < a < stop and re.search(r",\s*$", text[start:a]):
            stop = len(text[:a].rstrip(" ,"))
            break
    title_start = start
    numbered = re.match(r"\d{1,3}\.\s+(?=[A-Z])", text[start:stop])  # a treaty's number in its collection ("10. Rome Statute")
    if numbered:
        title_start += numbered.end()
    stop = len(text[:stop].rstrip(" .,"))
    if stop <= title_start:
        return None, end, False
    return (title_start, stop), stop, False


def _quote_reaches(text: str, q: int, end: int, quoted: list[bool]) -> bool:
    """True when the quotation opened at `q` closes at the end of the reference's body."""
    k = q + 1
    while k < end and quoted[k]:
        k += 1
    return k < len(text) and text[k] in CLOSE_QUOTES and not text[k + 1 : end].strip(" .,")


def _locators(text: str, marks, start: int, end: int) -> tuple[int, int] | None:
    """The locator in text[start:end]: locator marks (joined when only ', ' stands between them),
    or a quoted section name."""
    found = sorted((a, b) for label, a, b in marks if label == "LOCATOR" and start <= a < end)
    if found:
        a, b = found[0]
        for c, d in found[1:]:
            if re.fullmatch(r",?\s*", text[b:c]):
                b = d
        return a, len(text[:b].rstrip(" ,.;"))
    quote = re.search(r"[‘“'\"][^’”'\"]{2,}[’”'\"]", text[start:end])
    if quote and not text[start + quote.end() : end].strip(" .,"):
        return start + quote.start(), start + quote.end()
    return None


def _un_document(text: str, cut: _Cut, start: int, end: int, symbol, head, un, marks) -> _Cut:
    """`United Nations, <body> (<abbr>), <title>, <day month year>, <symbol>, <locator>`."""
    cut.kind = "un_document"
    if head:
        org_end = head.start("who") + len(head.group("who").rstrip(" ,"))
        cut.parts["ORG"] = (head.start("who"), org_end)
        if head.group("year")[0].isdigit():
            cut.parts["YEAR"] = (head.start("year"), head.end("year"))
        title_start = head.end()
    elif un:
        cut.parts["ORG"] = (un.start("org"), un.end("org"))
        title_start = un.end()
    else:
        comma = text.find(", ", start, end)
        cut.parts["ORG"] = (start, comma if comma > 0 else start)
        title_start = comma + 2 if comma > 0 else start
    limit = symbol[0] if symbol else end
    dates = [(a, b) for label, a, b in marks if label == "DATE" and title_start <= a < limit]
    years = {a: b for label, a, b in marks if label == "YEAR"}
    title_end = limit
    if dates:
        a, b = dates[-1]
        year_start = b + (len(text[b:]) - len(text[b:].lstrip()))
        cut.parts["DATE"] = (a, b)
        if year_start in years and "YEAR" not in cut.parts:
            cut.parts["YEAR"] = (year_start, years[year_start])
        title_end = a
    title_end = len(text[:title_end].rstrip(" ,"))
    if title_end > title_start:
        cut.parts["TITLE"] = (title_start, title_end)
    if symbol:
        cut.parts["UN_SYMBOL"] = symbol
        locator = _locators(text, marks, symbol[1], end)
        if locator:
            cut.parts["LOCATOR"] = locator
    return cut


def _persons(who: str) -> list[str] | None:
    """The persons a head names, as printed: the first inverted ("Surname, Given"), the others
    after a comma or "and" either way ("Given Surname" or "Surname, Given"); None when it names
    an organisation."""
    if ORGANISATION_WORD.search(who):
        return None
    parts = [p.strip() for p in re.split(r"\s+(?:and|&)\s+|,\s+", who) if p.strip()]
    persons: list[str] = []
    k = 0
    while k < len(parts):
        inverted = f"{parts[k]}, {parts[k + 1]}" if k + 1 < len(parts) else ""
        if inverted and INVERTED_PERSON.match(inverted) and (not persons or not PERSON.match(parts[k])):
            persons.append(inverted)
            k += 2
        elif persons and PERSON.match(parts[k]):
            persons.append(parts[k])
            k += 1
        else:
            return None
    if not persons:
        return None
    # as printed: the first person's comma may be followed by no space ("Lee,Min-jun")
    first = re.match(rf"{re.escape(persons[0].split(', ', 1)[0])},\s*{re.escape(persons[0].split(', ', 1)[1])}", who)
    if first:
        persons[0] = first.group(0)
    return persons


# ---------------------------------------------------------------------------
# spans to models


def _reference(span, doc, previous: Footnote | None) -> Reference:
    kind = span.label_
    text = _text(doc)
    fields: dict = {name: None for name in REFERENCE_FIELDS}
    fields.update(kind=kind, authors=[], span=[span.start_char, span.end_char])
    found: dict[str, str] = {}
    for part in doc.spans["parts"]:
        if not (span.start <= part.start and part.end <= span.end):
            continue
        if part.label_ == "PREFIX":
            if part.start == span.start:
                fields["prefix"] = part.kb_id_
            continue
        a, b = (int(x) for x in part.id_.split(":"))
        if span.start_char <= a and b <= span.end_char:
            found[part.label_] = text[a:b]
    if kind in ("note", "cross_reference"):
        fields["prefix"] = None
        return Reference(**fields)
    if kind == "ibid":
        fields["locator"] = found.get("LOCATOR")
        if previous is not None:
            fields["ibid_of"] = previous.number
            fields["ibid_ambiguous"] = sum(1 for r in previous.references if r.kind not in ("note", "cross_reference")) > 1
        return Reference(**fields)
    if "AUTHORS" in found:
        fields["authors"] = _persons(found["AUTHORS"]) or []
    fields["organization"] = found.get("ORG")
    year = found.get("YEAR")
    fields["year"] = int(year) if year and year.isdigit() else None
    for label, name in (("TITLE", "title"), ("CONTAINER", "container"), ("DATE", "date"), ("UN_SYMBOL", "un_symbol"), ("LOCATOR", "locator")):
        fields[name] = found.get(label)
    printed = found.get("URL")
    urls: Iterable[str] = doc.user_data.get("urls", [])
    fields["url"] = next((u for u in urls if printed and (u == printed or printed.startswith(u))), None)
    return Reference(**fields)
