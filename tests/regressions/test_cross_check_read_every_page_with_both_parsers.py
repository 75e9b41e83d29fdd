"""`--cross-check` ran camelot's stream parser over every table page even where its lattice
parser had already read the page's table (whose reading is the one kept), and a batch imported
camelot in each worker: `batch --cross-check` cost 0.4-0.7 s more than `batch` plus camelot
alone (issue 16's acceptance; found measuring it in this stop). Stream now reads only the pages
lattice found no table on."""
from __future__ import annotations

import camelot

from annexparse.crosscheck import cross_check
from helpers import FIXTURES, extracted


def test_stream_reads_only_the_pages_lattice_left(monkeypatch):
    calls: list[tuple[str, str]] = []
    read_pdf = camelot.read_pdf

    def recording(path, pages="1", **settings):
        calls.append((settings["flavor"], pages))
        return read_pdf(path, pages=pages, **settings)

    monkeypatch.setattr(camelot, "read_pdf", recording)
    annex = cross_check(extracted("mongolia-2022"), FIXTURES / "mongolia-2022.pdf")

    checked = [p for p in annex.cross_check.pages if p.status == "agree"]
    lattice_pages = {int(n) for flavor, pages in calls if flavor == "lattice" for n in pages.split(",")}
    stream_pages = {int(n) for flavor, pages in calls if flavor == "stream" for n in pages.split(",")}
    assert len(checked) >= 5 and all(p.settings.get("flavor") == "lattice" for p in checked)
    assert {p.page for p in checked} <= lattice_pages
    assert not stream_pages & {p.page for p in checked}  # a page lattice read is not read again
