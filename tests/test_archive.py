"""Cross-edition checks on a small archive: the three Cambodia editions (2019, 2022, 2023)."""
from __future__ import annotations

from annexparse.archive import check_archive, earlier_edition, editions
from annexparse.pairing import pair_indicators
from annexparse.models import Change, Rating
from helpers import extracted

EDITIONS = ("cambodia-2019", "cambodia-2022", "cambodia-2023")


def archive():
    return [extracted(name).model_copy(deep=True) for name in EDITIONS]


def findings(annexes):
    return [(f.document, f.issue.code, f.issue.indicator) for f in check_archive(annexes)]


def test_each_edition_is_compared_with_the_one_it_names():
    first, second, third = archive()
    group = editions([third, first, second])["cambodia"]
    assert [a.year for a in group] == [2019, 2022, 2023]
    assert earlier_edition(second, group) is first and earlier_edition(third, group) is second
    assert earlier_edition(first, group) is None  # a baseline names none


def test_change_words_of_the_real_editions_agree_with_their_ratings():
    assert not any(code == "change_inconsistent" for _, code, _ in findings(archive()))


def test_the_2023_edition_quotes_the_2022_score_its_ratings_give_not_the_one_printed():
    # cambodia-2022 prints 37 where its ratings give 41 (score_mismatch); cambodia-2023 quotes 41.
    (finding,) = [f for f in check_archive(archive()) if f.issue.code == "previous_score_mismatch"]
    assert finding.document == "cambodia-2023.pdf" and finding.issue.severity == "error"
    later, earlier = finding.issue.evidence
    assert later.text == "Cambodia 2022 Score: 41" and later.document is None and later.box.page == 4
    assert earlier.text == "Cambodia 2022 Score: 37" and earlier.document == "cambodia-2022.pdf" and earlier.box.page == 4
    assert "odd one out" in finding.issue.message


def test_a_change_word_that_contradicts_the_ratings_is_found_with_both_editions_printed_text():
    first, second, third = archive()
    indicator = next(i for i in third.indicators if i.change is Change.UNCHANGED)
    indicator.change = Change.INCREASE
    decreased = next(i for i in third.indicators if i.change is Change.UNCHANGED and i.rating is not Rating.VERY_STRONG)
    decreased.change = Change.DECREASE
    found = [f for f in check_archive([first, second, third]) if f.issue.code == "change_inconsistent"]
    assert [(f.document, f.issue.indicator) for f in found] == [
        ("cambodia-2023.pdf", indicator.number),
        ("cambodia-2023.pdf", decreased.number),
    ]
    now, before = found[0].issue.evidence
    assert now.text.endswith("Increase") and now.box.page in indicator.pages
    assert before.document == "cambodia-2022.pdf" and before.box is not None
    assert "was rated" in found[0].issue.message


def test_indicators_are_paired_by_wording_even_when_reordered():
    first, second, _ = archive()
    second_reordered = second.model_copy(update={"indicators": list(reversed(second.indicators))})
    pairs = pair_indicators(second_reordered.indicators, first.indicators)
    assert len(pairs) == 36
    assert all(now.indicator == before.indicator for now, before in pairs)


def test_no_cross_edition_finding_without_the_edition_named_as_previous():
    first, _, third = archive()  # 2023 compares with 2022, which is absent
    assert findings([first, third]) == []


def test_other_countries_are_never_compared():
    assert findings([extracted("indonesia-2023"), extracted("cambodia-2022")]) == []
