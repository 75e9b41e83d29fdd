"""Of `fiji-2022.pdf` and its second download `fiji-2022 (1).pdf`, qa and export kept the copy
and left the original out (issue 13's rule, "the path that sorts first", compared whole names,
and a space sorts before the dot of ".pdf"); found in this stop's terminal session. Names are
now compared without their extension."""
from __future__ import annotations

from annexparse.archive import duplicate_editions
from helpers import extracted


def test_the_original_name_is_kept_and_the_download_copy_left_out():
    annex = extracted("fiji-2022")
    paths = ["archive/fiji-2022 (1).pdf", "archive/fiji-2022.pdf"]
    assert duplicate_editions([annex, annex], paths) == {0: (1, "the same file")}
    assert duplicate_editions([annex, annex], list(reversed(paths))) == {1: (0, "the same file")}


def test_different_folders_still_sort_by_folder_first():
    annex = extracted("fiji-2022")
    paths = ["b/fiji-2022.pdf", "a/fiji-2022 (1).pdf"]
    assert duplicate_editions([annex, annex], paths) == {0: (1, "the same file")}
