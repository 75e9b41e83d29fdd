"""Sources: the references as distinct works, CSL-JSON, the references table and the report's view.

The CSL-JSON is validated against the CSL input schema (`fixtures/csl-data.json`, vendored from
citation-style-language/schema, MIT licence) and rendered by citeproc-py, as Zotero or pandoc
would read it.
"""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from annexparse.models import Annex, Footnote, Reference, Source
from annexparse.sources import collect_works, csl_items, issued, journal_place, person_name, reference_rows, source_summary
from helpers import FIXTURES, extracted, json_archive

NAMES = ("cambodia-2019", "cambodia-2022", "mongolia-2022", "wp/tonga-2023")


def _annexes() -> list[Annex]:
    return [extracted(name) for name in NAMES]


def _schema() -> dict:
    return json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))


def test_csl_items_validate_against_the_csl_schema():
    jsonschema = pytest.importorskip("jsonschema")  # the test extra installs it
    items = csl_items(_annexes())
    jsonschema.validate(items, _schema())
    assert {item["type"] for item in items} >= {"article-newspaper", "webpage", "report", "treaty", "article-journal"}
    assert len({item["id"] for item in items}) == len(items)


def test_an_item_with_the_wrong_shape_does_not_validate():
    """The schema check can fail: a person given as a plain string is not a CSL name."""
    jsonschema = pytest.importorskip("jsonschema")
    item = csl_items(_annexes())[0] | {"author": ["Tan, Wei Ling"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([item], _schema())


def test_citeproc_renders_one_item_of_each_kind():
    citeproc = pytest.importorskip("citeproc")
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items, picked = csl_items(_annexes()), {}
    for item in items:
        picked.setdefault(item["type"], item)
    source = CiteProcJSON([{k: v for k, v in item.items() if k != "custom"} for item in picked.values()])
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source, formatter.plain)
    for item in picked.values():
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    assert citeproc and len(rendered) == len(picked)
    news = picked["article-newspaper"]
    assert any(news["title"] in entry and str(news["issued"]["date-parts"][0][0]) in entry for entry in rendered)
    article = picked["article-journal"]  # mongolia-2022's journal article: its volume and pages are rendered
    assert any(article["container-title"] in entry and "885" in entry for entry in rendered)


def _annex(file: str, footnotes: list[Footnote]) -> Annex:
    base = json.loads(extracted("mongolia-2022").model_dump_json())
    base.update(source=Source(file=file, sha256="0" * 64, pages=1, annexparse_version="0").model_dump(), footnotes=[f.model_dump() for f in footnotes])
    return Annex.model_validate(base)


def _footnote(number: int, *references: Reference) -> Footnote:
    return Footnote(number=number, text="", urls=[r.url for r in references if r.url], pages=[1], references=list(references))


WORLD_BANK = Reference(kind="web", organization="World Bank", year=2020, title="Laos Overview", url="https://www.worldbank.org/lao")
OECD = Reference(kind="web", organization="OECD", year=2021, title="Aid at a glance", url="https://stats.oecd.org/x")
RESOLUTION = Reference(kind="un_document", organization="United Nations, General Assembly", year=2005, title="World Summit Outcome", un_symbol="A/RES/60/1")


def test_a_work_is_one_url_one_symbol_or_one_title_and_an_ibid_cites_the_work_before():
    first = _annex("a.pdf", [
        _footnote(1, WORLD_BANK),
        _footnote(2, Reference(kind="ibid", ibid_of=1, locator="p. 3")),
        _footnote(3, WORLD_BANK.model_copy(update={"year": 2022}), OECD),  # the same page, cited again a later year
        _footnote(4, Reference(kind="ibid", ibid_of=3, ibid_ambiguous=True)),  # two works before it: no work
    ])  # fmt: skip
    second = _annex("b.pdf", [_footnote(1, RESOLUTION), _footnote(2, RESOLUTION.model_copy(update={"un_symbol": "A/RES/ 60/1", "locator": "para. 138"}))])
    works = {w.reference.title: w for w in collect_works([first, second])}
    assert set(works) == {"Laos Overview", "Aid at a glance", "World Summit Outcome"}
    assert [(c.file, c.footnote, c.locator, c.via_ibid) for c in works["Laos Overview"].cited_in] == [
        ("a.pdf", 1, None, False), ("a.pdf", 2, "p. 3", True), ("a.pdf", 3, None, False)
    ]  # fmt: skip
    assert [(c.footnote, c.locator) for c in works["World Summit Outcome"].cited_in] == [(1, None), (2, "para. 138")]
    rows = reference_rows([first, second])
    assert [r["work_id"] is None for r in rows] == [False, False, False, False, True, False, False]


def test_csl_fields_from_a_reference():
    assert person_name("Lindskog, Benedikte V.") == {"family": "Lindskog", "given": "Benedikte V."}
    assert person_name("Carlo Antonio Garcia") == {"family": "Garcia", "given": "Carlo Antonio"}
    assert issued(Reference(kind="news", year=2021, date="18 May")) == {"date-parts": [[2021, 5, 18]]}
    assert issued(Reference(kind="news", year=2021, date="March 3")) == {"date-parts": [[2021, 3, 3]]}
    assert issued(Reference(kind="web")) is None  # n.d.
    assert journal_place("vol. 9, no. 8, p. 885 – 887") == {"volume": "9", "issue": "8", "page": "885-887"}
    item = csl_items([_annex("b.pdf", [_footnote(1, RESOLUTION)])])[0]
    assert (item["type"], item["number"], item["author"], item["publisher"]) == (
        "report", "A/RES/60/1", [{"literal": "United Nations, General Assembly"}], "United Nations, General Assembly"
    )  # fmt: skip


def test_source_summary_counts_kinds_years_organisations_and_shared_urls():
    summary = source_summary(_annexes())
    kinds = dict(summary.by_kind)
    assert kinds["note"] >= 1 and kinds["un_document"] >= 10
    assert summary.references == sum(len(item["custom"]["cited_in"]) for item in csl_items(_annexes()))  # as the export counts
    assert summary.references <= sum(n for k, n in summary.by_kind if k not in ("note", "cross_reference"))
    assert all(2000 <= year <= 2023 for year, _ in summary.by_year)
    assert summary.organizations[0][1] >= summary.organizations[-1][1]
    shared = dict(summary.shared_urls)
    assert all(len(files) >= 2 for files in shared.values()) and any("cambodia-2019.pdf" in f and "cambodia-2022.pdf" in f for f in shared.values())


def test_a_url_no_reference_took_is_reported_as_not_read():
    footnote = Footnote(number=5, text="See the site https://example.org/x.", urls=["https://example.org/x"], pages=[1],
                        references=[Reference(kind="note", span=[0, 35])])  # fmt: skip
    unread = source_summary([_annex("c.pdf", [footnote])]).unread
    assert [(u.file, u.footnote, u.why) for u in unread] == [("c.pdf", 5, "a URL no reference took")]


# ---------------------------------------------------------------------------
# the command line


@pytest.fixture
def converted(tmp_path):
    return json_archive(tmp_path / "output", NAMES, index=False)


def test_export_csl_json_writes_valid_items(converted, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    target = tmp_path / "refs.json"
    result = CliRunner().invoke(main, ["export", str(converted), "-o", str(target)])
    assert result.exit_code == 0, result.output
    items = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(items, _schema())
    assert "works cited" in result.output and not (tmp_path / "refs.scores.json").exists()


def test_export_writes_the_references_table_beside_the_panel(converted, tmp_path):
    target = tmp_path / "archive.csv"
    assert CliRunner().invoke(main, ["export", str(converted), "-o", str(target)]).exit_code == 0
    with (tmp_path / "archive.references.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    mongolia = extracted("mongolia-2022")
    assert sum(1 for r in rows if r["file"] == "mongolia-2022.pdf") == sum(len(f.references) for f in mongolia.footnotes)
    row = next(r for r in rows if r["file"] == "mongolia-2022.pdf" and r["un_symbol"] == "A/HRC/ WG.6/36/MNG/3")
    footnote = next(f for f in mongolia.footnotes if f.number == int(row["footnote"]))
    assert row["cited_by"] == ";".join(str(n) for n in footnote.cited_by) and row["kind"] == "un_document"


def test_the_html_report_has_a_sources_view(converted, tmp_path):
    target = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["qa", str(converted), "-o", str(target)]).exit_code in (0, 1)
    html = target.read_text(encoding="utf-8")
    assert 'id="sources"' in html and "References by kind" in html and "Most-cited organisations" in html
    assert "URLs cited by several annexes" in html and "cambodia-2019.pdf" in html
