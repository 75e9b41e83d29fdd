"""`annexparse export`: the archive as a tidy panel and a scores table."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from helpers import extracted, json_archive

NAMES = ("cambodia-2022", "malaysia-2022", "fiji-2022")


@pytest.fixture
def converted(tmp_path):
    return json_archive(tmp_path / "output", NAMES)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_csv_panel_has_one_row_per_indicator_and_a_scores_table_beside_it(converted, tmp_path):
    target = tmp_path / "tables" / "archive.csv"
    result = run("export", converted, "-o", target)
    assert result.exit_code == 0, result.output
    with target.open() as stream:
        panel = list(csv.DictReader(stream))
    assert len(panel) == 36 + 36 + 37  # fiji-2022 prints an indicator twice
    assert [r["country"] for r in panel[:1]] == ["Cambodia"] and panel[-1]["country"] == "Malaysia"
    row = next(r for r in panel if r["country"] == "Cambodia" and r["number"] == "11")
    assert (row["rating"], row["points"], row["change"]) == ("Strong", "3", "Unchanged")
    assert row["first_page"] == "7" and int(row["citations"]) == len(extracted("cambodia-2022").indicators[10].citations)
    unknown = next(r for r in panel if r["country"] == "Malaysia" and r["number"] == "16")
    assert unknown["change"] == "Same"  # kept as printed
    with (tmp_path / "tables" / "archive.scores.csv").open() as stream:
        scores = {r["file"]: r for r in csv.DictReader(stream)}
    assert (scores["cambodia-2022.pdf"]["score_printed"], scores["cambodia-2022.pdf"]["score_computed"]) == ("37", "41")
    assert scores["fiji-2022.pdf"]["indicators"] == "37" and scores["cambodia-2022.pdf"]["errors"] == "2"


def test_parquet_keeps_integer_columns_typed(converted, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")  # the `parquet` extra; the test extra installs it
    target = tmp_path / "archive.parquet"
    assert run("export", converted, "-o", target).exit_code == 0
    panel = pq.read_table(target)
    assert panel.num_rows == 109 and str(panel.schema.field("points").type) == "int32"
    scores = pq.read_table(tmp_path / "archive.scores.parquet").to_pylist()
    assert {s["file"]: s["score_printed"] for s in scores}["malaysia-2022.pdf"] == 42


def test_the_panel_lines_up_across_editions_on_the_key(converted, tmp_path):
    """One row per (country, year, key), 36 keys, each key one indicator in every edition; the
    row fiji-2022 prints twice has no key."""
    target = tmp_path / "archive.csv"
    assert run("export", converted, "-o", target).exit_code == 0
    with target.open() as stream:
        panel = list(csv.DictReader(stream))
    keyed = [r for r in panel if r["key"]]
    assert len(keyed) == 3 * 36 and len({(r["country"], r["year"], r["key"]) for r in keyed}) == len(keyed)
    assert len({r["key"] for r in keyed}) == 36
    by_key = {}
    for row in keyed:
        by_key.setdefault(row["key"], set()).add(row["number"])
    assert by_key["A6.4"] == {"33", "34"}  # fiji-2022's rows after its repeated row are shifted by one
    repeat = next(r for r in panel if not r["key"])
    assert (repeat["country"], repeat["number"], repeat["has_finding"]) == ("Fiji", "33", "true")
    row = next(r for r in panel if r["country"] == "Cambodia" and r["number"] == "11")
    assert (row["rating"], row["scorecard_rating"], row["has_finding"]) == ("Strong", "Very Strong", "true")
    assert row["note"] == extracted("cambodia-2022").indicators[10].note


def test_wide_panel_has_one_row_per_edition_and_one_column_per_key(converted, tmp_path):
    target = tmp_path / "wide.csv"
    result = run("export", converted, "--wide", "-o", target)
    assert result.exit_code == 0, result.output
    with target.open() as stream:
        wide = list(csv.DictReader(stream))
    assert [(r["country"], r["year"]) for r in wide] == [("Cambodia", "2022"), ("Fiji", "2022"), ("Malaysia", "2022")]
    assert list(wide[0])[:6] == ["country", "year", "previous_year", "score_printed", "score_computed", "file"]
    assert len(wide[0]) == 6 + 36 + 2 and wide[0]["A3.5"] == "Strong"  # cambodia-2022's indicator 11
    assert list(wide[0])[-2:] == ["corrected", "as_printed"] and wide[0]["corrected"] == ""  # --corrections marks
