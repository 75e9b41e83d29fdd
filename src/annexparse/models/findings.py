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
model (`Issue.code` is a `Code`, an enum in the JSON Schema) and the table of
finding codes in docs/checks.md all read it.
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


# document checks that count or sum over the whole table (a reading finding anywhere holds them back)
WHOLE_TABLE_CHECKS = (
    "indicator_count", "score_mismatch", "previous_score_infeasible", "scorecard_missing_indicator", "scorecard_extra_indicator",
    "footnote_missing", "footnote_uncited", "footnote_sequence",
)  # fmt: skip
# document checks about one row or footnote (held back where their pages meet a reading finding's)
PAGE_CHECKS = ("scorecard_rating_mismatch", "indicator_text_variant", "indicator_duplicate", "indicator_unmatched", "unknown_rating", "unknown_change")


class Code(StrEnum):
    """A finding's code, with its severity, category and what it means (the catalogue)."""

    def __new__(
        cls,
        value: str,
        severity: Severity,
        category: Category,
        description: str,
        scope: Scope = Scope.DOCUMENT,
        holds_back_everywhere: tuple[str, ...] = (),
        holds_back_on_pages: tuple[str, ...] = (),
    ):
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.category = category
        member.description = description
        member.scope = scope
        # for a reading code: the document checks it holds back, whatever their pages (checks
        # that count or sum over the whole table) and where their pages meet its own
        member.holds_back_everywhere_codes = holds_back_everywhere
        member.holds_back_on_pages_codes = holds_back_on_pages
        return member

    def holds_back(self, finding_code: Code, finding_pages: list[int], own_pages: list[int]) -> bool:
        """True when a finding of this (reading) code on `own_pages` holds back a document
        finding of `finding_code` on `finding_pages`."""
        if finding_code.value in self.holds_back_everywhere_codes:
            return True
        return finding_code.value in self.holds_back_on_pages_codes and bool(set(finding_pages) & set(own_pages))

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
    INDICATOR_UNMATCHED = (
        "indicator_unmatched", "warning", Category.DOCUMENT,
        "a detailed-table row matches none of the annex format's 36 indicators, so it has no key and no column in a "
        "panel joined on keys",
    )  # fmt: skip
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
    DUPLICATE_EDITION = (
        "duplicate_edition", "warning", Category.DOCUMENT,
        "across the archive (qa only): the same edition twice among the inputs (the same file, or the same country and "
        "year); the copy whose path sorts first (without its extension: `fiji-2022.pdf` before `fiji-2022 (1).pdf`) is kept, the others are left out of the checks and of the export",
        Scope.ARCHIVE,
    )  # fmt: skip
    PAGE_UNREADABLE = (
        "page_unreadable", "error", Category.READING,
        "a page neither PDF library could read; the rest of the annex was extracted",
        Scope.DOCUMENT, WHOLE_TABLE_CHECKS, PAGE_CHECKS,
    )  # fmt: skip
    DOCUMENT_REPAIRED = (
        "document_repaired", "error", Category.READING,
        "the file's structure was damaged (truncated, a broken cross-reference table) and was repaired as far as a reader "
        "can; error when pages or text were lost, warning when the repair lost nothing",
        Scope.DOCUMENT, WHOLE_TABLE_CHECKS, PAGE_CHECKS,
    )  # fmt: skip
    TEXT_LAYER_DAMAGED = (
        "text_layer_damaged", "error", Category.READING,
        "a page's text layer is damaged (glyphs without usable widths, content that does not decompress, control or "
        "replacement characters): what it reads there is not to be trusted",
        Scope.DOCUMENT, WHOLE_TABLE_CHECKS, PAGE_CHECKS,
    )  # fmt: skip
    TEXT_INVISIBLE = (
        "text_invisible", "error", Category.READING,
        "glyphs no reader can see (far smaller than any printed size, or outside the page) were left out of the fields",
        Scope.DOCUMENT, (), PAGE_CHECKS,
    )  # fmt: skip
    PAGE_BOX_INVALID = (
        "page_box_invalid", "error", Category.READING,
        "a page's box is empty, negative or absurd; the box its content occupies was used instead",
        Scope.DOCUMENT, (), PAGE_CHECKS,
    )  # fmt: skip
    TEXT_LAYER_REPAIRED = (
        "text_layer_repaired", "warning", Category.READING,
        "ligatures whose text a PDF tool broke (a PDF optimiser such as Ghostscript's pdfwrite writes 'ti' as U+7400 U+6900) "
        "were read as their letters inside Latin words; the message says which and how often. Nothing is held back",
    )  # fmt: skip
    READING_DISAGREEMENT = (
        "reading_disagreement", "warning", Category.READING,
        "with --cross-check: camelot, reading the page independently, reads the detailed table there differently "
        "(rows, ratings, changes or indicators): look at the page before trusting its findings",
    )  # fmt: skip
    READING_UNCERTAIN = (
        "reading_uncertain", "warning", Category.READING,
        "annexparse read part of the annex but not with confidence (scorecard labels that fit no grouping well, a "
        "footnote label out of sequence read as text); the checks on those pages that depend on it are held back",
        Scope.DOCUMENT,
        (),
        ("scorecard_rating_mismatch", "indicator_text_variant", "footnote_missing", "footnote_uncited", "footnote_sequence"),
    )  # fmt: skip
    READING_IMPLAUSIBLE = (
        "reading_implausible", "error", Category.READING,
        "what annexparse read fails more of the checks every annex passes than a printed annex's misprints explain (rows "
        "without a wording or a rating word, wordings unlike every indicator of the format, more or fewer rows than the "
        "scorecard lists, footnote numbers out of sequence, text in none of the table's columns), after trying the other "
        "readings it has: the page (or the table) is not read, and the checks that depend on it are held back",
        Scope.DOCUMENT,
        WHOLE_TABLE_CHECKS,
        PAGE_CHECKS,
    )  # fmt: skip
    READING_INCOMPLETE = (
        "reading_incomplete", "error", Category.READING,
        "annexparse could not read part of the detailed table with confidence (the table stops and goes on, or rows that "
        "the footnotes say are there were not read); the checks that depend on it are held back",
        Scope.DOCUMENT,
        WHOLE_TABLE_CHECKS,
        PAGE_CHECKS,
    )  # fmt: skip


# the reading codes that say the file itself is damaged (`--strict` turns them into exit 5)
DAMAGE_CODES = ("page_unreadable", "document_repaired", "text_layer_damaged", "text_invisible", "page_box_invalid")


def catalogue_table() -> str:
    """The table of finding codes in docs/checks.md, from the catalogue (`tests/test_docs.py` checks it)."""
    rows = ["| code | severity | category | finding | holds back |", "|---|---|---|---|---|"]
    for code in Code:
        held = ", ".join(code.holds_back_everywhere_codes)
        if code.holds_back_on_pages_codes:
            held += "; on its pages: " + ", ".join(code.holds_back_on_pages_codes)
        rows.append(f"| {code} | {code.severity} | {code.category} | {code.description} | {held} |")
    return "\n".join(rows)
