"""The package's shape: stages meet only through `models`, no import cycles, no private imports.

Read from the source with `ast` (imports inside functions count too), so a
change that breaks the architecture fails here before anyone has to notice.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "annexparse"
STAGES = {
    "load", "layout", "tables", "rows", "indicators", "summary", "footnotes", "citations",
    "scoring", "assemble", "sentences", "references", "checks", "archive", "selfcheck",
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import in module `name`, nested ones too."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1] if node.level > 1 else package
            target = ".".join([*base, node.module] if node.module else base)
            names = [alias.name for alias in node.names]
            found.append((target, names))
            for alias in names:  # `from . import x` imports the module x
                if f"{target}.{alias}".strip(".") in MODULES:
                    found.append((f"{target}.{alias}".strip("."), []))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("annexparse."):
                    found.append((alias.name.removeprefix("annexparse."), []))
    return [(target.strip("."), names) for target, names in found]


def _graph() -> dict[str, set[str]]:
    return {name: {target for target, _ in _imports(name) if target in MODULES and target != name} for name in MODULES}


def test_the_stage_list_names_real_modules():
    assert STAGES <= set(MODULES)


def test_no_stage_imports_another_stage():
    offenders = {(name, target) for name in STAGES for target in _graph()[name] if target in STAGES}
    assert not offenders


def test_no_module_imports_a_private_name_of_another():
    offenders = [
        (name, target, imported)
        for name in MODULES
        for target, names in _imports(name)
        if target != name
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert not offenders


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    # a package's __init__ re-exporting its own submodules is not a cycle of the code
    cycles = [c for c in cycles if not all(part == c[0] or part.startswith(f"{c[0]}.") or c[0].startswith(f"{part}.") for part in c)]
    assert not cycles


def test_pipeline_runs_every_reading_stage():
    imported = _graph()["pipeline"]
    assert STAGES - {"archive"} <= imported
