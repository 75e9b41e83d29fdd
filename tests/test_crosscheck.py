"""--cross-check: camelot reads every page of the detailed table again; misreadings are flagged."""
from __future__ import annotations

import json
import shutil
from functools import lru_cache

import pytest
from click.testing import CliRunner

from annexparse.cli import main
from annexparse.crosscheck import cross_check
from annexparse.models import Rating
from helpers import FIXTURES, extracted

AGREE = ("mongolia-2022", "japan-2023", "viet-nam-2023", "wp/maldives-2023", "wp/tonga-2023", "wp/bhutan-2022")


@lru_cache(maxsize=None)
def checked(name: str):
    return cross_check(extracted(name), FIXTURES / f"{name}.pdf")


@pytest.mark.parametrize("name", AGREE)
def test_the_two_readings_agree_on_pages_read_right(name):
    annex = checked(name)
    assert annex.cross_check is not None and annex.cross_check.reader.startswith("camelot")
    assert [p.page for p in annex.cross_check.pages if p.status == "differ"] == []
    assert sum(p.status == "agree" for p in annex.cross_check.pages) >= len(annex.cross_check.pages) - 1
    assert not [i for i in annex.issues if i.code == "reading_disagreement"]


def _misread(change):
    annex = extracted("mongolia-2022").model_copy(deep=True)
    page = change(annex)
    return cross_check(annex, FIXTURES / "mongolia-2022.pdf"), page


def _drop_a_row(annex):
    dropped = annex.indicators.pop(20)
    return dropped.assessment_box.page


def _change_a_rating(annex):
    row = annex.indicators[10]
    row.rating = Rating.WEAK if row.rating is not Rating.WEAK else Rating.FAIR
    return row.assessment_box.page


def _reword_an_indicator(annex):
    row = annex.indicators[15]
    row.indicator = "Plant trees along every river."
    return row.assessment_box.page


@pytest.mark.parametrize("change", [_drop_a_row, _change_a_rating, _reword_an_indicator], ids=["dropped row", "changed rating", "changed wording"])
def test_a_misreading_is_flagged_on_its_page(change):
    annex, page = _misread(change)
    flagged = [i for i in annex.issues if i.code == "reading_disagreement"]
    assert [i.pages for i in flagged] == [[page]]
    finding = flagged[0]
    assert finding.severity == "warning" and [side.side for side in finding.evidence][0] == "annexparse"
    assert finding.evidence[1].side.startswith("camelot") and finding.evidence[0].box.page == page
    assert next(p for p in annex.cross_check.pages if p.page == page).status == "differ"


def test_qa_cross_check_says_which_json_has_no_pdf(tmp_path):
    folder = tmp_path / "json"
    folder.mkdir()
    (folder / "mongolia-2022.json").write_text(extracted("mongolia-2022").model_dump_json())
    result = CliRunner().invoke(main, ["qa", str(folder), "--cross-check", "--format", "json"])
    assert result.exit_code == 0 and "note: " in result.stderr and "not cross-checked" in result.stderr
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    shutil.copy(FIXTURES / "mongolia-2022.pdf", pdfs)
    result = CliRunner().invoke(main, ["qa", str(folder), "--pdfs", str(pdfs), "--cross-check", "--format", "json"])
    assert result.exit_code == 0 and "note: " not in result.stderr
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"] == "reading_disagreement"]


def test_extract_cross_check_writes_the_section():
    result = CliRunner().invoke(main, ["extract", str(FIXTURES / "mongolia-2022.pdf"), "--cross-check"])
    section = json.loads(result.stdout)["cross_check"]
    assert section["pages"] and {p["status"] for p in section["pages"]} <= {"agree", "unchecked"}
    assert all(p["settings"]["flavor"] in ("lattice", "stream") for p in section["pages"] if p["status"] == "agree")
