"""Small text helpers shared by the stages."""
from __future__ import annotations

import re
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",  # as printed in dates
          "October", "November", "December")  # fmt: skip

# the printed score lines of the annex format: "<Country> <year> Score: N" and "Difference: + N"
SCORE_LINE = re.compile(
    r"^\s*(?P<country>.*?)\s*(?P<year>(?:19|20)\d\d)\s+score\s*:?\s*(?P<value>[-+−–]?\s*\d{1,3})?\s*$", re.IGNORECASE
)
DIFFERENCE_LINE = re.compile(r"^\s*difference\s*:?\s*(?P<sign>[-+−–])?\s*(?P<value>\d{1,3})?\s*$", re.IGNORECASE)


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


def join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines joined into one string.

    Lines are joined by a space, except after a hyphen that ends a line
    between two letters ('sub-' + 'regional' -> 'sub-regional').
    """
    result = ""
    for line in lines:
        line = clean(line)
        if not line:
            continue
        if result and not (result.endswith("-") and result[-2:-1].isalpha() and line[:1].islower()):
            result += " "
        result += line
    return result


def wording_key(text: str) -> str:
    """Wording with case and punctuation ignored: how indicators are matched."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
