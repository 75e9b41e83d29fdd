"""Small text helpers shared by the stages."""
from __future__ import annotations

import re
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")


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
