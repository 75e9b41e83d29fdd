"""`annexparse export`: the archive as a tidy panel and a scores table."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from helpers import extracted

NAMES = ("cambodia-2022", "malaysia-2022", "fiji-2022")


@pytest.fixture
def converted(tmp_path):
    folder = tmp_path / "output"
    folder.mkdir()
    for name in NAMES:
        (folder / f"{name}.json").write_text(extracted(name).model_dump_json())
    rows = [{"file": f"{n}.pdf", "status": "converted", "output": f"{n}.json"} for n in NAMES]
    (folder / "index.json").write_text(json.dumps({"files": rows}))  # a batch's index is not an annex
    return folder


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
