"""annexparse: R2P country-assessment annex PDFs to exact, validated, linked JSON.

    >>> import annexparse
    >>> annex = annexparse.extract("pdfs/mongolia-2022.pdf")
    >>> annex.scores.stated.current
    54
"""
__version__ = "0.1.0"

from .errors import AnnexError  # noqa: E402
from .models import Annex  # noqa: E402
from .pipeline import Timings, extract  # noqa: E402
from .validate import validate  # noqa: E402

__all__ = ["extract", "validate", "Annex", "AnnexError", "Timings", "__version__"]
