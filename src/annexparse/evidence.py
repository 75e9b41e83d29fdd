"""Findings and their evidence: each side of a finding is what is printed (or computed) and where.

Shared by the document checks (`checks`) and the cross-edition checks (`archive`).
"""
from __future__ import annotations

from .models import Box, Code, Evidence, Footnote, Indicator, Issue, Printed, ScorecardItem, word

EVIDENCE_TEXT = 200  # characters of a footnote's text quoted in evidence


def clipped(text: str, limit: int = EVIDENCE_TEXT) -> str:
    """`text` cut to `limit` characters at a word, with an ellipsis where it was cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[: limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"


def make_issue(
    code: Code, message: str, evidence: list[Evidence], pages: list[int] | None = None, severity: str | None = None, **fields
) -> Issue:
    """An issue of `code` at its catalogued severity (or `severity`, for a code whose severity
    depends on what was lost); its pages are those of the evidence unless given."""
    if pages is None:
        pages = sorted({side.box.page for side in evidence if side.box is not None and side.document is None})
    return Issue(code=code, severity=severity or code.severity, message=message, pages=pages, evidence=evidence, **fields)


def assessment_evidence(indicator: Indicator, side: str = "detailed table", document: str | None = None) -> Evidence:
    """The indicator's printed assessment (rating and change) as evidence."""
    words = " ".join(word(v) for v in (indicator.rating, indicator.change) if v is not None)
    text = f"{indicator.number}. {indicator.indicator} | {words}"
    return Evidence(side=side, text=text, box=indicator.assessment_box or indicator.indicator_box, document=document)


def indicator_evidence(indicator: Indicator, side: str = "detailed table") -> Evidence:
    """The indicator's printed wording as evidence."""
    return Evidence(side=side, text=f"{indicator.number}. {indicator.indicator}", box=indicator.indicator_box)


def scorecard_evidence(item: ScorecardItem, with_rating: bool = False) -> Evidence:
    """A scorecard item (with its group's rating label) as evidence."""
    text = f"{word(item.rating)}: {item.indicator}" if with_rating else item.indicator
    box = item.box
    if with_rating and item.box is not None and item.rating_box is not None:
        box = Box.first_around([item.box, item.rating_box])  # the label stands on the item's page
    return Evidence(side="scorecard", text=text, box=box)


def printed_evidence(line: Printed | None, value: str, document: str | None = None) -> Evidence:
    """A printed score line as evidence (just the value where the line is not known)."""
    if line is None:
        return Evidence(side="printed", text=value, document=document)
    return Evidence(side="printed", text=line.text, box=line.box, document=document)


def footnote_evidence(footnote: Footnote, side: str | None = None) -> Evidence:
    """A footnote's number and (the start of) its text as evidence."""
    return Evidence(
        side=side or f"footnote {footnote.number}",
        text=f"{footnote.number} {clipped(footnote.text)}",
        box=footnote.boxes[0] if footnote.boxes else None,
    )
