"""Small text helpers shared by the stages."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",  # as printed in dates
          "October", "November", "December")  # fmt: skip

# the printed score lines of the annex format: "<Country> <year> Score: N" and "Difference: + N"
SCORE_LINE = re.compile(
    r"^\s*(?P<country>.*?)\s*(?P<year>(?:19|20)\d\d)\s+score\s*:?\s*(?P<value>[-+−–]?\s*\d{1,3})?\s*$", re.IGNORECASE
)
DIFFERENCE_LINE = re.compile(r"^\s*difference\s*:?\s*(?P<sign>[-+−–])?\s*(?P<value>\d{1,3})?\s*$", re.IGNORECASE)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters but the tab and the newline


def printable(text: str) -> str:
    """`text` with its control characters written out ('\\x1b'): text read from a PDF shown on a
    terminal or in Markdown, where an escape sequence would act (turn the terminal red, move the
    cursor) instead of being read."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)


def is_score_line(text: str) -> bool:
    """True for a printed score line or difference line (never a table's content)."""
    lowered = text.lower()
    if "score" not in lowered and "difference" not in lowered:  # most lines: no regular expression to run
        return False
    text = clean(text)
    return bool(SCORE_LINE.match(text) or DIFFERENCE_LINE.match(text))


def clean(text: str) -> str:
    """Runs of white space folded to one space, ends stripped."""
    return _SPACES.sub(" ", text).strip()


SOFT_HYPHEN = "\u00ad"  # ends a line whose last word the typesetter hyphenated: the word goes on on the next line
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
_STEM = re.compile(r"^[(\[\"'‘“]*(?:[^\W\d_]+[-\u2010])*([^\W\d_]+)[-\u2010]$")  # a word's last token, not a URL's
_REST = re.compile(r"^([^\W\d_]+)")
# prefixes that make compounds with a hyphen ('non-interference'): where neither the joined word
# nor the compound is printed elsewhere, a line-end break after one keeps its hyphen
COMPOUND_PREFIXES = frozenset(("non", "self", "cross", "anti", "counter", "quasi", "semi"))
# a word (or compound) printed whole: not the first part of a word broken at a line's or a
# column's end, whose hyphen ends the line or stands before a gap (atomic, so it does not
# match a shorter part of the broken word)
_WHOLE_WORD = re.compile(r"(?<![^\W\d_])(?>[^\W\d_]+(?:[-\u2010][^\W\d_]+)*)(?![-\u2010](?:\s|$))")
_BROKEN = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]+[-\u2010])*([^\W\d_]+)[-\u2010](?=\s|$)")  # a broken word's last part


def join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines joined into one string.

    Lines are joined by a space, except after a hyphen that ends a line
    between two letters ('sub-' + 'regional' -> 'sub-regional'), and after a
    hyphen the typesetter added (`SOFT_HYPHEN`, see `Words`), which goes.
    """
    result = ""
    for line in lines:
        line = clean(line)
        if not line:
            continue
        if result.endswith(SOFT_HYPHEN):
            result = result[:-1]
        elif result and not (result.endswith("-") and result[-2:-1].isalpha() and line[:1].islower()):
            result += " "
        result += line
    return result.replace(SOFT_HYPHEN, "-")


@dataclass(frozen=True)
class Words:
    """The words a document prints whole, to tell a hyphen a typesetter added where it broke
    a word at a line end ('inde-' | 'pendent') from one the word has ('sub-' | 'regional').

    `whole` counts the words printed without a hyphen (lower case; not the first part of a
    word broken at a line's or a column's end), `compounds` holds the words printed with a
    hyphen inside a line. A break is the typesetter's where the joined word is printed whole
    and the compound is not; the word's own where the compound is printed and the joined word
    is not, or where neither is and both parts are words printed elsewhere ('country-' |
    'specific'). The rest follow the document: where most of its decided breaks are the
    typesetter's (it hyphenates), so are they; else the hyphen is kept (`soft_hyphens`).
    """

    whole: Counter = field(default_factory=Counter)
    compounds: frozenset[str] = frozenset()
    hyphenates: bool = False  # the document's own line breaks show it hyphenates words (see `of`)
    printed: Counter = field(default_factory=Counter)  # `whole` as printed, case kept ('UN' is not 'un')

    @classmethod
    def of(cls, texts: Sequence[str], evidence: int = 3) -> Words:
        """The words of `texts` (a document's lines, in reading order on each page; the
        annex format's wordings). The document hyphenates when at least `evidence` of the
        words broken at its lines' (or columns') ends join, with a word of the next line,
        into a word printed whole, twice as many as join into a compound printed whole."""
        texts = list(texts)
        found = Counter(_WHOLE_WORD.findall("\n".join(texts)))  # (one pass over the whole text, in C)
        printed: Counter = Counter()
        compounds: set[str] = set()
        for word, count in found.items():
            if "-" in word or "\u2010" in word:
                compounds.add(word.lower().replace("\u2010", "-"))
                for part in re.split(r"[-\u2010]", word):
                    printed[part] += count
            else:
                printed[word] += count
        whole: Counter = Counter()
        for word, count in printed.items():
            whole[word.lower()] += count
        soft = hard = 0
        for index, text in enumerate(texts):
            if "-" not in text and "\u2010" not in text:
                continue
            for stem in _BROKEN.findall(text):  # the first parts of words broken at a line's or a column's end
                stem = stem.lower()
                following = _WORD.findall(texts[index + 1].lower()) if index + 1 < len(texts) else []
                soft += any(stem + rest in whole for rest in following)
                hard += any(f"{stem}-{rest}" in compounds for rest in following)
        return cls(whole, frozenset(compounds), soft >= evidence and soft >= 2 * hard, printed)

    def verdict(self, stem: str, rest: str, rests: Counter | None = None) -> bool | None:
        """True when `stem`-|`rest` is a word the typesetter broke, False when the hyphen is the
        word's, None when the document does not say. `rests` counts the words that open a line
        after such a break (those printings of a word do not show it whole)."""
        joined, compound = (stem + rest).lower(), f"{stem}-{rest}".lower()
        printed_whole, printed_compound = joined in self.whole, compound in self.compounds
        if printed_whole != printed_compound:
            return printed_whole
        rest_elsewhere = self.printed[rest] - (rests or Counter())[rest.lower()] > 0
        stem_elsewhere = self.printed[stem] > 0 or (stem[:1].isupper() and self.printed[stem.lower()] > 0)
        if not printed_whole and (stem.lower() in COMPOUND_PREFIXES or (rest_elsewhere and stem_elsewhere)):
            return False
        return None


def line_end_break(upper: str, lower: str) -> tuple[str, str] | None:
    """(stem, rest) where `upper` ends with a word cut after a hyphen and `lower` goes on with
    it in lower case (or in capitals after capitals: an acronym, 'O-' | 'HCHR'); None
    otherwise."""
    tokens = upper.split()
    stem, rest = _STEM.match(tokens[-1]) if tokens else None, _REST.match(lower.lstrip())
    if stem is None or rest is None:
        return None
    acronym = stem.group(1).isupper() and rest.group(1).isupper()
    if not (rest.group(1)[:1].islower() or acronym):
        return None
    return stem.group(1), rest.group(1)


def soft_hyphens(breaks: Sequence[tuple[str, str]], words: Words, decided: int) -> list[bool]:
    """For each line-end break (stem, rest) of a document: was the hyphen the typesetter's?
    The document's words decide where they can (`Words.verdict`); the others (but acronyms,
    whose hyphen stays unless their words say) follow the decided ones when at least
    `decided` are the typesetter's and they outnumber the word's own two to one (the document
    hyphenates), else the hyphen is kept."""
    rests = Counter(rest.lower() for _, rest in breaks)
    verdicts = [words.verdict(stem, rest, rests) for stem, rest in breaks]
    soft, hard = verdicts.count(True), verdicts.count(False)
    hyphenates = words.hyphenates or (soft >= decided and soft >= 2 * hard)
    return [(hyphenates and not rest.isupper()) if verdict is None else verdict for (_, rest), verdict in zip(breaks, verdicts)]


def wording_key(text: str) -> str:
    """Wording with case and punctuation ignored: how indicators are matched."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# ---------------------------------------------------------------------------
# ligatures whose text a PDF tool broke

# The Latin ligatures a font can have (its `liga`, `dlig` and historical forms). A PDF optimiser
# (Ghostscript's pdfwrite) writes their ToUnicode entries broken: a two-letter ligature as its
# letters' codes shifted into the high byte ('ti' U+7400 U+6900), a three-letter one with the last
# two letters' codes added ('ffi' U+6600 U+CF00). Each broken form is read as its letters, as is
# each Unicode ligature (U+FB00-FB06), inside a word of Latin letters only.
LATIN_LIGATURES = (
    "ff", "fi", "fl", "ffi", "ffl", "ft", "fj", "fb", "fh", "fk", "ffb", "ffh", "ffj", "ffk", "fft",
    "tt", "ti", "tti", "tf", "tz", "st", "ct", "sp", "sk", "Th", "Qu", "ck", "ch", "gg", "gy", "et",
)  # fmt: skip


def _broken(letters: str) -> str:
    """The text a ligature of `letters` reads as with its ToUnicode entry broken so."""
    if len(letters) == 2:
        return chr(ord(letters[0]) << 8) + chr(ord(letters[1]) << 8)
    return chr(ord(letters[0]) << 8) + chr((ord(letters[1]) + ord(letters[2])) << 8)


BROKEN_LIGATURES = {_broken(letters): letters for letters in LATIN_LIGATURES}
UNICODE_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "ft", "\ufb06": "st"}
LIGATURE_TEXTS = {**BROKEN_LIGATURES, **UNICODE_LIGATURES}
SURROGATE = re.compile("[\ud800-\udfff]")
LIGATURE_SUSPECT = re.compile("[" + "".join(sorted(set("".join(LIGATURE_TEXTS)) - set(map(chr, range(0xD800, 0xE000))))) + "\ud800-\udfff]")
# in a string: a broken form beside a Latin letter, or a Unicode ligature
_IN_WORD = re.compile(
    "|".join(
        [f"(?<=[A-Za-z]){re.escape(key)}|{re.escape(key)}(?=[A-Za-z])" for key in sorted(BROKEN_LIGATURES, key=len, reverse=True)]
        + [re.escape(key) for key in UNICODE_LIGATURES]
    )
)


def latin_letter(text: str) -> bool:
    """True for a letter of the Latin alphabet (ASCII)."""
    return bool(text) and text.isascii() and text.isalpha()


def read_ligatures(text: str) -> str:
    """`text` with each ligature a PDF tool broke, inside a Latin word, read as its letters (and
    each Unicode ligature): for text read by another library (the cross-check's)."""
    return _IN_WORD.sub(lambda match: LIGATURE_TEXTS[match.group(0)], text)