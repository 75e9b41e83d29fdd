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
