"""Errors a user can act on, each with its own documented exit code."""
from __future__ import annotations


class AnnexError(Exception):
    """Base class: `str(error)` is the one-line reason shown to the user."""

    exit_code = 1
    reason = "error"

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {self.description}")

    @property
    def description(self) -> str:
        """The reason without the path, e.g. for an index row."""
        return self.reason + (f" ({self.detail})" if self.detail else "")


class NotAPdf(AnnexError):
    exit_code = 3
    reason = "not a PDF"


class EmptyFile(AnnexError):
    exit_code = 4
    reason = "empty file"


class TruncatedPdf(AnnexError):
    exit_code = 5
    reason = "truncated or damaged PDF"


class EncryptedPdf(AnnexError):
    exit_code = 6
    reason = "encrypted PDF (a password is needed)"


class WrongPassword(EncryptedPdf):
    reason = "wrong password"


class NoTextLayer(AnnexError):
    exit_code = 7
    reason = "no text layer (scanned image?)"


class NoAnnexTable(AnnexError):
    exit_code = 8
    reason = "no annex table found"


class UsageError(AnnexError):
    """A command given what it cannot use: an output that would destroy a file, no inputs."""

    exit_code = 2
    reason = "usage error"

    @property
    def description(self) -> str:
        return self.detail or self.reason


EXIT_CODES = {cls.exit_code: cls.reason for cls in (NotAPdf, EmptyFile, TruncatedPdf, EncryptedPdf, NoTextLayer, NoAnnexTable)}
