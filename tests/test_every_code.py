"""Every QA code, found on a real PDF or on an extraction changed on purpose, with its evidence.

Each case names the fixture, what is changed (nothing for the inconsistencies
the PDFs really hold) and the finding expected. A last test checks that the
table covers every code annexparse documents.
"""
from __future__ import annotations

import pytest

from annexparse import validate
from annexparse.archive import check_archive
from annexparse.models import Change, Rating
from annexparse.models import Code, Scope
from helpers import extracted


def as_printed(name):
    return extracted(name)


def changed(name, change):
    annex = extracted(name).model_copy(deep=True)
    change(annex)
    return annex


def _rate_scorecard_item_differently(annex):
    item = next(i for i in annex.scorecard if i.rating == Rating.FAIR)
    item.rating = Rating.WEAK


def _drop_scorecard_item(annex):
    del annex.scorecard[4]


def _add_scorecard_item(annex):
    annex.scorecard.append(annex.scorecard[0].model_copy(update={"indicator": "Plant trees along every river"}))


def _unknown_rating(annex):
    annex.indicators[4].rating = "Moderate"


def _reword_an_indicator(annex):  # a row that is none of the format's 36 indicators
    annex.indicators[6].indicator = "Plant trees along every river."


def _drop_the_rows_of_page_8(annex):  # as if the rows printed on page 8 could not be read
    annex.indicators = [i for i in annex.indicators if 8 not in i.pages]


def _print_another_score(annex):  # and a difference that agrees with it
    annex.scores.stated.current += 5
    annex.scores.stated.difference += 5


# (code, the annex, the indicator or footnote the finding must name, a side of the evidence must be printed on this page)
SINGLE_DOCUMENT = [
    ("scorecard_rating_mismatch", lambda: as_printed("cambodia-2022"), {"indicator": 11}, 3),
    ("score_mismatch", lambda: as_printed("cambodia-2022"), {}, 4),
    ("indicator_text_variant", lambda: as_printed("mongolia-2022"), {"indicator": 36}, None),
    ("footnote_sequence", lambda: as_printed("indonesia-2022"), {}, 7),
    ("footnote_missing", lambda: as_printed("indonesia-2023"), {"indicator": 35}, 19),
    ("difference_mismatch", lambda: as_printed("indonesia-2023"), {}, 4),
    ("footnote_uncited", lambda: as_printed("thailand-2019"), {"footnote": None}, None),
    ("scorecard_missing_indicator", lambda: as_printed("thailand-2019"), {"indicator": None}, None),
    ("previous_score_infeasible", lambda: as_printed("malaysia-2022"), {}, 4),
    ("unknown_change", lambda: as_printed("malaysia-2022"), {"indicator": 16}, 9),
    ("indicator_duplicate", lambda: as_printed("fiji-2022"), {"indicator": 33}, 17),
    ("indicator_count", lambda: as_printed("fiji-2022"), {}, 19),
    ("scorecard_extra_indicator", lambda: changed("japan-2023", _add_scorecard_item), {}, None),
    ("unknown_rating", lambda: changed("japan-2023", _unknown_rating), {"indicator": 5}, None),
    ("indicator_unmatched", lambda: changed("japan-2023", _reword_an_indicator), {"indicator": 7}, None),
    ("reading_incomplete", lambda: changed("mongolia-2022", _drop_the_rows_of_page_8), {}, 8),
]


@pytest.mark.parametrize("code, make, key, page", SINGLE_DOCUMENT, ids=[case[0] for case in SINGLE_DOCUMENT])
def test_code_is_found_with_its_evidence(code, make, key, page):
    findings = [issue for issue in validate(make()) if issue.code == code]
    assert len(findings) == 1, findings
    finding = findings[0]
    for field, value in key.items():
        assert getattr(finding, field) is not None if value is None else getattr(finding, field) == value
    assert finding.severity == Code(code).severity
    assert finding.message.endswith(".") and len(finding.message.split(".")) <= 4
    assert finding.evidence and all(side.text for side in finding.evidence)
    printed = [side for side in finding.evidence if side.box is not None]
    assert printed, "at least one side of the evidence shows where it is printed"
    assert finding.pages
    if page is not None:
        assert page in {side.box.page for side in printed}


def test_changed_fixtures_give_only_the_planted_finding():
    assert [i.code for i in validate(changed("japan-2023", _drop_scorecard_item))] == ["scorecard_missing_indicator"]
    found = [i.code for i in validate(changed("japan-2023", _rate_scorecard_item_differently))]
    assert found == ["scorecard_rating_mismatch"]
    assert [i.code for i in validate(changed("japan-2023", _print_another_score))] == ["score_mismatch"]


def test_rating_mismatch_evidence_shows_both_printed_sides():
    finding = next(i for i in validate(as_printed("cambodia-2022")) if i.code == "scorecard_rating_mismatch")
    scorecard, detailed = finding.evidence
    assert scorecard.text.startswith("Very Strong: Participate in international peer review")
    assert detailed.text.endswith("| Strong Unchanged")
    assert (scorecard.box.page, detailed.box.page) == (3, 7)
    assert detailed.box.x1 - detailed.box.x0 < 120  # the assessment cell, not the whole row


def _mark_an_unchanged_indicator_increased(annex):
    next(i for i in annex.indicators if i.change is Change.UNCHANGED).change = Change.INCREASE


def test_cross_edition_codes_are_documented_and_found():
    later = changed("cambodia-2023", _mark_an_unchanged_indicator_increased)
    codes = {f.issue.code for f in check_archive([extracted("cambodia-2022"), later])}
    assert codes == {"change_inconsistent", "previous_score_mismatch"}


# archive codes found only over several inputs, with the tests that find them
ARCHIVE_CASES = {"duplicate_edition": ("test_cli.py::test_the_same_edition_twice_is_checked_and_exported_once",)}
# reading codes that only the reading stages make, with the tests that find them
STAGE_CASES = {
    "reading_disagreement": ("test_crosscheck.py::test_a_misreading_is_flagged_on_its_page",),
    "page_unreadable": ("test_damage.py::test_a_page_neither_library_reads_costs_that_page_only",),
    "document_repaired": ("test_damage.py::test_a_truncated_file_is_rebuilt_from_its_objects",),
    "text_layer_damaged": ("test_damage.py::test_a_font_without_widths_is_a_damaged_text_layer",),
    "text_invisible": ("test_damage.py::test_invisible_injected_text_is_left_out_and_named",),
    "page_box_invalid": ("test_damage.py::test_an_absurd_page_box_gets_the_box_of_the_page_before",),
    "text_layer_repaired": ("regressions/test_ligatures_broken_by_a_pdf_optimiser.py::test_ligatures_a_pdf_optimiser_broke_are_read_as_their_letters",),
    "reading_implausible": ("test_selfcheck.py::test_a_page_whose_rating_column_is_dropped_is_not_read", "test_selfcheck.py::test_rows_merged_two_by_two"),
    "reading_uncertain": ("test_summary.py::test_labels_that_fit_no_grouping_are_a_doubtful_reading", "test_footnotes.py::test_a_label_far_out_of_sequence_is_text_and_a_doubtful_reading"),
}


def test_every_documented_code_has_a_case():
    covered = {case[0] for case in SINGLE_DOCUMENT} | {"change_inconsistent", "previous_score_mismatch"} | set(STAGE_CASES) | set(ARCHIVE_CASES)
    assert covered == set(Code)
    assert {code for code in Code if code.scope is Scope.ARCHIVE} == {"change_inconsistent", "previous_score_mismatch", "duplicate_edition"}
