"""`annexparse batch` on a small archive: good annexes and one file of each bad kind.

Runs the real command in a subprocess (workers are forked processes), as a user does.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annexparse import Annex
from badfiles import BAD, PASSWORD, endless_pdf, memory_hog_pdf
from helpers import FIXTURES, extracted

GOOD = {"mongolia-2022.pdf": "mongolia-2022", "2023/viet-nam-2023.pdf": "viet-nam-2023"}
TIMEOUT = "12"  # seconds: ample for a fixture annex, never enough for the endless file


def batch(archive: Path, output: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "annexparse.cli", "batch", str(archive), "-o", str(output), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def make_archive(root: Path) -> Path:
    archive = root / "archive"
    (archive / "2023").mkdir(parents=True)
    for relative, name in GOOD.items():
        shutil.copy(FIXTURES / f"{name}.pdf", archive / relative)
    for kind, (make, _, _) in BAD.items():
        make(archive / f"{kind}.pdf")
    endless_pdf(archive / "endless.pdf")
    return archive


def annexes_in(output: Path) -> list[Path]:
    return [p for p in output.glob("*.json") if p.name != "index.json"] if output.exists() else []


def index(output: Path) -> dict[str, dict]:
    return {row["file"]: row for row in json.loads((output / "index.json").read_text())["files"]}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    archive, output = make_archive(root), root / "output"
    result = batch(archive, output, "--jobs", "2", "--timeout", TIMEOUT)
    return archive, output, result


def test_good_files_are_converted_exactly_as_extract_does(first_run):
    _, output, result = first_run
    for relative, name in GOOD.items():
        written = (output / relative).with_suffix(".json").read_text()
        assert written.strip() == extracted(name).model_dump_json()


def test_each_bad_file_is_reported_with_its_reason_and_gets_no_json(first_run):
    archive, output, result = first_run
    assert result.returncode == 9
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failures) == len(BAD) + 1
    for kind, (_, _, reason) in BAD.items():
        assert any(f"{kind}.pdf: " in line and reason in line for line in failures), kind
        assert not (output / f"{kind}.json").exists()
    assert any("endless.pdf: timed out after 12 s" in line for line in failures)
    assert "2 converted, 0 unchanged, 7 failed" in result.stdout
    assert "Traceback" not in result.stderr


def test_index_records_every_file(first_run):
    archive, output, _ = first_run
    rows = index(output)
    assert set(rows) == {*GOOD, *(f"{kind}.pdf" for kind in BAD), "endless.pdf"}
    mongolia = rows["mongolia-2022.pdf"]
    assert mongolia["status"] == "converted" and mongolia["country"] == "Mongolia" and mongolia["year"] == 2022
    assert (mongolia["errors"], mongolia["warnings"], mongolia["pages"]) == (0, 1, 13)
    assert mongolia["output"] == "mongolia-2022.json" and mongolia["seconds"] > 0
    assert rows["2023/viet-nam-2023.pdf"]["output"] == "2023/viet-nam-2023.json"
    assert rows["encrypted.pdf"]["status"] == "failed" and "encrypted" in rows["encrypted.pdf"]["reason"]
    assert rows["endless.pdf"]["reason"] == "timed out after 12 s"
    with (output / "index.csv").open() as stream:
        table = list(csv.DictReader(stream))
    assert [row["file"] for row in table] == list(rows)
    assert {"file", "sha256", "country", "year", "status", "errors", "warnings", "pages", "seconds"} <= set(table[0])


def test_the_index_and_every_json_validate_against_their_schemas(first_run):
    jsonschema = pytest.importorskip("jsonschema")
    from annexparse.batch import index_json_schema
    from annexparse.models import annex_json_schema

    _, output, _ = first_run
    jsonschema.Draft202012Validator(index_json_schema()).validate(json.loads((output / "index.json").read_text()))
    validator = jsonschema.Draft202012Validator(annex_json_schema())
    for path in annexes_in(output):
        validator.validate(json.loads(path.read_text()))


def test_a_second_run_skips_everything_then_converts_only_what_changed(first_run, tmp_path):
    archive, output, _ = first_run
    again = batch(archive, output, "--jobs", "2", "--timeout", TIMEOUT)
    assert again.returncode == 9  # the archive still holds files that do not convert
    assert "0 converted, 2 unchanged, 7 failed" in again.stdout
    assert "endless.pdf: timed out after 12 s (unchanged since the last run)" in again.stderr
    assert {row["status"] for row in index(output).values()} == {"unchanged", "failed"}

    os.utime(archive / "mongolia-2022.pdf")  # touched, same bytes: still unchanged
    shutil.copy(FIXTURES / "japan-2023.pdf", archive / "2023" / "viet-nam-2023.pdf")  # changed
    third = batch(archive, output, "--jobs", "2", "--timeout", TIMEOUT)
    assert "1 converted, 1 unchanged, 7 failed" in third.stdout
    rows = index(output)
    assert rows["2023/viet-nam-2023.pdf"]["status"] == "converted" and rows["2023/viet-nam-2023.pdf"]["country"] == "Japan"
    assert rows["mongolia-2022.pdf"]["status"] == "unchanged"

    with_password = batch(archive, output, "--jobs", "2", "--timeout", TIMEOUT, "--password", PASSWORD)
    # a new password retries what failed under the old options; only the encrypted file now converts
    assert "1 converted" in with_password.stdout
    assert index(output)["encrypted.pdf"]["country"] == "Mongolia"


def test_a_file_that_needs_too_much_memory_is_stopped(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    memory_hog_pdf(archive / "hog.pdf")
    shutil.copy(FIXTURES / "mongolia-2022.pdf", archive)
    result = batch(archive, tmp_path / "output", "--max-memory", "400", "--timeout", "120")
    assert result.returncode == 9
    assert "hog.pdf: too large" in result.stderr
    assert (tmp_path / "output" / "mongolia-2022.json").exists()


def test_a_killed_batch_leaves_only_whole_files_and_the_next_run_completes_it(tmp_path):
    archive, output = tmp_path / "archive", tmp_path / "output"
    archive.mkdir()
    names = ("mongolia-2022", "malaysia-2022", "japan-2023", "fiji-2022")
    for name in names:
        shutil.copy(FIXTURES / f"{name}.pdf", archive)
    command = [sys.executable, "-m", "annexparse.cli", "batch", str(archive), "-o", str(output), "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not annexes_in(output):
        time.sleep(0.05)
    time.sleep(0.5)  # let the next worker get going, so the kill lands mid-file
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = annexes_in(output)
    assert 1 <= len(written) < len(names)
    for path in written:
        Annex.model_validate_json(path.read_text())  # whole, or not there at all
    rerun = batch(archive, output, "--jobs", "1")
    assert rerun.returncode == 0, rerun.stderr
    converted = int(rerun.stdout.split(" converted")[0].split()[-1])
    assert 1 <= converted < len(names)
    for name in names:
        assert (output / f"{name}.json").read_text().strip() == extracted(name).model_dump_json()
    assert not list(output.glob(".*.tmp"))


def test_largest_files_are_read_first(tmp_path):
    from annexparse.batch import Job, largest_first

    sizes = {"small.pdf": 10, "large.pdf": 300, "gone.pdf": None, "middle.pdf": 50}
    jobs = []
    for name, size in sizes.items():
        if size is not None:
            (tmp_path / name).write_bytes(b"x" * size)
        jobs.append(Job(tmp_path / name, name, tmp_path / f"{name}.json", "0" * 64))
    assert [job.relative for job in largest_first(jobs)] == ["large.pdf", "middle.pdf", "small.pdf", "gone.pdf"]
