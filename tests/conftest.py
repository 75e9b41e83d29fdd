from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

import annexparse

FIXTURES = Path(__file__).parent / "fixtures"


@lru_cache(maxsize=None)
def extracted(name: str) -> annexparse.Annex:
    """One extraction per fixture PDF for the whole session."""
    return annexparse.extract(FIXTURES / f"{name}.pdf")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
