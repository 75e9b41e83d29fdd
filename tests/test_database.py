"""`export -o archive.db`: the archive as a SQLite database (sqlite-utils), with full-text search and Datasette metadata."""
from __future__ import annotations

import asyncio
import csv
import html
import json
import sqlite3

import pytest
from click.testing import CliRunner

import annexparse
from annexparse.cli import main
from annexparse.database import TABLES
from helpers import FIXTURES, extracted, json_archive


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """The sample archive's JSON (the 13 fixture PDFs are pdfs/)."""
    return json_archive(tmp_path_factory.mktemp("archive") / "output", [pdf.stem for pdf in sorted(FIXTURES.glob("*.pdf"))])


@pytest.fixture(scope="module")
def database(output, tmp_path_factory):
    target = tmp_path_factory.mktemp("db") / "archive.db"
    result = run("export", output, "-o", target)
    assert result.exit_code == 0, result.output
    assert "13 annexes, 469 indicators" in result.stderr
    return target


def query(path, sql: str, *parameters) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, parameters).fetchall()


def test_one_table_per_entity_with_keys_that_hold(database, output, tmp_path):
    names = {row[0] for row in query(database, "select name from sqlite_master where type = 'table'")}
    assert set(TABLES) <= names and {"indicators_fts", "footnotes_fts"} <= names
    assert query(database, "pragma foreign_key_check") == []
    annexparse.export([output], tmp_path / "panel.csv")
    with (tmp_path / "panel.csv").open() as stream:
        panel = list(csv.DictReader(stream))
    assert query(database, "select count(*) from indicators") == [(len(panel),)]
    columns = [row[1] for row in query(database, "pragma table_info(indicators)")]
    assert set(panel[0]) <= set(columns)
    footnotes = sum(len(extracted(p.stem).footnotes) for p in FIXTURES.glob("*.pdf"))
    assert query(database, "select count(*) from footnotes") == [(footnotes,)]
    assert query(database, "select count(*) from citations where footnote_id is null") == [(1,)]  # indonesia-2023 cites a footnote it lacks
    findings = query(database, "select id, code from findings")
    assert len(findings) == len({i for i, _ in findings}) and ("cambodia-2023/previous_score_mismatch/vs-cambodia-2022", "previous_score_mismatch") in findings


def test_full_text_search_over_notes_and_footnotes(database):
    kigali = query(
        database,
        "select a.country, a.year, i.key from indicators_fts join indicators i on i.id = indicators_fts.rowid "
        "join annexes a on a.id = i.annex_id where indicators_fts match 'note: Kigali' order by a.country, a.year",
    )
    assert ("Fiji", 2022, "A6.6") in kigali and len(kigali) >= 5
    cited = query(
        database,
        'select a.country, a.year, f.number from "references" r join footnotes f on f.id = r.footnote_id '
        "join annexes a on a.id = f.annex_id where r.un_symbol = ?",
        "A/HRC/41/4",
    )
    assert cited and all(country == "Cambodia" for country, _, _ in cited)
    elections = query(database, "select count(*) from footnotes_fts where footnotes_fts match 'election*'")
    assert elections[0][0] > 0


def test_corrections_and_accepted_findings_go_into_the_database(output, tmp_path):
    review = tmp_path / "review.toml"
    report = annexparse.qa([output])
    annexparse.write_accepted(report, review)
    review.write_text(review.read_text().replace('reason = ""', 'reason = "as printed"', 1))
    corrections = tmp_path / "corrections.toml"
    corrections.write_text(
        '[[correction]]\ncountry = "Cambodia"\nyear = 2022\nindicator = "A3.5"\nfield = "rating"\nvalue = "Very Strong"\nreason = "corrigendum"\n'
    )
    target = tmp_path / "fixed.sqlite"
    result = run("export", output, "-o", target, "--corrections", corrections, "--accepted", review)
    assert result.exit_code == 0, result.output
    assert query(target, "select rating, corrected, as_printed from indicators where corrected is not null") == [
        ("Very Strong", "rating", '{"rating": "Strong"}')
    ]
    assert query(target, "select score_computed, corrected from annexes where file = 'cambodia-2022.pdf'") == [(42, "score_computed")]
    assert query(target, "select id, accepted_reason from findings where accepted") == [(report.findings[0].id, "as printed")]
    codes = {row[0] for row in query(target, "select code from findings where document = 'cambodia-2022.pdf'")}
    assert "scorecard_rating_mismatch" not in codes


def test_stdout_is_refused_and_nothing_is_left_half_written(output, tmp_path):
    result = run("export", output, "-o", "-", "--format", "sqlite")
    assert result.exit_code == 2 and "cannot go to stdout" in result.stderr
    target = tmp_path / "archive.db"
    assert run("export", output, "-o", target).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db", "archive.metadata.json"]


def test_datasette_serves_it_with_the_descriptions_of_the_metadata(database):
    datasette = pytest.importorskip("datasette.app")
    metadata = json.loads(database.with_name("archive.metadata.json").read_text())

    async def pages():
        ds = datasette.Datasette([str(database)], metadata=metadata)
        table = await ds.client.get("/archive/indicators")
        served = await ds.client.get("/-/metadata.json")
        rows = await ds.client.get("/archive/indicators.json?_shape=array&key=A6.6&_size=100")
        return table, served, rows

    table, served, rows = asyncio.run(pages())
    assert table.status_code == 200 and TABLES["indicators"] in html.unescape(table.text)
    assert served.json()["databases"]["archive"]["tables"]["footnotes"]["description"] == TABLES["footnotes"]
    assert len(rows.json()) == 13
