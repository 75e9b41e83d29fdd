"""Regenerate the README's generated tables (finding codes, settings, output fields) from the code.

    .venv/bin/python scripts/readme_tables.py

Each table stands between `<!-- NAME -->` and `<!-- /NAME -->` markers;
`tests/test_docs.py` fails when the README's copy differs from the code's.
"""
from __future__ import annotations

import re
from pathlib import Path

from annexparse.models import catalogue_table, fields_table
from annexparse.settings import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
TABLES = {"codes-table": catalogue_table, "settings-table": markdown_table, "fields-table": fields_table}


def main() -> None:
    text = README.read_text(encoding="utf-8")
    for name, make in TABLES.items():
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name} --> markers")
        text = pattern.sub(lambda m: m.group(1) + make() + m.group(2), text)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
