"""A content stream that does not decompress was blamed on another object (found in issue 14's
follow-up, when the integrity scan was made linear).

The scan read a stream's dictionary as everything from the first object header after the previous
stream to the `stream` keyword, so a stream that followed non-stream objects (link annotations,
in the files qpdf writes) was reported under the first of them: the finding named an annotation's
object number and could not say which page lost its text ("pages not known").
"""
from __future__ import annotations

import pikepdf

import annexparse
from helpers import FIXTURES

SOURCE = FIXTURES / "mongolia-2022.pdf"
PAGE = 7  # a page with link annotations


def test_broken_stream_names_its_own_object_and_page(tmp_path):
    rewritten = tmp_path / "rewritten.pdf"
    with pikepdf.open(SOURCE) as pdf:
        pdf.save(rewritten)  # qpdf writes each page's annotations before its content stream
    with pikepdf.open(rewritten) as pdf:
        stream = pdf.pages[PAGE - 1].obj["/Contents"]
        number = stream.objgen[0]
        raw = stream.read_raw_bytes()
    data = rewritten.read_bytes()
    at = data.index(raw) + len(raw) // 2  # the middle of the page's compressed content
    damaged = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    (tmp_path / "damaged.pdf").write_bytes(damaged)

    annex = annexparse.extract(tmp_path / "damaged.pdf")

    [finding] = [i for i in annex.issues if i.code == "text_layer_damaged"]
    assert finding.pages == [PAGE]
    assert finding.evidence[0].text == str(number)
