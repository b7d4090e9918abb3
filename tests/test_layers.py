"""Layers point one way, for every package and top-level module of kiosk: each imports only from layers below
its own, so there are no loops. The order is stated once, in LAYERS."""
import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"

# Lowest first. A unit (a package such as "staff", or a top-level module such as "db"; "kiosk" is the app
# factory in kiosk/__init__.py) may import units of lower layers only, never one of its own layer or above.
LAYERS = [
    {"paths", "private", "hours", "unpredictable", "workers", "extensions", "accesslog", "qrsvg", "dbguard",
     "speculation", "clock"},
    {"config", "db", "routing", "security"},
    {"i18n", "migrations", "assets", "crossorigin", "health", "perf"},
    {"records", "content", "pagecache", "screens", "takehome"},
    {"reception", "retention", "backups", "stitch", "public", "errors", "offline"},
    {"consults", "backup_cli"},
    {"staff"},
    {"editor", "usage", "privacy"},
    {"background"},
    {"serve"},
    {"kiosk"},
    {"cli"},
]


def _type_checking_only(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:` blocks never run: imports there name types, they do not load modules."""
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _nodes(tree: ast.AST):
    """Every node of the tree except those inside a TYPE_CHECKING block."""
    for child in ast.iter_child_nodes(tree):
        if _type_checking_only(child):
            yield from (node for extra in child.orelse for node in ast.walk(extra))
            continue
        yield child
        yield from _nodes(child)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(KIOSK.parent).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    """Every kiosk module a file imports, at module level or inside a function, as dotted names."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
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
    return {module_name(path): imports_of(path) for path in (KIOSK / folder).glob("*.py")}


def unit(module: str) -> str:
    """The package or top-level module a dotted name belongs to ("kiosk" for the factory itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kiosk"


def every_file() -> list[Path]:
    return [path for path in KIOSK.rglob("*.py") if "versions" not in path.relative_to(KIOSK).parts]


def layer_of() -> dict[str, int]:
    return {name: number for number, layer in enumerate(LAYERS) for name in layer}


def test_every_package_and_module_has_a_layer():
    units = {unit(module_name(path)) for path in every_file()}
    placed = layer_of()
    assert units - placed.keys() == set(), "add new packages and modules to LAYERS"
    assert placed.keys() - units == set(), "LAYERS names something that is gone"
    assert sum(len(layer) for layer in LAYERS) == len(placed), "a name stands in two layers"


def test_each_unit_imports_only_from_layers_below_its_own():
    placed = layer_of()
    upward = []
    for path in every_file():
        source = module_name(path)
        for target in imports_of(path):
            if unit(target) != unit(source) and placed[unit(target)] >= placed[unit(source)]:
                upward.append(f"{source} -> {target}")
    assert upward == []


def test_no_import_loops_in_the_i18n_runtime_or_the_editor():
    """Inside a package, too, for the two whose modules must load in any order."""
    edges = {**graph("i18n"), **graph("editor")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in edges.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    loops = [module for module in edges if reaches(module, module, {module})]
    assert loops == []


def test_i18n_never_imports_the_staff_area_or_the_editor():
    for module, imported in graph("i18n").items():
        assert not {name for name in imported if name.startswith(("kiosk.staff", "kiosk.editor"))}, module


def test_the_graph_sees_function_level_imports_and_skips_type_only_ones():
    assert "kiosk.i18n.overlay" in graph("i18n")["kiosk.i18n.catalogs"]
    assert "kiosk.staff.auth" in graph("editor")["kiosk.editor.views"]
    assert not {name for name in imports_of(KIOSK / "extensions.py") if unit(name) != "extensions"}
    assert "kiosk.db" in imports_of(KIOSK / "records" / "audit.py")
