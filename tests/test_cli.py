"""The command line: output, atomic files and bad input."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from badfiles import BAD, PASSWORD, encrypted_pdf
from helpers import FIXTURES, extracted

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
