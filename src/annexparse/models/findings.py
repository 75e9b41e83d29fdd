"""The catalogue of finding codes: one place that says what each code means, how serious it
is, and whether it is about the document or about annexparse's reading of it.

Two categories:

* `document`: the annex contradicts itself (or an earlier edition of its
  country): what a QA reader has to take up with its authors;
* `reading`: annexparse could not read part of the annex with confidence.
  A reading finding on some pages holds back the document checks that
  depend on what it could not read (`Code.holds_back`), so that a misreading
  never passes as the document's inconsistency.

The catalogue is the enum `Code` itself: each member carries its severity,
category, description and scope. The checks (`checks`, `archive`), the output
model (`Issue.code` is a `Code`, an enum in the JSON Schema) and the README's
table all read it.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


class Category(StrEnum):
    DOCUMENT = "document"  # the annex contradicts itself
    READING = "reading"  # annexparse could not read something with confidence


class Scope(StrEnum):
    DOCUMENT = "document"  # found within one annex (extract, batch, qa)
    ARCHIVE = "archive"  # found by comparing editions (qa only)


class Code(StrEnum):
    """A finding's code, with its severity, category and what it means (the catalogue)."""

    def __new__(cls, value: str, severity: Severity, category: Category, description: str, scope: Scope = Scope.DOCUMENT, holds_back: tuple[str, ...] = ()):
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.category = category
        member.description = description
        member.scope = scope
        member.holds_back_codes = holds_back  # for a reading code: the document codes it holds back on its pages
        return member

    @property
    def holds_back(self) -> tuple[Code, ...]:
        return tuple(Code(code) for code in self.holds_back_codes)

    SCORECARD_RATING_MISMATCH = ("scorecard_rating_mismatch", "error", Category.DOCUMENT, "the scorecard rates an indicator differently from the detailed table")
    SCORECARD_MISSING_INDICATOR = ("scorecard_missing_indicator", "error", Category.DOCUMENT, "a detailed-table indicator is not in the scorecard")
    SCORECARD_EXTRA_INDICATOR = ("scorecard_extra_indicator", "error", Category.DOCUMENT, "the scorecard lists an indicator the detailed table lacks")
    INDICATOR_TEXT_VARIANT = ("indicator_text_variant", "warning", Category.DOCUMENT, "the two tables word an indicator differently (beyond case and punctuation)")
    SCORE_MISMATCH = ("score_mismatch", "error", Category.DOCUMENT, "printed score differs from the score the ratings give")
    DIFFERENCE_MISMATCH = ("difference_mismatch", "error", Category.DOCUMENT, "printed difference differs from current - previous")
    PREVIOUS_SCORE_INFEASIBLE = (
        "previous_score_infeasible", "error", Category.DOCUMENT, "printed previous score outside the range the ratings and change words allow"
    )  # fmt: skip
    FOOTNOTE_MISSING = ("footnote_missing", "error", Category.DOCUMENT, "a note cites a footnote that is not printed")
    FOOTNOTE_UNCITED = ("footnote_uncited", "warning", Category.DOCUMENT, "a footnote no note cites")
    FOOTNOTE_SEQUENCE = ("footnote_sequence", "warning", Category.DOCUMENT, "footnote numbering skips or repeats")
    INDICATOR_COUNT = ("indicator_count", "error", Category.DOCUMENT, "not 36 indicators")
    INDICATOR_DUPLICATE = ("indicator_duplicate", "error", Category.DOCUMENT, "an indicator printed twice (keyed on the later row)")
    UNKNOWN_RATING = ("unknown_rating", "error", Category.DOCUMENT, "a rating that is not one of the five")
    UNKNOWN_CHANGE = ("unknown_change", "warning", Category.DOCUMENT, "a change word that is not Increase/Decrease/Unchanged")
    CHANGE_INCONSISTENT = (
        "change_inconsistent", "error", Category.DOCUMENT,
        "across editions (qa only): a change word disagrees with this and the earlier edition's ratings of the indicator "
        "(Increase where the earlier edition rated it the same or higher)",
        Scope.ARCHIVE,
    )  # fmt: skip
    PREVIOUS_SCORE_MISMATCH = (
        "previous_score_mismatch", "error", Category.DOCUMENT,
        "across editions (qa only): the previous score an edition prints differs from the score the earlier edition prints",
        Scope.ARCHIVE,
    )  # fmt: skip


def catalogue_table() -> str:
    """The README's table of finding codes, from the catalogue (`tests/test_docs.py` checks it)."""
    rows = ["| code | severity | category | finding |", "|---|---|---|---|"]
    rows += [f"| {code} | {code.severity} | {code.category} | {code.description} |" for code in Code]
    return "\n".join(rows)
