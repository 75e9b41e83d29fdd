"""Assemble stage: the annex as printed, before its sentences and checks (`pipeline.read`)."""
from __future__ import annotations

from annexparse.pipeline import complete, read
from helpers import FIXTURES, extracted


def test_read_gives_the_annex_as_printed_and_complete_adds_the_rest():
    pdf = FIXTURES / "cambodia-2022.pdf"
    partial = read(pdf)
    assert (partial.source.file, partial.source.pages, partial.country, partial.year, partial.previous_year) == (
        "cambodia-2022.pdf", 21, "Cambodia", 2022, 2019
    )  # fmt: skip
    assert len(partial.indicators) == 36 and partial.scorecard and partial.footnotes
    assert partial.issues == []
    assert all(m.sentence == "" for i in partial.indicators for m in i.citation_markers)
    assert complete(partial).model_dump_json() == extracted("cambodia-2022").model_dump_json()


def test_every_row_gets_the_standard_key_of_its_wording():
    """The same 36 keys in every edition, each naming one indicator's wording, whatever the row's
    number (fiji-2022 prints indicator 32 twice, which shifts the rows after it)."""
    from annexparse.pairing import similarity, standard_indicators

    standard = {i["key"]: i["indicator"] for i in standard_indicators()}
    for name in ("cambodia-2019", "mongolia-2022", "fiji-2022", "wp/vanuatu-2019"):
        indicators = extracted(name).indicators
        keyed = [i for i in indicators if i.key is not None]
        assert sorted(i.key for i in keyed) == sorted(standard)
        assert all(similarity(i.indicator, standard[i.key]) > 0.9 for i in keyed)
    fiji = extracted("fiji-2022").indicators
    assert [i.number for i in fiji if i.key is None] == [33]  # the repeat; the first printing keeps the key
    by_number = {i.number: i.key for i in fiji}
    assert by_number[34] == "A6.4" == {i.number: i.key for i in extracted("cambodia-2019").indicators}[33]


def test_a_row_that_is_no_standard_indicator_gets_no_key():
    from annexparse.pairing import standard_indicators, standard_keys

    wordings = [i["indicator"] for i in standard_indicators()]
    keys = standard_keys([wordings[0], "Plant trees along every river.", wordings[2], wordings[0]])
    assert keys == ["A1.1", None, "A1.3", None]
