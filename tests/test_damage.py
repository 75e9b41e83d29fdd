"""Damaged files: read what can be read, and name the damage (issue 14).

A fuzz test of deterministic mutations of the fixture PDFs (pikepdf, a test
extra, and byte edits), each run through the library under an alarm: it must
give the undamaged file's fields, or a reading finding of error severity that
names the damage, or a one-line error; never a traceback or a hang. A longer
run: ANNEXPARSE_FUZZ_ROUNDS=10 make test.
"""
from __future__ import annotations

import json
import os
from io import BytesIO
import random
import re
import signal
from pathlib import Path

import pikepdf
import pytest

import annexparse
from annexparse.errors import AnnexError
from annexparse.models import Category
from gold_compare import compare
from helpers import FIXTURES, extracted

SOURCES = ("mongolia-2022", "wp/samoa-2022")
ROUNDS = int(os.environ.get("ANNEXPARSE_FUZZ_ROUNDS", "1"))
SECONDS = 60  # a mutation that takes longer than this hangs


def _flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    blob = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        k = rnd.randrange(len(blob) // 10, len(blob))
        blob[k] ^= 1 << rnd.randrange(8)
    return bytes(blob)


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: int(len(data) * rnd.uniform(0.3, 0.99))]


def _drop_an_object(data: bytes, rnd: random.Random) -> bytes:
    objects = [m.start() for m in re.finditer(rb"\n\d+ 0 obj", data)]
    k = rnd.choice(objects)
    end = data.find(b"endobj", k)
    return data[:k] + b"\n" + b" " * (end - k) + data[end:] if end > 0 else data


def _with_pdf(change):
    def mutate(data: bytes, rnd: random.Random, path: Path) -> bytes:
        path.write_bytes(data)
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            change(pdf, rnd)
            pdf.save(path)
        return path.read_bytes()

    return mutate


def _empty_a_widths(pdf, rnd):
    fonts = [font for page in pdf.pages for _, font in (page.Resources.get("/Font") or {}).items() if "/Widths" in font]
    if fonts:
        rnd.choice(fonts).Widths = pikepdf.Array([])


def _garbage_content(pdf, rnd):
    page = pdf.pages[rnd.randrange(2, len(pdf.pages))]
    page.Contents = pdf.make_stream(bytes(rnd.getrandbits(8) for _ in range(3000)))


def _absurd_box(pdf, rnd):
    box = rnd.choice(([0, 0, 0, 0], [0, 0, -612, -792], [0, 0, 1e9, 792]))
    for page in pdf.pages[rnd.randrange(1, 4) :]:
        page.MediaBox = pikepdf.Array(box)
        if "/CropBox" in page:
            del page.CropBox


def _inject_tiny_text(pdf, rnd):
    page = pdf.pages[rnd.randrange(2, len(pdf.pages))]
    font = list(page.Resources.Font.keys())[0]
    page.contents_add(pdf.make_stream(b"q BT " + font.encode() + b" 0.4 Tf 40 30 Td (" + b"hidden words " * 3000 + b") Tj ET Q"), prepend=False)


def _null_a_page(pdf, rnd):
    kids = pdf.Root.Pages.Kids
    k = rnd.randrange(2, len(kids))
    if "/Kids" not in kids[k]:
        kids[k] = pikepdf.Dictionary(Type=pikepdf.Name.Page)  # a page object without content, resources or box


def _page_tree_cycle(pdf, rnd):
    """A page object turned into a `/Pages` node whose only kid is the root of the page tree
    (../shared/fuzz-cases/afghanistan-2022-pagetree-cycle.pdf): a reader numbers the loop as a page."""
    page = pdf.pages[rnd.randrange(2, len(pdf.pages))].obj
    page.Type = pikepdf.Name.Pages
    page.Kids = pikepdf.Array([pdf.Root.Pages])
    page.Count = 1


def _deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    """A page dictionary given a key whose value nests 10,000 arrays and dictionaries
    (../shared/fuzz-cases/solomon-islands-2023-deep-nesting.pdf), written as an incremental update
    of the file so that no other object moves: one library reads no text on the page."""
    pages = [(m.group(1), m.end()) for m in re.finditer(rb"\n(\d+) 0 obj\s*<<(?=(?:(?!endobj).)*?/Type\s*/Page\b(?!s))", data, re.DOTALL)]
    if len(pages) < 3:  # the page objects stand in object streams: write them plainly first
        with pikepdf.open(BytesIO(data)) as pdf:
            plain = BytesIO()
            pdf.save(plain, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return _deep_nesting(plain.getvalue(), rnd)
    number, start = pages[rnd.randrange(2, len(pages))]
    end = data.index(b"endobj", start)
    depth = 10_000
    body = b"<< /FuzzDeep " + b"[<</A " * depth + b"0" + b">>]" * depth + b" " + data[start:end].strip()
    offset = len(data) + 1
    update = b"\n" + number + b" 0 obj\n" + body + b"\nendobj\n"
    trailer = re.findall(rb"trailer\s*(<<.*?>>)\s*startxref", data, re.DOTALL)[-1]
    previous = re.findall(rb"startxref\s+(\d+)", data)[-1]
    xref_at = offset + len(update) - 1
    table = b"xref\n" + number + b" 1\n" + f"{offset:010d} 00000 n \n".encode()
    new_trailer = re.sub(rb"/Prev\s+\d+", b"", trailer)[:-2] + b" /Prev " + previous + b" >>"
    return data + update + table + b"trailer\n" + new_trailer + b"\nstartxref\n" + str(xref_at).encode() + b"\n%%EOF\n"


KINDS = {
    "flip-bytes": lambda data, rnd, path: _flip_bytes(data, rnd),
    "truncate": lambda data, rnd, path: _truncate(data, rnd),
    "drop-an-object": lambda data, rnd, path: _drop_an_object(data, rnd),
    "empty-widths": _with_pdf(_empty_a_widths),
    "garbage-content": _with_pdf(_garbage_content),
    "absurd-box": _with_pdf(_absurd_box),
    "tiny-text": _with_pdf(_inject_tiny_text),
    "null-page": _with_pdf(_null_a_page),
    "page-tree-cycle": _with_pdf(_page_tree_cycle),
    "deep-nesting": lambda data, rnd, path: _deep_nesting(data, rnd),
}
CASES = [(source, kind, seed) for source in SOURCES for kind in KINDS for seed in range(ROUNDS * (3 if kind == "flip-bytes" else 1))]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


@pytest.mark.parametrize("source, kind, seed", CASES, ids=[f"{s}-{k}-{n}" for s, k, n in CASES])
def test_a_damaged_file_is_read_or_named_never_crashes(tmp_path, source, kind, seed):
    rnd = random.Random(f"{source}/{kind}/{seed}")
    original = (FIXTURES / f"{source}.pdf").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(KINDS[kind](original, rnd, tmp_path / "work.pdf"))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        annex = annexparse.extract(damaged)
    except AnnexError as error:  # a clear one-line error is an acceptable outcome
        assert "\n" not in str(error) and str(error)
        return
    except Hang:
        pytest.fail(f"{kind} {seed}: no result in {SECONDS} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    gold = json.loads(extracted(source).model_dump_json())
    result = compare(gold, json.loads(annex.model_dump_json()))
    named = [i for i in annex.issues if i.code.category is Category.READING and i.severity == "error"]
    assert result.accuracy >= 0.99 or named, f"{kind} {seed}: {result.accuracy:.3f} of the fields, and no reading finding names the damage"


# ---------------------------------------------------------------------------
# each kind of damage, named


def _damaged(tmp_path: Path, change) -> Path:
    path = tmp_path / "damaged.pdf"
    with pikepdf.open(FIXTURES / "mongolia-2022.pdf") as pdf:
        change(pdf, random.Random(1))
        pdf.save(path)
    return path


def test_a_page_neither_library_reads_costs_that_page_only(tmp_path):
    data = (FIXTURES / "mongolia-2022.pdf").read_bytes()
    with pikepdf.open(FIXTURES / "mongolia-2022.pdf") as pdf:
        number = pdf.pages[6].obj.objgen[0]
    start = data.index(f"\n{number} 0 obj".encode()) + len(f"\n{number} 0 obj".encode())
    end = data.index(b"endobj", start)
    path = tmp_path / "null-page.pdf"  # page 7's object is null (its offsets kept): no library loads it
    path.write_bytes(data[:start] + b"\nnull" + b" " * (end - start - 5) + data[end:])
    annex = annexparse.extract(path)
    unreadable = [i for i in annex.issues if i.code == "page_unreadable"]
    assert unreadable and unreadable[0].pages == [7] and unreadable[0].severity == "error"
    assert annex.source.pages == 13 and len(annex.indicators) > 20  # the other pages are read
    assert "indicator_count" not in {i.code for i in annex.issues}  # held back


def test_an_absurd_page_box_gets_the_box_of_the_page_before(tmp_path):
    annex = annexparse.extract(_damaged(tmp_path, _absurd_box))
    assert {i.code for i in annex.issues if i.code.category is Category.READING} == {"page_box_invalid"}
    assert compare(json.loads(extracted("mongolia-2022").model_dump_json()), json.loads(annex.model_dump_json())).accuracy == 1.0


def test_invisible_injected_text_is_left_out_and_named(tmp_path):
    annex = annexparse.extract(_damaged(tmp_path, _inject_tiny_text))
    invisible = [i for i in annex.issues if i.code == "text_invisible"]
    assert invisible and invisible[0].severity == "error" and invisible[0].evidence[0].text
    hidden = invisible[0].evidence[0].text[:20]  # (the subset font maps the injected codes to other letters)
    assert not any(hidden in i.note for i in annex.indicators) and not any(hidden in f.text for f in annex.footnotes)


def test_a_font_without_widths_is_a_damaged_text_layer(tmp_path):
    annex = annexparse.extract(_damaged(tmp_path, lambda pdf, rnd: [setattr(font, "Widths", pikepdf.Array([])) for page in pdf.pages for _, font in page.Resources.Font.items() if "/Widths" in font]))
    assert "text_layer_damaged" in {i.code for i in annex.issues}


def test_a_truncated_file_is_rebuilt_from_its_objects(tmp_path):
    path = tmp_path / "cut.pdf"
    data = (FIXTURES / "mongolia-2022.pdf").read_bytes()
    path.write_bytes(data[: int(len(data) * 0.97)])
    annex = annexparse.extract(path)
    repaired = [i for i in annex.issues if i.code == "document_repaired"]
    assert repaired and repaired[0].severity == "error" and "end-of-file" in repaired[0].message
    assert len(annex.indicators) == 36


def test_strict_makes_any_damage_an_error(tmp_path):
    path = _damaged(tmp_path, _absurd_box)
    with pytest.raises(AnnexError, match="truncated or damaged PDF"):
        annexparse.extract(path, strict=True)
