"""Layers point one way: the i18n runtime never imports the staff area or the editor, and has no loops."""
import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"


def imports_of(path: Path) -> set[str]:
    """Every kiosk module a file imports, at module level or inside a function, as dotted names."""
    module = ".".join(path.relative_to(KIOSK.parent).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                where = KIOSK.parent / Path(*candidate.split("."))
                is_module = where.with_suffix(".py").exists() or (where / "__init__.py").exists()
                found.add(candidate if is_module else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("kiosk")}


def graph(folder: str) -> dict[str, set[str]]:
    return {".".join(path.relative_to(KIOSK.parent).with_suffix("").parts).removesuffix(".__init__"):
            imports_of(path) for path in (KIOSK / folder).glob("*.py")}


def test_i18n_never_imports_the_staff_area_or_the_editor():
    for module, imported in graph("i18n").items():
        assert not {name for name in imported if name.startswith(("kiosk.staff", "kiosk.editor"))}, module


def test_no_import_loops_in_the_i18n_runtime_or_the_editor():
    edges = {**graph("i18n"), **graph("editor")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in edges.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    loops = [module for module in edges if reaches(module, module, {module})]
    assert loops == []


def test_the_graph_sees_function_level_imports():
    assert "kiosk.i18n.overlay" in graph("i18n")["kiosk.i18n.catalogs"]
    assert "kiosk.staff.auth" in graph("editor")["kiosk.editor.views"]
