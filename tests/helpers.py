"""What several test modules share: the fixtures' extractions, and small synthetic pages."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import annexparse
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Char, Document, Page, PageLayout, Segment

FIXTURES = Path(__file__).parent / "fixtures"
REGRESSIONS = FIXTURES / "regressions"


@lru_cache(maxsize=None)
def extracted(name: str) -> annexparse.Annex:
    """One extraction per fixture PDF for the whole session."""
    return annexparse.extract(FIXTURES / f"{name}.pdf")


def json_archive(folder: Path, names) -> Path:
    """`folder` holding the annexparse JSON of the fixture PDFs `names`, as a batch writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.json").write_text(extracted(name).model_dump_json(indent=2))
    return folder


@lru_cache(maxsize=None)
def layouts(name: str) -> tuple[PageLayout, ...]:
    """The layout stage's pages of a fixture PDF, once per session."""
    return tuple(lay_out(load(FIXTURES / f"{name}.pdf")))


def word(text: str, x: float, baseline: float, size: float = 10.0, font: str = "Body") -> list[Char]:
    """The glyphs of `text` set from `x` on `baseline`, each half its size wide."""
    chars, width = [], size * 0.5
    for k, letter in enumerate(text):
        x0 = x + k * width
        chars.append(Char(letter, font, size, x0, x0 + width, baseline - size, baseline, baseline))
    return chars


def page(number: int, chars: list[Char], segments: tuple[Segment, ...] = (), width: float = 595.0, height: float = 842.0) -> Page:
    return Page(number, width, height, 0, tuple(chars), tuple(segments), ())


def document(*pages: Page) -> Document:
    """A document of synthetic pages, as the load stage would give it."""
    return Document("synthetic.pdf", "0" * 64, tuple(pages))


def json_archive(folder: Path, names, index: bool = True) -> Path:
    """The fixtures `names` as annexparse JSON in `folder` (a fixture under wp/ as wp-NAME.json),
    with the index a batch writes beside them when `index` (an index is not an annex)."""
    folder.mkdir(parents=True, exist_ok=True)
    stems = [name.replace("/", "-") for name in names]
    for name, stem in zip(names, stems):
        (folder / f"{stem}.json").write_text(extracted(name).model_dump_json())
    if index:
        rows = [{"file": f"{stem}.pdf", "status": "converted", "output": f"{stem}.json"} for stem in stems]
        (folder / "index.json").write_text(json.dumps({"files": rows}))
    return folder
