"""Validation: each check on an extraction changed on purpose."""
from __future__ import annotations

from annexparse import validate
from annexparse.models import Change, Rating
from helpers import extracted


def codes(annex) -> set[tuple]:
    return {(i.code, i.indicator, i.footnote) for i in validate(annex)}


def changed(name: str):
    return extracted(name).model_copy(deep=True)


def test_clean_annex_has_no_findings():
    assert validate(extracted("japan-2023")) == []


def test_scorecard_rating_mismatch_and_score_mismatch():
    annex = changed("japan-2023")
    annex.indicators[0].rating = Rating.VERY_WEAK if annex.indicators[0].rating != Rating.VERY_WEAK else Rating.FAIR
    found = codes(annex)
    assert ("scorecard_rating_mismatch", 1, None) in found


def test_unknown_rating_and_change_are_reported_not_mapped():
    annex = changed("japan-2023")
    annex.indicators[4].rating = "Moderate"
    annex.indicators[5].change = "Same"
    found = codes(annex)
    assert ("unknown_rating", 5, None) in found and ("unknown_change", 6, None) in found


def test_missing_footnote_and_uncited_footnote():
    annex = changed("japan-2023")
    cited = annex.indicators[0].citations[0]
    annex.footnotes = [f for f in annex.footnotes if f.number != cited]
    found = codes(annex)
    assert ("footnote_missing", 1, cited) in found  # the footnote concerned is the one cited
    assert ("footnote_sequence", None, None) in found


def test_count_duplicate_and_missing_from_scorecard():
    annex = changed("japan-2023")
    annex.indicators.append(annex.indicators[-1].model_copy(update={"number": 37}))
    found = codes(annex)
    assert ("indicator_count", None, None) in found and ("indicator_duplicate", 37, None) in found
    assert not any(code == "scorecard_missing_indicator" for code, _, _ in found)


def test_wording_variant_and_extra_scorecard_item():
    annex = changed("japan-2023")
    annex.scorecard[0].indicator += " and its neighbours"
    annex.scorecard.append(annex.scorecard[1].model_copy(update={"indicator": "Plant trees along every river"}))
    found = {code for code, _, _ in codes(annex)}
    assert {"indicator_text_variant", "scorecard_extra_indicator"} <= found


def test_difference_and_infeasible_previous_score():
    annex = changed("japan-2023")
    annex.scores.stated.difference += 1
    annex.scores.stated.previous = 5
    found = {code for code, _, _ in codes(annex)}
    assert {"difference_mismatch", "previous_score_infeasible"} <= found


def test_every_finding_says_what_and_where():
    for issue in extracted("indonesia-2023").issues:
        assert issue.severity in ("error", "warning")
        assert issue.message.endswith(".") and issue.pages


def test_change_words_bound_the_previous_score():
    annex = extracted("malaysia-2022")
    assert annex.scores.computed.previous_min <= annex.scores.computed.previous_max
    assert any(i.change is Change.INCREASE for i in annex.indicators)


def test_checks_give_the_same_findings_on_json_read_back():
    from annexparse import Annex

    for name in ("malaysia-2022", "cambodia-2022", "indonesia-2023"):
        annex = extracted(name)
        again = Annex.model_validate_json(annex.model_dump_json())
        assert isinstance(again.indicators[0].rating, Rating) and isinstance(again.scorecard[0].rating, Rating)
        assert validate(again) == annex.issues


# ---------------------------------------------------------------------------
# reading findings: what annexparse could not read holds back what depends on it


def _without_table_lines(document, page_number: int):
    """`document` with the glyphs of page `page_number`'s table region removed (the running
    header, page number and footnotes stay): rows that a reader would not see."""
    from dataclasses import replace

    from annexparse.layout import lay_out
    from annexparse.tables import find_tables

    table_page = next(p for p in find_tables(lay_out(document)).detailed.pages if p.page == page_number)
    pages = []
    for page in document.pages:
        if page.number == page_number:
            kept = tuple(c for c in page.chars if not (table_page.top - 1 <= c.top <= table_page.bottom + 1))
            page = replace(page, chars=kept)
        pages.append(page)
    return replace(document, pages=tuple(pages))


def test_hidden_rows_give_a_reading_finding_not_document_findings():
    """A continuation page whose rows cannot be read: `reading_incomplete` names the page, and
    the count and score checks that the missing rows would falsify are held back."""
    from annexparse.load import load
    from annexparse.models import Category
    from annexparse.pipeline import complete, read_document
    from helpers import FIXTURES

    document = load(FIXTURES / "mongolia-2022.pdf")
    annex = complete(read_document(_without_table_lines(document, 8)))
    codes = [issue.code for issue in annex.issues]
    assert "reading_incomplete" in codes
    reading = next(issue for issue in annex.issues if issue.code == "reading_incomplete")
    assert reading.code.category is Category.READING and reading.severity == "error" and 8 in reading.pages
    assert "indicator_count" not in codes and "score_mismatch" not in codes
    assert "indicator_count" in reading.held_back
    assert len(annex.indicators) < 36  # the rows were really lost: the finding is not a false alarm


def test_hidden_rows_of_a_table_printed_with_its_header_once():
    """Without a header on its continuation pages, the table stops at the emptied page and goes
    on on the next one whose lines line up with its columns; the gap is reported."""
    from annexparse.load import load
    from annexparse.pipeline import complete, read_document
    from helpers import REGRESSIONS

    document = load(REGRESSIONS / "header-once-borderless-table.pdf")
    annex = complete(read_document(_without_table_lines(document, 2)))
    reading = [issue for issue in annex.issues if issue.code == "reading_incomplete"]
    assert reading and any(2 in issue.pages for issue in reading)
    assert {p for i in annex.indicators for p in i.pages} == {1, 3}  # page 3 is read after the gap
    assert "indicator_count" not in {issue.code for issue in annex.issues}


def test_reading_findings_survive_json_read_back_and_still_hold_back():
    from annexparse import Annex
    from annexparse.load import load
    from annexparse.pipeline import complete, read_document
    from helpers import FIXTURES

    annex = complete(read_document(_without_table_lines(load(FIXTURES / "mongolia-2022.pdf"), 8)))
    again = Annex.model_validate_json(annex.model_dump_json())
    assert validate(again) == annex.issues


def test_no_reading_finding_on_annexes_read_whole():
    for name in ("mongolia-2022", "cambodia-2022", "fiji-2022", "thailand-2019"):
        assert not [i for i in extracted(name).issues if i.code == "reading_incomplete"], name


def test_footnote_printed_after_later_ones_is_no_sequence_finding():
    """A footnote that does not fit on its call's page is printed on the next, after later
    ones: the numbering neither skips nor repeats."""
    annex = changed("japan-2023")
    annex.footnotes[3], annex.footnotes[4] = annex.footnotes[4], annex.footnotes[3]
    assert "footnote_sequence" not in {code for code, _, _ in codes(annex)}
    annex.footnotes = [f for f in annex.footnotes if f.number != 10]
    assert "footnote_sequence" in {code for code, _, _ in codes(annex)}
