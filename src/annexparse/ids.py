"""Stable finding ids: what a finding is about, written so that it stays the same from run to run.

An id is `EDITION/CODE[/SUBJECT][/DISCRIMINATOR]`, built only from what the finding is about:

* EDITION: the country and year (`viet-nam-2023`), or `sha256-` and the first 16 hex digits of
  the PDF's sha256 where either could not be read. Never the file's name or folder.
* CODE: the finding's code.
* SUBJECT: the indicator key (`B2.3`) of an indicator finding, or `row-N` (its printed row number)
  where no key names one row alone (a repeated or unmatched row); with `/fn-N` for the footnote a
  note cites but the annex lacks; `fn-N` for a footnote; `item-` and 10 hex digits of the wording
  of a scorecard item that names no row; for a cross-edition finding, the subject and `vs-` the
  earlier edition; for `duplicate_edition`, `copy-` and the left-out copy's sha256 (16 hex
  digits); for a reading finding, its pages (`p4`, `p9-12`). Whole-annex findings (the scores,
  the count, the numbering) have none.
* DISCRIMINATOR: `#` and 8 hex digits of the finding's message (what tells them apart) for a
  reading finding always (what could not be read: two can share a page), and for a document
  finding only where one subject carries the same code twice; `~2`, `~3` ... should even that
  repeat.

So an id does not move when other findings come and go, when files are renamed or moved, or
when the archive is converted again.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from .models import Annex, Category, Code, Issue
from .text import wording_key

# codes whose subject is one row of the detailed table (`Issue.indicator`)
ROW_CODES = frozenset(
    {
        Code.SCORECARD_RATING_MISMATCH, Code.SCORECARD_MISSING_INDICATOR, Code.INDICATOR_TEXT_VARIANT, Code.INDICATOR_DUPLICATE,
        Code.INDICATOR_UNMATCHED, Code.UNKNOWN_RATING, Code.UNKNOWN_CHANGE, Code.FOOTNOTE_MISSING, Code.CHANGE_INCONSISTENT,
    }
)  # fmt: skip
EDITION_HEX = 16  # hex digits of a sha256 naming an edition or a copy
ITEM_HEX = 10  # hex digits of a scorecard item's wording
MESSAGE_HEX = 8  # hex digits of a message telling two findings of one subject apart


def _digest(text: str, digits: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def edition(annex: Annex) -> str:
    """`country-year` in lower case, or `sha256-...` of the PDF where either is unknown."""
    if annex.country and annex.year:
        slug = re.sub(r"[^0-9a-z]+", "-", annex.country.casefold()).strip("-")
        if slug:
            return f"{slug}-{annex.year}"
    return f"sha256-{annex.source.sha256[:EDITION_HEX]}"


def _pages(pages: Sequence[int]) -> str:
    if not pages:
        return "document"
    first, last = min(pages), max(pages)
    return f"p{first}" if first == last else f"p{first}-{last}"


def _row(annex: Annex, number: int) -> str:
    """The key of row `number` when no other row carries it, else `row-N`."""
    keys = Counter(indicator.key for indicator in annex.indicators if indicator.key)
    for indicator in annex.indicators:
        if indicator.number == number and indicator.key and keys[indicator.key] == 1:
            return indicator.key
    return f"row-{number}"


def _scorecard_item(issue: Issue) -> str:
    """The wording of the scorecard item an issue quotes (its evidence is 'Rating: wording')."""
    for side in issue.evidence:
        if side.side == "scorecard":
            return side.text.split(": ", 1)[-1]
    return issue.message


def subject(annex: Annex, issue: Issue, earlier: Annex | None = None) -> str | None:
    """What `issue` is about within its edition (`earlier`: the edition a cross-edition finding compares with)."""
    code = issue.code
    if code.category is Category.READING:
        return _pages(issue.pages)
    if code is Code.DUPLICATE_EDITION:
        return f"copy-{annex.source.sha256[:EDITION_HEX]}"
    parts = []
    if code in ROW_CODES and issue.indicator is not None:
        parts.append(_row(annex, issue.indicator))
    if code is Code.FOOTNOTE_MISSING and issue.footnote is not None:
        parts.append(f"fn-{issue.footnote}")
    if code is Code.FOOTNOTE_UNCITED and issue.footnote is not None:
        parts.append(f"fn-{issue.footnote}")
    if code is Code.SCORECARD_EXTRA_INDICATOR:
        parts.append(f"item-{_digest(wording_key(_scorecard_item(issue)), ITEM_HEX)}")
    if earlier is not None:
        parts.append(f"vs-{edition(earlier)}")
    return "/".join(parts) or None


def identify(annex: Annex, issues: Sequence[Issue], earlier: Sequence[Annex | None] | None = None) -> list[Issue]:
    """`issues` of `annex`, each with its stable id (see the module); `earlier[k]` is the edition
    the k-th (cross-edition) issue compares with. Ids are unique among `issues`."""
    bases = []
    for k, issue in enumerate(issues):
        about = subject(annex, issue, earlier[k] if earlier is not None else None)
        bases.append("/".join(part for part in (edition(annex), str(issue.code), about) if part))
    repeated = Counter(bases)
    ids = [
        f"{base}/#{_digest(issue.message, MESSAGE_HEX)}" if repeated[base] > 1 or issue.code.category is Category.READING else base
        for base, issue in zip(bases, issues)
    ]
    seen: Counter = Counter()
    unique = []
    for found in ids:
        seen[found] += 1
        unique.append(found if seen[found] == 1 else f"{found}~{seen[found]}")
    return [issue.model_copy(update={"id": found}) for issue, found in zip(issues, unique)]
