"""`qa FOLDER -o report` summed up a folder of 1 annex and 2 foreign JSON files as "3 documents,
0 errors" (found in this stop's acceptance run, `qa ../shared/corpus --cross-check`, whose gold
files made 39 "documents" of 13 annexes): the line now says how many could not be read, as the
terminal report does."""
from __future__ import annotations

from click.testing import CliRunner

from annexparse.cli import main
from helpers import extracted


def test_the_summary_line_says_how_many_inputs_could_not_be_read(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "mongolia-2022.json").write_text(extracted("mongolia-2022").model_dump_json())
    (folder / "mongolia-2022.gold.json").write_text('{"indicators": []}')
    (folder / "notes.json").write_text('{"hello": "world"}')

    result = CliRunner().invoke(main, ["qa", str(folder), "-o", str(tmp_path / "qa.md")])

    assert result.exit_code == 9
    assert "3 documents, 2 unreadable; " in result.stderr
    assert "3 documents, 2 unreadable; " in (tmp_path / "qa.md").read_text()
