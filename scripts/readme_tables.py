"""Regenerate the generated tables of docs/ (finding codes, settings, output fields) from the code.

    .venv/bin/python scripts/readme_tables.py

Each table stands between `<!-- NAME -->` and `<!-- /NAME -->` markers in its page;
`tests/test_docs.py` fails when a page's copy differs from the code's.
"""
from __future__ import annotations

import re
from pathlib import Path

from annexparse.models import catalogue_table, fields_table
from annexparse.settings import markdown_table

DOCS = Path(__file__).resolve().parent.parent / "docs"
TABLES = {"codes-table": ("checks.md", catalogue_table), "settings-table": ("architecture.md", markdown_table), "fields-table": ("output.md", fields_table)}


def main() -> None:
    for name, (page, make) in TABLES.items():
        path = DOCS / page
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"docs/{page} has no <!-- {name} --> markers")
        path.write_text(pattern.sub(lambda m: m.group(1) + make() + m.group(2), text), encoding="utf-8")


if __name__ == "__main__":
    main()
