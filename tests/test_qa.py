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


# ---------------------------------------------------------------------------
# a report that reads on any screen and says only what is so (issue 20)


def test_findings_come_errors_first_within_each_document(tmp_path):
    from annexparse.audit import build_report, read_inputs

    (tmp_path / "thailand-2019.json").write_text(extracted("thailand-2019").model_dump_json())  # its warning names no indicator
    report = build_report(read_inputs([tmp_path]))
    severities = [f.severity for f in report.findings]
    assert "warning" in severities and "error" in severities
    assert severities == sorted(severities, key=lambda s: s != "error")


def test_an_earlier_edition_not_in_the_archive_is_said_so_and_its_printed_score_charted(json_archive, tmp_path):
    out, pdfs = json_archive
    (out / "cambodia-2019.json").unlink()  # cambodia-2022 compares itself with 2019, now not in the archive
    rows = json.loads((out / "index.json").read_text())
    rows["files"] = [r for r in rows["files"] if r["file"] != "cambodia-2019.pdf"]
    (out / "index.json").write_text(json.dumps(rows))
    target = tmp_path / "report.html"
    result = run("qa", out, "--pdfs", pdfs, "-o", target)
    assert result.exit_code == 0, result.output
    html = target.read_text()
    assert "2019 (not in the archive)" in html and "2022 (not in the archive)" not in html
    chart = re.search(r"<h4>Cambodia</h4>(<svg.*?</svg>)", html).group(1)
    assert "2019: 39, as the 2022 edition prints it" in chart  # the printed previous score, as a point
    assert chart.count('class="printed"') >= 2 and ">2019<" in chart


def test_every_page_crop_opens_larger_without_a_script(json_archive, tmp_path):
    out, pdfs = json_archive
    target = tmp_path / "report.html"
    assert run("qa", out, "--pdfs", pdfs, "-o", target).exit_code == 0
    html = target.read_text()
    crops = re.findall(r'<input type="checkbox" class="zoom-toggle" id="([^"]+)"><label class="zoom" for="([^"]+)"[^>]*><img ', html)
    assert len(crops) == html.count("<img ") == 5 and all(a == b for a, b in crops)
    assert len({a for a, _ in crops}) == 5 and "<script" not in html
    assert ".zoom-toggle:checked + .zoom img { width:auto !important; max-width:none;" in html


def test_long_evidence_is_cut_with_an_ellipsis():
    from annexparse.evidence import clipped

    text = "word " * 100
    assert clipped(text).endswith("…") and len(clipped(text)) <= 201 and clipped("short") == "short"


def test_qa_on_json_without_its_pdfs_says_there_are_no_page_images(json_archive, tmp_path):
    out, _ = json_archive
    result = run("qa", out, "-o", tmp_path / "report.html")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: no page images")]
    assert result.exit_code == 0 and len(warnings) == 1 and "--pdfs" in warnings[0]


def test_the_terminal_table_keeps_whole_file_names_when_piped(tmp_path):
    long_name = "the-kingdom-of-cambodia-assessment-annex-2022-final-version.json"
    (tmp_path / long_name).write_text(extracted("cambodia-2022").model_dump_json())
    result = run("qa", tmp_path)
    assert "cambodia-2022.pdf" in result.stdout and "…" not in result.stdout.split("\n\n")[0]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium (apt-get install chromium)")
def test_the_report_fits_a_phone_screen_in_chromium(json_archive, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    out, pdfs = json_archive
    target = tmp_path / "report.html"
    assert run("qa", out, "--pdfs", pdfs, "-o", target).exit_code == 0
    script = Path(__file__).parent.parent / "scripts" / "report_check.py"
    result = subprocess.run([sys.executable, str(script), str(target)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "390 px: scrollWidth 390 (fits); 5 of 5 page crops open larger; every summary-table column in view" in result.stdout
