"""What a PDF file's own structure says about its damage, read from its bytes.

PDF libraries repair what they can without a word: they rebuild a cross-reference
table whose offsets are wrong or that a truncation cut off, and they stop reading
a content stream at the first byte that does not decompress. The load stage
needs to say so (a misreading must never pass as the annex's inconsistency), so
this module reads the file's bytes for the signs: a missing end-of-file marker,
a `startxref` that points at no cross-reference section, Flate streams that do
not decompress, and the page count the page tree claims.

Best effort and cheap (regular expressions and zlib over the raw bytes): objects
packed in object streams are not looked into.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM_KEYWORD = re.compile(rb">>\s*stream\r?\n")  # where a stream's data begins, after its dictionary
_STREAM_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\s*<<")  # the object a stream's dictionary opens in
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.DOTALL)
_PAGE = re.compile(rb"(\d+)\s+\d+\s+obj\s*<<((?:(?!endobj).)*?/Type\s*/Page\b(?!s)(?:(?!endobj).)*?)endobj", re.DOTALL)
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+)\s+\d+\s+R|\[([^\]]*)\])")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R")
MAX_INFLATE = 64 * 1024 * 1024  # bytes a stream is inflated to at most while checking it (a Flate bomb is not expanded)


@dataclass
class Structure:
    """The signs of damage in a PDF's bytes."""

    no_eof: bool = False  # the file does not end with an end-of-file marker (truncated?)
    xref_broken: bool = False  # startxref points at no cross-reference section
    claimed_pages: int | None = None  # the page count the page tree claims
    broken_streams: list[int] = field(default_factory=list)  # objects whose Flate stream does not decompress
    broken_pages: list[int] = field(default_factory=list)  # 1-based pages whose content is one of them (where known)
    rebuilt: bool = False  # the file could only be read with a cross-reference table and trailer rebuilt (see `rebuilt`)
    tree_loop: tuple[int, int] | None = None  # (1-based page, object) where the page tree names an ancestor as a kid


def inspect(data: bytes) -> Structure:
    """The signs of damage in `data`, a PDF file's bytes."""
    found = Structure(no_eof=b"%%EOF" not in data[-2048:])
    offsets = _STARTXREF.findall(data[-4096:])
    if offsets:
        at = int(offsets[-1])
        head = data[at : at + 64].lstrip()
        found.xref_broken = not (head.startswith(b"xref") or _OBJECT.match(head))
    else:
        found.xref_broken = True
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    found.claimed_pages = max(counts) if counts else None
    found.tree_loop = _tree_loop(data)
    found.broken_streams = _broken_streams(data)
    if found.broken_streams:
        found.broken_pages = _pages_showing(data, set(found.broken_streams))
    return found


_CATALOG_PAGES = re.compile(rb"/Type\s*/Catalog\b[^>]*?/Pages\s+(\d+)\s+\d+\s+R|/Pages\s+(\d+)\s+\d+\s+R[^>]*?/Type\s*/Catalog\b", re.DOTALL)
_NODE = re.compile(rb"(?<![0-9])(\d+)\s+\d+\s+obj\s*<<((?:(?!endobj).){0,4000}?)>>\s*endobj", re.DOTALL)
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")


def _tree_loop(data: bytes) -> tuple[int, int] | None:
    """Where the page tree loops: (the 1-based page a reader would number it, the object) for a
    node of the tree whose kids name one of its ancestors (a page object turned into a `/Pages`
    node whose kid is the root: a reader that walks the tree numbers the loop as a page, and
    shows another page's content there). None when the tree (its objects written plainly, not
    in object streams) does not loop, or is not found."""
    root = _CATALOG_PAGES.search(data)
    if root is None:
        return None
    kids: dict[int, list[int]] = {}
    for match in _NODE.finditer(data):
        body = match.group(2)
        if _PAGES_TYPE.search(body):
            found = _KIDS.search(body)
            kids[int(match.group(1))] = [int(n) for n in _REFERENCE.findall(found.group(1))] if found else []
    start = int(root.group(1) or root.group(2))
    if start not in kids:
        return None
    leaves = 0
    stack = [(start, 0)]  # the path from the root: each node and the index of its next kid (no recursion: a tree may be deep)
    on_path = {start}
    while stack:
        node, index = stack[-1]
        if index == len(kids[node]):
            stack.pop()
            on_path.discard(node)
            continue
        stack[-1] = (node, index + 1)
        kid = kids[node][index]
        if kid in on_path:
            return leaves + 1, node
        if kid in kids:
            stack.append((kid, 0))
            on_path.add(kid)
        else:
            leaves += 1  # a page
    return None


def _broken_streams(data: bytes) -> list[int]:
    """The object numbers of the plain Flate streams that do not decompress.

    One pass: each stream's dictionary is the text between the last object header before its
    `stream` keyword and that keyword, looked for only after the previous stream's end, and the
    scan goes on after `endstream` (a stream's data is never searched, and the search for a
    header never goes back past a stream: linear in the file's size)."""
    broken = []
    position = 0
    while (keyword := _STREAM_KEYWORD.search(data, position)) is not None:
        header = None
        for header in _STREAM_HEADER.finditer(data, position, keyword.start()):
            pass  # the last header before the keyword
        start = keyword.end()
        end = data.find(b"endstream", start)
        position = len(data) if end < 0 else end + len(b"endstream")
        if header is None:
            continue  # a `stream` keyword outside any object we can name
        dictionary = data[header.end() : keyword.start()]
        if b"/FlateDecode" not in dictionary or b"/DecodeParms" in dictionary:
            continue  # (predictors are not undone here: only plain Flate streams are checked)
        if end < 0:
            broken.append(int(header.group(1)))
            continue
        inflater = zlib.decompressobj()
        try:
            inflater.decompress(data[start:end], MAX_INFLATE)
        except zlib.error:
            broken.append(int(header.group(1)))
    return broken


def _pages_showing(data: bytes, streams: set[int]) -> list[int]:
    """The 1-based numbers of the pages whose content streams include one of `streams`, in
    the order the page objects stand in the file (the page tree's order, for the producers
    that write pages in order; empty when the pages are not found in the file's bytes)."""
    pages = []
    for number, match in enumerate(_PAGE.finditer(data), start=1):
        contents = _CONTENTS.search(match.group(2))
        if contents is None:
            continue
        objects = {int(contents.group(1))} if contents.group(1) else {int(n) for n in _REFERENCE.findall(contents.group(2))}
        if objects & streams:
            pages.append(number)
    return pages


_ANY_OBJECT = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_OBJSTM = re.compile(rb"(\d+)\s+\d+\s+obj\s*<<((?:(?!stream).)*?/Type\s*/ObjStm(?:(?!stream).)*?)>>\s*stream\r?\n", re.DOTALL)
_FIRST = re.compile(rb"/First\s+(\d+)")
_PAGE_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\s*<<\s*/Type\s*/Page\b(?!s)")


def rebuilt(data: bytes) -> bytes | None:
    """`data` with a new cross-reference table and trailer appended, built from the objects
    found in the file, for a file whose own were lost (a truncated file ends before them);
    None when no document catalog can be found."""
    offsets: dict[int, int] = {}
    for match in _ANY_OBJECT.finditer(data):
        offsets[int(match.group(1))] = match.start()
    if not offsets:
        return None
    body = data if data.endswith(b"\n") else data + b"\n"
    root = _catalog(data, offsets)
    if root is None:  # the catalog was lost too: a new one over the page objects that are left
        pages = [number for number, offset in sorted(offsets.items(), key=lambda item: item[1]) if _PAGE_OBJECT.match(data, offset)]
        if not pages:
            return None
        root, tree = max(offsets) + 1, max(offsets) + 2
        kids = " ".join(f"{number} 0 R" for number in pages)
        offsets[root] = len(body)
        body += f"{root} 0 obj\n<< /Type /Catalog /Pages {tree} 0 R >>\nendobj\n".encode()
        offsets[tree] = len(body)
        body += f"{tree} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>\nendobj\n".encode()
    size = max(offsets) + 1
    table = [b"xref\n", f"0 {size}\n".encode()]
    for number in range(size):
        table.append(f"{offsets[number]:010d} 00000 n \n".encode() if number in offsets else b"0000000000 65535 f \n")
    trailer = f"trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{len(body)}\n%%EOF\n".encode()
    return body + b"".join(table) + trailer


def _catalog(data: bytes, offsets: dict[int, int]) -> int | None:
    """The object number of the document catalog: a direct object, or one packed in an object stream."""
    for number, offset in offsets.items():
        end = data.find(b"endobj", offset)
        if _CATALOG.search(data[offset : end if end > 0 else offset + 4096]):
            return number
    for match in _OBJSTM.finditer(data):
        first = _FIRST.search(match.group(2))
        end = data.find(b"endstream", match.end())
        try:
            content = zlib.decompressobj().decompress(data[match.end() : end if end > 0 else len(data)], MAX_INFLATE)
        except zlib.error:
            continue
        if first is None or not _CATALOG.search(content):
            continue
        header = content[: int(first.group(1))].split()
        pairs = [(int(header[k]), int(header[k + 1])) for k in range(0, len(header) - 1, 2)]
        at = _CATALOG.search(content).start() - int(first.group(1))
        inside = [number for number, offset in pairs if offset <= at]
        if inside:
            return inside[-1]
    return None
