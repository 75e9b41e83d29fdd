"""Stable finding ids and accepted findings (`qa --accepted / --write-accepted`, `annexparse.qa(accepted=)`)."""
from __future__ import annotations

import json
import shutil
import tomllib

import pytest
from click.testing import CliRunner

import annexparse
from annexparse.cli import main
from annexparse.review import AcceptedEntry, read_review, review_text
from helpers import FIXTURES, extracted, json_archive

ARCHIVE = ("cambodia-2019", "cambodia-2022", "cambodia-2023", "fiji-2022", "indonesia-2022", "indonesia-2023", "timor-leste-2019")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def output(tmp_path):
    """annexparse JSON of several editions (three of Cambodia, two of Indonesia), as a batch writes it."""
    return json_archive(tmp_path / "output", ARCHIVE)


def ids(report) -> list[str]:
    return [f.id for f in report.findings]


def test_every_finding_has_an_id_and_no_two_share_one(tmp_path):
    """The sample archive (the 13 fixture PDFs are pdfs/), within and across editions."""
    report = annexparse.qa([json_archive(tmp_path / "sample", [pdf.stem for pdf in sorted(FIXTURES.glob("*.pdf"))])])
    assert len(report.documents) == 13 and len(report.findings) >= 10
    assert all(f.id for f in report.findings)
    assert len(set(ids(report))) == len(report.findings)


def test_an_id_names_the_edition_the_code_and_the_subject():
    annex = extracted("cambodia-2022")
    by_code = {issue.code.value: issue.id for issue in annex.issues}
    assert by_code["score_mismatch"] == "cambodia-2022/score_mismatch"
    key = next(i.key for i in annex.indicators if i.number == next(x.indicator for x in annex.issues if x.code == "scorecard_rating_mismatch"))
    assert by_code["scorecard_rating_mismatch"] == f"cambodia-2022/scorecard_rating_mismatch/{key}"


def test_ids_are_the_same_on_a_second_conversion_and_after_a_rename(tmp_path):
    renamed = tmp_path / "somewhere" / "Cambodia annex (final).pdf"
    renamed.parent.mkdir()
    shutil.copy(FIXTURES / "cambodia-2022.pdf", renamed)
    again = annexparse.extract(renamed)
    assert again.source.file != extracted("cambodia-2022").source.file
    assert [i.id for i in again.issues] == [i.id for i in extracted("cambodia-2022").issues]
    assert [i.id for i in again.issues]


def test_ids_do_not_move_when_an_unrelated_finding_comes(output):
    before = {f.id: f.message for f in annexparse.qa([output]).findings}
    annex = json.loads((output / "indonesia-2022.json").read_text())
    annex["scores"]["stated"]["current"] += 7  # a score misprint: one more finding, about the scores
    (output / "indonesia-2022.json").write_text(json.dumps(annex))
    after = {f.id: f.message for f in annexparse.qa([output]).findings}
    assert len(after) > len(before)
    assert all(after.get(found) == message for found, message in before.items())  # every earlier finding keeps its id
    assert "indonesia-2022/score_mismatch" in set(after) - set(before)


def test_an_edition_without_country_or_year_is_named_by_its_sha256():
    annex = extracted("cambodia-2022").model_copy(update={"country": None})
    issues = annexparse.validate(annex)
    assert issues and all(i.id.startswith(f"sha256-{annex.source.sha256[:16]}/") for i in issues)


def test_write_accepted_then_accept_every_finding_then_a_new_one_is_seen(output, tmp_path):
    review = tmp_path / "review.toml"
    written = run("qa", output, "--format", "json", "--write-accepted", review)
    assert written.exit_code == 0, written.output
    entries = read_review(review)
    report = json.loads(written.stdout)
    assert [e.id for e in entries] == [f["id"] for f in report["findings"]]
    assert all(e.reason == "" for e in entries) and all(e.message for e in entries)
    # not accepted yet: an entry needs a reason
    assert run("qa", output, "--format", "json", "--accepted", review, "--fail-on", "error").exit_code == 10

    text = review.read_text().replace('reason = ""', 'reason = "printed so; confirmed with the authors"').replace('date = ""', "date = 2026-12-06")
    review.write_text(text)
    accepted = run("qa", output, "--format", "json", "--accepted", review, "--fail-on", "error")
    assert accepted.exit_code == 0, accepted.output
    report = json.loads(accepted.stdout)
    assert report["findings"] and all(f["accepted"]["reason"] == "printed so; confirmed with the authors" for f in report["findings"])
    assert all(f["accepted"]["date"] == "2026-12-06" for f in report["findings"])
    assert all(d["errors"] == 0 for d in report["documents"])

    # one scorecard item rated otherwise: exactly one new finding
    annex = json.loads((output / "fiji-2022.json").read_text())
    item = next(i for i in annex["scorecard"] if i["rating"] == "Weak")
    item["rating"] = "Very Strong"
    (output / "fiji-2022.json").write_text(json.dumps(annex))
    again = run("qa", output, "--format", "json", "--accepted", review, "--fail-on", "error")
    assert again.exit_code == 10
    report = json.loads(again.stdout)
    new = [f for f in report["findings"] if f["accepted"] is None]
    assert [(f["document"], f["code"]) for f in new] == [("fiji-2022.pdf", "scorecard_rating_mismatch")]
    assert report["stale"] == []


def test_reasons_are_kept_and_stale_entries_listed_then_dropped(output, tmp_path):
    review = tmp_path / "review.toml"
    report = annexparse.qa([output])
    first = report.findings[0]
    stale = AcceptedEntry(id="nowhere-2020/score_mismatch", message="gone", reason="was true once")
    review.write_text(review_text(report.findings, [AcceptedEntry(id=first.id, reason="intended", by="me"), stale]))
    assert {e.id for e in read_review(review)} == {f.id for f in report.findings}  # the stale one is not written
    review.write_text(review.read_text() + '\n[[accepted]]\nid = "nowhere-2020/score_mismatch"\nreason = "was true once"\n')

    result = run("qa", output, "--accepted", review)
    assert result.exit_code == 0
    assert "stale entry nowhere-2020/score_mismatch" in result.stderr
    assert "Accepted in" in result.stdout and "intended (me)" in result.stdout
    reviewed = annexparse.qa([output], accepted=review)
    assert [f.id for f in reviewed.accepted] == [first.id]
    assert [e.id for e in reviewed.stale] == ["nowhere-2020/score_mismatch"]

    rewritten = run("qa", output, "--format", "json", "--write-accepted", review)
    assert "1 stale entries dropped" in rewritten.stderr
    kept = {e.id: e for e in read_review(review)}
    assert kept[first.id].reason == "intended" and kept[first.id].by == "me"
    assert "nowhere-2020/score_mismatch" not in kept


def test_markdown_and_html_show_accepted_findings_apart(output, tmp_path):
    review = tmp_path / "review.toml"
    report = annexparse.qa([output])
    accepted_one = report.findings[0]
    review.write_text(review_text(report.findings, [AcceptedEntry(id=accepted_one.id, reason="intended")]))
    markdown = run("qa", output, "--format", "markdown", "--accepted", review).stdout
    new_part, accepted_part = markdown.split("## Accepted findings (1)")
    assert "## New findings" in new_part and accepted_one.id not in new_part.split("## New findings")[1]
    assert accepted_one.id in accepted_part and "intended" in accepted_part
    html = run("qa", output, "--format", "html", "--accepted", review).stdout
    new_html, accepted_html = html.split('<section id="accepted">')
    assert accepted_one.id in accepted_html and "intended" in accepted_html
    assert accepted_one.id not in new_html.split('<section id="findings">')[1]


@pytest.mark.parametrize(
    "content, says",
    [
        ("not toml [", "not a usable review file"),
        ('[[accepted]]\nreason = "x"\n', "entry 1: id: Field required"),
        ('[[accepted]]\nid = "a"\n[[accepted]]\nid = "a"\n', "listed twice"),
        ('title = "x"\n', "expected only [[accepted]] tables"),
    ],
)
def test_a_review_file_that_cannot_be_used_is_a_usage_error(output, tmp_path, content, says):
    review = tmp_path / "review.toml"
    review.write_text(content)
    result = run("qa", output, "--accepted", review)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.output
    assert run("qa", output, "--accepted", tmp_path / "missing.toml").exit_code == 2


def test_review_text_reads_back_whatever_a_message_holds():
    class Found:
        id = "x-2020/score_mismatch"
        message = 'quote " backslash \\ tab \t bell \x07 del \x7f é 😀'
        accepted = None

    text = review_text([Found()])
    assert tomllib.loads(text)["accepted"][0]["message"] == Found.message
