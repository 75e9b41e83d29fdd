"""The command line: output, atomic files and bad input."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from badfiles import BAD, PASSWORD, encrypted_pdf
from helpers import FIXTURES, extracted, json_archive

GOOD = FIXTURES / "mongolia-2022.pdf"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_extract_prints_exactly_the_model_json():
    result = run("extract", GOOD)
    assert result.exit_code == 0
    assert result.stdout.strip() == extracted("mongolia-2022").model_dump_json()


def test_extract_writes_pretty_json_to_a_file(tmp_path):
    target = tmp_path / "out" / "m.json"
    result = run("extract", GOOD, "-o", target, "--pretty")
    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text()
    assert text.startswith("{\n  ") and json.loads(text)["country"] == "Mongolia"
    assert [p.name for p in target.parent.iterdir()] == ["m.json"]  # no temporary left behind


def test_schema_describes_the_output():
    schema = json.loads(run("schema").stdout)
    assert {"indicators", "footnotes", "scorecard", "issues"} <= set(schema["properties"])


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_one_line_exit_code_and_no_output(tmp_path, kind):
    make, code, reason = BAD[kind]
    pdf = tmp_path / f"{kind}.pdf"
    make(pdf)
    target = tmp_path / "out.json"
    result = run("extract", pdf, "-o", target)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(pdf) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output
    assert not target.exists()


def test_encrypted_pdf_opens_with_its_password(tmp_path):
    pdf = tmp_path / "locked.pdf"
    encrypted_pdf(pdf)
    result = run("extract", pdf, "--password", PASSWORD)
    assert result.exit_code == 0 and json.loads(result.stdout)["country"] == "Mongolia"


def test_debug_shows_the_error(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_text("nope")
    result = run("extract", pdf, "--debug")
    assert result.exit_code != 0 and result.exception is not None


def test_batch_converts_good_files_and_reports_bad_ones(tmp_path):
    archive = tmp_path / "archive"
    (archive / "2022").mkdir(parents=True)
    shutil.copy(GOOD, archive / "2022" / "mongolia-2022.pdf")
    (archive / "broken.pdf").write_text("not a pdf")
    out = tmp_path / "output"
    result = run("batch", archive, "-o", out)
    assert result.exit_code == 9
    assert "broken.pdf: not a PDF" in result.output
    converted = json.loads((out / "2022" / "mongolia-2022.json").read_text())
    assert converted == json.loads(extracted("mongolia-2022").model_dump_json())
    assert not (out / "broken.json").exists()


# ---------------------------------------------------------------------------
# careless commands (issue 13): outputs never destroy inputs, stale and duplicate editions never
# reach the data, nothing fails quietly


def one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]


def test_output_onto_the_input_is_refused(tmp_path):
    pdf = tmp_path / "s.pdf"
    shutil.copy(GOOD, pdf)
    before = pdf.read_bytes()
    one_line_error(run("extract", pdf, "-o", pdf), 2, "is an input")
    link = tmp_path / "alias.pdf"
    link.symlink_to(pdf)
    one_line_error(run("extract", pdf, "-o", link), 2, "is an input")  # the same file through a symlink
    assert pdf.read_bytes() == before


def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run("extract", GOOD, "-o", link).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text())["country"] == "Mongolia"


def test_output_onto_a_fifo_a_device_or_a_folder_is_refused(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(run("extract", GOOD, "-o", fifo), 2, "not a regular file")
    assert fifo.exists() and not fifo.is_file()
    device = next((d for d in ("/dev/null", "/dev/zero", "/dev/urandom") if Path(d).is_char_device()), None)
    if device is not None:  # (some sandboxes have no device nodes)
        one_line_error(run("extract", GOOD, "-o", device), 2, "not a regular file")
    one_line_error(run("extract", GOOD, "-o", tmp_path), 2, "not a regular file")


def test_dash_writes_to_stdout(tmp_path):
    result = run("extract", GOOD, "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["country"] == "Mongolia"
    assert not (tmp_path / "-").exists()


def test_extract_given_a_folder_says_so_in_one_line(tmp_path):
    one_line_error(run("extract", tmp_path), 2, "is a folder")


def test_wrong_password_is_not_a_missing_one(tmp_path):
    pdf = tmp_path / "locked.pdf"
    encrypted_pdf(pdf)
    one_line_error(run("extract", pdf), 6, "a password is needed")
    one_line_error(run("extract", pdf, "--password", "not-it"), 6, "wrong password")


def test_qa_and_export_outputs_are_refused_onto_an_input_and_unknown_suffixes(tmp_path):
    folder = json_archive(tmp_path / "output", ["cambodia-2019"])
    report = folder / "cambodia-2019.json"
    one_line_error(run("qa", report, "-o", report), 2, "is an input")
    one_line_error(run("export", folder, "-o", tmp_path / "x.xlsx"), 2, "unknown export format")
    assert not (tmp_path / "x.xlsx").exists()
    assert run("export", folder, "--format", "csv", "-o", tmp_path / "x.txt").exit_code == 0
    result = run("export", folder, "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("country,year,")


def test_batch_output_that_is_a_file_is_refused(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(GOOD, archive)
    file = tmp_path / "output"
    file.write_text("not a folder")
    one_line_error(run("batch", archive, "-o", file), 2, "is a file")


def test_empty_inputs_are_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(run("batch", empty, "-o", tmp_path / "out"), 2, "no PDF")
    one_line_error(run("qa", empty), 2, "no PDF or annexparse JSON")
    one_line_error(run("export", empty, "-o", tmp_path / "x.csv"), 2, "no PDF or annexparse JSON")
    one_line_error(run("qa", tmp_path / "missing"), 2, "no such file")


def test_json_that_is_not_annexparse_output_is_a_failed_input(tmp_path):
    folder = json_archive(tmp_path / "output", ["cambodia-2019"], index=False)
    (folder / "notes.json").write_text('{"hello": "world"}')
    for args in (("qa", folder, "--format", "json"), ("export", folder, "-o", tmp_path / "x.csv")):
        result = run(*args)
        assert result.exit_code == 9
        assert "failed: " in result.stderr and "notes.json: not annexparse JSON" in result.stderr


def test_a_deleted_pdfs_json_moves_to_orphans_and_leaves_the_data(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("cambodia-2019", "cambodia-2022"):
        shutil.copy(FIXTURES / f"{name}.pdf", archive)
    out = tmp_path / "output"
    assert run("batch", archive, "-o", out).exit_code == 0
    (archive / "cambodia-2019.pdf").unlink()
    result = run("batch", archive, "-o", out)
    assert result.exit_code == 0 and "1 orphaned" in result.stdout and ".orphans" in result.stdout
    assert not (out / "cambodia-2019.json").exists() and (out / ".orphans" / "cambodia-2019.json").exists()
    rows = {row["file"]: row for row in json.loads((out / "index.json").read_text())["files"]}
    assert rows["cambodia-2019.pdf"]["status"] == "orphaned"
    (out / "stale.json").write_text(extracted("japan-2023").model_dump_json())  # annexparse JSON the index does not list
    report = run("qa", out, "--format", "json")
    assert "skipped: " in report.stderr and "stale.json" in report.stderr
    assert [d["file"] for d in json.loads(report.stdout)["documents"]] == ["cambodia-2022.pdf"]
    panel = run("export", out, "-o", tmp_path / "x.csv")
    assert panel.exit_code == 0 and "of 1 annexes" in panel.stderr


def test_the_same_edition_twice_is_checked_and_exported_once(tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(FIXTURES / "fiji-2022.pdf", folder / "fiji-2022.pdf")
    shutil.copy(FIXTURES / "fiji-2022.pdf", folder / "fiji-2022 (1).pdf")
    report = json.loads(run("qa", folder, "--format", "json").stdout)
    own = [f for f in report["findings"] if f["document"] == "fiji-2022.pdf"]
    copy = [f for f in report["findings"] if f["document"] == "fiji-2022 (1).pdf"]
    assert sorted(f["code"] for f in own) == ["indicator_count", "indicator_duplicate"]  # not doubled
    assert [f["code"] for f in copy] == ["duplicate_edition"] and copy[0]["severity"] == "warning"
    assert "fiji-2022 (1).pdf" in copy[0]["message"] and "fiji-2022.pdf" in copy[0]["message"]
    json_folder = tmp_path / "json"
    json_folder.mkdir()
    for name in ("fiji-2022.json", "fiji-2022 (1).json"):
        (json_folder / name).write_text(extracted("fiji-2022").model_dump_json())
    result = run("export", json_folder, "-o", tmp_path / "x.csv")
    assert result.exit_code == 0 and "skipped: " in result.stderr and "fiji-2022 (1).json" in result.stderr
    assert "37 indicator rows of 1 annexes" in result.stderr


def test_the_python_api_is_documented_and_does_what_the_commands_do(tmp_path):
    """help(annexparse) shows extract, read_json, qa and export with their docstrings; each gives
    what its command gives."""
    import pydoc

    import annexparse

    text = pydoc.render_doc(annexparse, renderer=pydoc.plaintext)
    for name in ("extract(", "read_json(", "qa(", "export(", "class Annex", "class QaReport"):
        assert name in text
    annex = annexparse.extract(FIXTURES / "mongolia-2022.pdf")
    (tmp_path / "mongolia-2022.json").write_text(annex.model_dump_json())
    assert annexparse.read_json(tmp_path / "mongolia-2022.json") == annex
    report = annexparse.qa([tmp_path])
    assert isinstance(report, annexparse.QaReport) and [d.file for d in report.documents] == ["mongolia-2022.pdf"]
    written = annexparse.export([tmp_path], tmp_path / "panel.csv")
    assert [p.name for p in written] == ["panel.csv", "panel.scores.csv", "panel.references.csv"]
