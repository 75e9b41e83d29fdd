"""Every fixture PDF against its gold file: the issue's acceptance bar."""
from __future__ import annotations

import json

import pytest

from helpers import FIXTURES, extracted
from gold_compare import compare, issue_keys

NAMES = sorted(p.name[: -len(".gold.json")] for p in FIXTURES.glob("*.gold.json"))


def _gold(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))


def _output(name: str) -> dict:
    return json.loads(extracted(name).model_dump_json())


@pytest.mark.parametrize("name", NAMES)
def test_fields_match_gold(name):
    result = compare(_gold(name), _output(name))
    assert result.accuracy >= 0.995, result.wrong
    assert not result.url_errors


@pytest.mark.parametrize("name", NAMES)
def test_issues_match_gold(name):
    assert issue_keys(_output(name)["issues"]) == issue_keys(_gold(name)["issues"])


def test_published_annex_is_exact():
    """mongolia-2022 rebuilds a real published annex: every field must be right."""
    result = compare(_gold("mongolia-2022"), _output("mongolia-2022"))
    assert result.wrong == []


def test_corpus_accuracy_pooled():
    right = total = 0
    for name in NAMES:
        result = compare(_gold(name), _output(name))
        right, total = right + result.right, total + result.total
    assert right / total >= 0.995


def test_output_keeps_the_gold_contract(fixtures):
    out = _output("cambodia-2019")
    for key in ("schema_version", "source", "country", "year", "previous_year", "scores", "scorecard", "indicators", "footnotes", "issues"):
        assert key in out
    assert out["source"]["file"] == "cambodia-2019.pdf" and len(out["source"]["sha256"]) == 64
    assert out["previous_year"] is None and out["scores"]["stated"]["previous"] is None
    assert all(i["change"] is None for i in out["indicators"])  # a baseline prints no change words


# ---------------------------------------------------------------------------
# annexes typeset by another producer (WeasyPrint, ../shared/corpus-wp, copied to fixtures/wp)

WP_NAMES = sorted(f"wp/{p.name[: -len('.gold.json')]}" for p in (FIXTURES / "wp").glob("*.gold.json"))
TABLE_FIELDS = ("thematic_area", "indicator", "rating", "change", "note")


@pytest.mark.parametrize("name", WP_NAMES)
def test_other_producers_tables_and_footnote_texts_are_exact(name):
    """Every indicator found, its table fields and every footnote's text exact (issue 11)."""
    gold, out = _gold(name), _output(name)
    assert len(out["indicators"]) == len(gold["indicators"])
    wrong = compare(gold, out).wrong
    assert [w for w in wrong if w.endswith(TABLE_FIELDS) or w.endswith(" text")] == []


@pytest.mark.parametrize("name", WP_NAMES)
def test_other_producers_match_gold(name):
    """>= 99% of fields per document, every URL exact, the findings equal the gold's (issue 12)."""
    gold, out = _gold(name), _output(name)
    result = compare(gold, out)
    assert result.accuracy >= 0.99, result.wrong
    assert not result.url_errors
    assert issue_keys(out["issues"]) == issue_keys(gold["issues"])
