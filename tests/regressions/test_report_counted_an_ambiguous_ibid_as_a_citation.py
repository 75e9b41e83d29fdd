"""The report's Sources view said "1215 citations of works" where `export --format csl-json` said
"693 works cited 1192 times" for the same archive: the view counted every Ibid., also the 23
whose footnote before cites several works (ambiguous: they cite no one work). Both now count the
citations that name one work (found comparing the two in this stop's acceptance run)."""
from __future__ import annotations

from annexparse.models import Footnote, Reference
from annexparse.sources import csl_items, source_summary
from helpers import extracted


def test_the_report_counts_the_citations_the_export_counts():
    two = [Reference(kind="web", organization="UNHCR", title="Report A", year=2020, url="https://a.example/"),
           Reference(kind="web", organization="UNHCR", title="Report B", year=2021, url="https://b.example/")]  # fmt: skip
    ibid = Reference(kind="ibid", ibid_of=1, ibid_ambiguous=True)
    footnotes = [Footnote(number=1, text="", urls=[], pages=[1], references=two), Footnote(number=2, text="Ibid.", urls=[], pages=[1], references=[ibid])]
    annex = extracted("mongolia-2022").model_copy(update={"footnotes": footnotes})

    summary = source_summary([annex])

    assert summary.works == 2
    assert summary.references == 2 == sum(len(item["custom"]["cited_in"]) for item in csl_items([annex]))
