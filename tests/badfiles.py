"""Bad and hostile PDFs for the tests, made on the spot from a fixture (pypdf) or by hand."""
from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "mongolia-2022.pdf"
PASSWORD = "secret"


def no_text_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(path)


def encrypted_pdf(path: Path) -> None:
    writer = PdfWriter(clone_from=GOOD)
    writer.encrypt(PASSWORD)
    writer.write(path)


def cover_only_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_page(PdfReader(GOOD).pages[0])
    writer.write(path)


def nested_forms_pdf(path: Path, depth: int, fanout: int, leaf: bytes) -> None:
    """A one-page PDF whose page draws form 0, which draws form 1 `fanout` times, and so on:
    `leaf` runs fanout**depth times ("billion laughs"). Small on disk, endless to interpret."""
    objects: list[bytes] = []
    forms = list(range(5, 5 + depth + 1))  # object numbers of forms 0..depth

    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X %d 0 R >> /Font << /F1 %d 0 R >> >> >>" % (forms[0], forms[-1] + 1)
    )
    objects.append(_stream(b"", b"/X Do"))
    for level, number in enumerate(forms):
        if level < depth:
            body = b" ".join([b"/X Do"] * fanout)
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % forms[level + 1]
        else:
            body = leaf
            resources = b"/Resources << /Font << /F1 %d 0 R >> >>" % (forms[-1] + 1)
        objects.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, body))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def endless_pdf(path: Path) -> None:
    """Takes any extractor past any sensible time limit, in little memory: 10^5 form instances of
    20,000 line-width operators each (no page object is made, so memory stays flat)."""
    nested_forms_pdf(path, depth=5, fanout=10, leaf=b"1 w " * 20000)


def memory_hog_pdf(path: Path) -> None:
    """Prints 10^7 characters on one page: each extractor's per-character objects exhaust any memory cap."""
    nested_forms_pdf(path, depth=6, fanout=10, leaf=b"BT /F1 1 Tf 10 10 Td (AAAAAAAAAA) Tj ET")


BAD = {  # kind: (make, exit code of `extract`, the reason printed)
    "not-a-pdf": (lambda p: p.write_text("hello, I am a text file\n"), 3, "not a PDF"),
    "empty": (lambda p: p.write_bytes(b""), 4, "empty file"),
    "truncated": (lambda p: p.write_bytes(GOOD.read_bytes()[:40000]), 5, "truncated"),
    "encrypted": (encrypted_pdf, 6, "encrypted"),
    "no-text": (no_text_pdf, 7, "no text layer"),
    "no-table": (cover_only_pdf, 8, "no annex table"),
}
