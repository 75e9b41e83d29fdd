"""`annexparse qa`: inputs, formats, exit status and the HTML report's images."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from PIL import Image

from annexparse.cli import main
from helpers import FIXTURES, extracted

CAMBODIA = ("cambodia-2019", "cambodia-2022", "cambodia-2023")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def json_archive(tmp_path):
    """annexparse JSON of the Cambodia editions in one folder, their PDFs in another, and an index that is not an annex."""
    out, pdfs = tmp_path / "output", tmp_path / "pdfs"
    out.mkdir()
    pdfs.mkdir()
    for name in CAMBODIA:
        (out / f"{name}.json").write_text(extracted(name).model_dump_json())
        shutil.copy(FIXTURES / f"{name}.pdf", pdfs)
    rows = [{"file": f"{n}.pdf", "status": "converted", "output": f"{n}.json"} for n in CAMBODIA]
    (out / "index.json").write_text(json.dumps({"annexparse_version": "0.1.0", "files": rows}))
    return out, pdfs


def test_json_report_lists_each_documents_findings_and_the_cross_edition_one(json_archive):
    out, pdfs = json_archive
    result = run("qa", out, "--pdfs", pdfs, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["file"] for d in report["documents"]] == [f"{n}.pdf" for n in CAMBODIA]
    found = sorted((f["document"], f["code"], f["scope"]) for f in report["findings"])
    assert found == [
        ("cambodia-2022.pdf", "score_mismatch", "document"),
        ("cambodia-2022.pdf", "scorecard_rating_mismatch", "document"),
        ("cambodia-2023.pdf", "previous_score_mismatch", "archive"),
    ]
    assert report["documents"][1]["errors"] == 2 and report["documents"][1]["score_printed"] == 37


def test_fail_on_sets_the_exit_status(json_archive):
    out, _ = json_archive
    assert run("qa", out, "--format", "json", "--fail-on", "error").exit_code == 10
    clean = out / "cambodia-2019.json"
    assert run("qa", clean, "--format", "json", "--fail-on", "warning").exit_code == 0
    warning_only = FIXTURES / "mongolia-2022.pdf"  # its one finding is a warning
    assert run("qa", warning_only, "--format", "json", "--fail-on", "error").exit_code == 0
    assert run("qa", warning_only, "--format", "json", "--fail-on", "warning").exit_code == 10


def test_an_unreadable_input_is_reported_and_the_rest_still_checked(json_archive, tmp_path):
    out, _ = json_archive
    broken = tmp_path / "broken.json"
    broken.write_text('{"country": "Nowhere"}')
    result = run("qa", out / "cambodia-2022.json", broken, "--format", "json")
    assert result.exit_code == 9
    assert "failed: " in result.stderr and "broken.json: not annexparse JSON" in result.stderr
    report = json.loads(result.stdout)
    assert [d["status"] for d in report["documents"]] == ["ok", "failed"]
    assert len(report["findings"]) == 2


def test_terminal_summary_says_what_is_wrong_and_where(json_archive):
    out, _ = json_archive
    result = run("qa", out)
    assert result.exit_code == 0
    text = result.stdout
    assert "The printed score is 37 but the ratings give 41" in text
    assert "cambodia-2022.pdf, p. 4" in text  # the other edition's side of the cross-edition finding
    assert "3 documents, 0 unreadable; 3 errors, 0 warnings" in text


def test_markdown_report(json_archive, tmp_path):
    out, _ = json_archive
    target = tmp_path / "qa.md"
    assert run("qa", out, "-o", target).exit_code == 0
    text = target.read_text()
    assert text.startswith("# annexparse QA report")
    assert "| `previous_score_mismatch` | error | 1 |" in text
    assert "- **error** `scorecard_rating_mismatch` (indicator 11, p. 3, 7)" in text


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[str] = []
        self.svgs = 0
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "svg":
            self.svgs += 1
        # what the page would load: a src, a stylesheet's href (a link to a cited page loads nothing)
        for name in ("src",) + (("href",) if tag == "link" else ()):
            value = attrs.get(name) or ""
            if value.startswith(("http:", "https:", "//")):
                self.external.append(value)


def test_html_report_is_self_contained_with_a_page_image_of_each_printed_side(json_archive, tmp_path):
    out, pdfs = json_archive
    target = tmp_path / "report.html"
    result = run("qa", out, "--pdfs", pdfs, "-o", target)
    assert result.exit_code == 0, result.output
    html = target.read_text()
    parser = _Images()
    parser.feed(html)
    assert parser.external == []
    # score_mismatch: 1 printed side; rating mismatch: 2; previous_score_mismatch: 2 (one from the 2022 PDF)
    assert len(parser.images) == 5
    for uri in parser.images:
        assert uri.startswith("data:image/png;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
        image.load()
        assert image.width > 200 and image.height > 40
        histogram = image.convert("L").histogram()
        dark, total = sum(histogram[:128]), image.width * image.height
        assert 0.01 < dark / total < 0.5  # printed text on a page, not a blank or black box
    assert parser.svgs >= 1 + 3  # the score chart, plus the legend's samples
    assert re.search(r'title="Cambodia 2022, indicator 11: Strong, Unchanged"', html)
    assert html.count("cell flag") == 1  # indicator 11 in 2022, the one finding about an indicator


def test_html_report_without_the_pdfs_says_so_instead_of_showing_images(json_archive, tmp_path):
    out, _ = json_archive
    target = tmp_path / "report.html"
    assert run("qa", out, "-o", target).exit_code == 0
    html = target.read_text()
    assert "<img" not in html and "the PDF was not found" in html
