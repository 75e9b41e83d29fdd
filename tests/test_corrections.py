"""Corrections (`--corrections corrections.toml`): applied on top of the JSON, what follows recomputed, marked, stale."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import annexparse
from annexparse.cli import main
from annexparse.corrections import Correction, apply_corrections
from helpers import extracted, json_archive

EDITIONS = ("cambodia-2019", "cambodia-2022", "cambodia-2023", "fiji-2022", "thailand-2019")
WHY = 'reason = "a corrigendum"\nsource = "Corrigendum, March 2023"\nby = "R. Searcher"\ndate = 2026-12-06\n'
RATING = '[[correction]]\ncountry = "Cambodia"\nyear = 2022\nindicator = "A3.5"\nfield = "rating"\nvalue = "Very Strong"\n' + WHY


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def output(tmp_path):
    return json_archive(tmp_path / "output", EDITIONS)


def write(tmp_path, text: str):
    path = tmp_path / "corrections.toml"
    path.write_text(text)
    return path


def rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_a_corrected_rating_is_marked_rescored_and_resolves_its_finding(output, tmp_path):
    before = {p.name: p.read_bytes() for p in output.iterdir()}
    corrections = write(tmp_path, RATING)
    result = run("export", output, "-o", tmp_path / "panel.csv", "--corrections", corrections)
    assert result.exit_code == 0, result.output
    assert "1 corrections applied" in result.stderr
    row = next(r for r in rows(tmp_path / "panel.csv") if r["country"] == "Cambodia" and r["year"] == "2022" and r["key"] == "A3.5")
    assert (row["rating"], row["points"], row["corrected"], json.loads(row["as_printed"])) == ("Very Strong", "4", "rating", {"rating": "Strong"})
    untouched = [r for r in rows(tmp_path / "panel.csv") if r["corrected"]]
    assert len(untouched) == 1
    scores = next(r for r in rows(tmp_path / "panel.scores.csv") if r["file"] == "cambodia-2022.pdf")
    assert scores["score_computed"] == "42" and json.loads(scores["as_printed"]) == {"score_computed": 41}
    assert {p.name: p.read_bytes() for p in output.iterdir()} == before  # the JSON is never rewritten

    plain = annexparse.qa([output])
    fixed = annexparse.qa([output], corrections=corrections)
    assert "cambodia-2022/scorecard_rating_mismatch/A3.5" in {f.id for f in plain.findings}
    assert "cambodia-2022/scorecard_rating_mismatch/A3.5" not in {f.id for f in fixed.findings}
    # the corrected rating no longer agrees with the printed change word against 2019: said so
    assert "cambodia-2022/change_inconsistent/A3.5/vs-cambodia-2019" in {f.id for f in fixed.findings}
    [note] = fixed.corrections
    assert (note.correction, note.printed, note.value, note.source) == ("Cambodia 2022, indicator A3.5, rating", "Strong", "Very Strong", "Corrigendum, March 2023")
    markdown = run("qa", output, "--corrections", corrections, "--format", "markdown").stdout
    assert "## Corrections (1 applied)" in markdown and "| Cambodia 2022, indicator A3.5, rating | 'Strong' | 'Very Strong' |" in markdown
    html = run("qa", output, "--corrections", corrections, "--format", "html").stdout
    assert '<section id="corrections">' in html and "Corrigendum, March 2023" in html


def test_the_wide_panel_marks_the_corrected_key(output, tmp_path):
    result = run("export", output, "-o", tmp_path / "wide.csv", "--wide", "--corrections", write(tmp_path, RATING))
    assert result.exit_code == 0, result.output
    row = next(r for r in rows(tmp_path / "wide.csv") if r["file"] == "cambodia-2022.pdf")
    assert row["A3.5"] == "Very Strong" and json.loads(row["as_printed"]) == {"A3.5": "Strong", "score_computed": 41}


def test_a_correction_the_document_already_reads_or_whose_target_is_gone_is_stale(output, tmp_path):
    annex = json.loads((output / "cambodia-2022.json").read_text())
    next(i for i in annex["indicators"] if i["key"] == "A3.5")["rating"] = "Very Strong"  # the PDF was fixed
    (output / "cambodia-2022.json").write_text(json.dumps(annex))
    gone = RATING.replace('indicator = "A3.5"', 'row = 99').replace("2022", "2023")
    elsewhere = RATING.replace("2022", "2031")
    corrections = write(tmp_path, "\n".join((RATING, gone, elsewhere)))
    result = run("export", output, "-o", tmp_path / "panel.csv", "--corrections", corrections)
    assert result.exit_code == 0
    assert "stale correction (Cambodia 2022, indicator A3.5, rating): the rating already reads 'Very Strong'" in result.stderr
    assert "stale correction (Cambodia 2023, row 99, rating): its target is gone (no such indicator)" in result.stderr
    assert "stale correction (Cambodia 2031, indicator A3.5, rating): no such edition among the inputs" in result.stderr
    assert not any(r["corrected"] for r in rows(tmp_path / "panel.csv"))
    report = annexparse.qa([output], corrections=corrections)
    assert len(report.stale_corrections) == 3 and report.corrections == []


@pytest.mark.parametrize(
    "text, says",
    [
        (RATING.replace('"Very Strong"', '"Good"'), "entry 1: rating 'Good' is not a rating"),
        (RATING.replace('field = "rating"', 'field = "urls"'), "a indicator has no field 'urls'"),
        (RATING.replace('indicator = "A3.5"', 'indicator = "A3.5"\nfootnote = 3'), "give exactly one target"),
        (RATING.replace('reason = "a corrigendum"', 'reason = ""'), "entry 1: reason"),
        (RATING + '[[correction]]\ncountry = "Fiji"\nyear = 2022\nscores = true\nfield = "current"\nvalue = "high"\nreason = "x"\n', "entry 2"),
        ("not toml [", "not a usable corrections file"),
    ],
)
def test_an_invalid_entry_is_a_usage_error_naming_it(output, tmp_path, text, says):
    corrections = write(tmp_path, text)
    for command in (("export", output, "-o", tmp_path / "panel.csv"), ("qa", output)):
        result = run(*command, "--corrections", corrections)
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "panel.csv").exists()


def test_a_corrected_wording_is_paired_to_its_key_again():
    printed = extracted("cambodia-2022")
    fifth = printed.indicators[4]
    misprint = "Establish a national something-or-other committee."  # a wording no key of the format matches
    indicators = [i.model_copy(update={"indicator": misprint, "key": None}) if i is fifth else i for i in printed.indicators]
    annex = printed.model_copy(update={"indicators": indicators})
    annex = annex.model_copy(update={"issues": annexparse.validate(annex)})
    assert "indicator_unmatched" in {i.code for i in annex.issues}
    fix = Correction(country="Cambodia", year=2022, row=fifth.number, field="indicator", value=fifth.indicator, reason="misprinted")
    corrected = apply_corrections([annex], [fix])
    row = corrected.annexes[0].indicators[4]
    assert (row.key, row.indicator) == (fifth.key, fifth.indicator)
    assert corrected.marks["cambodia-2022.pdf"][("indicator", fifth.number)] == {"indicator": misprint}
    assert "indicator_unmatched" not in {i.code for i in corrected.annexes[0].issues}


def test_a_corrected_footnote_is_parsed_into_references_again(output, tmp_path):
    annex = extracted("cambodia-2022")
    footnote = next(f for f in annex.footnotes if f.references)
    text = "Amnesty International, 2021. Cambodia: Crackdown on dissent. London: Amnesty International."
    corrections = write(
        tmp_path,
        f'[[correction]]\ncountry = "Cambodia"\nyear = 2022\nfootnote = {footnote.number}\nfield = "text"\nvalue = "{text}"\n' + WHY,
    )
    assert run("export", output, "-o", tmp_path / "panel.csv", "--corrections", corrections).exit_code == 0
    mine = [r for r in rows(tmp_path / "panel.references.csv") if r["file"] == "cambodia-2022.pdf" and r["footnote"] == str(footnote.number)]
    assert mine and all(r["corrected"] == "footnote_text" for r in mine)
    assert json.loads(mine[0]["as_printed"]) == {"footnote_text": footnote.text}
    assert any(r["organization"] == "Amnesty International" or "Amnesty International" in r["authors"] for r in mine)
    assert run("export", output, "-o", tmp_path / "works.json", "--corrections", corrections).exit_code == 0
    works = json.loads((tmp_path / "works.json").read_text())
    assert any("Crackdown on dissent" in item.get("title", "") for item in works)


def test_a_corrected_printed_score_resolves_the_findings_of_both_editions(output, tmp_path):
    fix = '[[correction]]\ncountry = "Cambodia"\nyear = 2022\nscores = true\nfield = "current"\nvalue = 41\n' + WHY
    report = annexparse.qa([output], corrections=write(tmp_path, fix))
    ids = {f.id for f in report.findings}
    assert "cambodia-2022/score_mismatch" not in ids and "cambodia-2023/previous_score_mismatch/vs-cambodia-2022" not in ids
    assert {f.id for f in annexparse.qa([output]).findings} >= {"cambodia-2022/score_mismatch", "cambodia-2023/previous_score_mismatch/vs-cambodia-2022"}


def test_a_scorecard_item_is_corrected_by_its_key():
    annex = extracted("cambodia-2022")
    fix = Correction(country="cambodia", year=2022, scorecard="A3.5", field="rating", value="Strong", reason="the table is right")
    corrected = apply_corrections([annex], [fix])
    assert not corrected.stale and "scorecard_rating_mismatch" not in {i.code for i in corrected.annexes[0].issues}
    assert annex.issues == extracted("cambodia-2022").issues  # the annex given is not changed

