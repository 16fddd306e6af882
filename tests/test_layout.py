"""The package's shape: no import circles (lazy imports inside functions count too), small modules,
one package per service, and tests that mirror it."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "awsml_study"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every awsml_study module this file imports, at the top or inside a function.

    `from pkg import sub` depends on the module pkg.sub only (its package's __init__ runs first,
    but the importer uses none of its names); `from pkg import name` depends on pkg itself.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES
                     else node.module for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("awsml_study"):
                found.add(name)
    return found


def cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph = {name: imports_of(path) - {name} for name, path in MODULES.items()}
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return out


def test_no_import_circles():
    assert cycles() == []


def test_finds_a_circle_when_there_is_one(tmp_path, monkeypatch):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f():\n    from awsml_study.x import b\n")
    b.write_text("from awsml_study.x import a\n")
    monkeypatch.setattr(__import__(__name__), "MODULES", {"awsml_study.x.a": a, "awsml_study.x.b": b})
    assert cycles() == [["awsml_study.x.a", "awsml_study.x.b"]]


def test_no_module_over_400_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_services_are_packages_and_tests_mirror_them():
    services = PACKAGE / "services"
    assert [p.name for p in services.glob("*.py")] == ["__init__.py"]
    for package in (p for p in services.iterdir() if (p / "__init__.py").exists()):
        tests = ROOT / "tests" / "services" / package.name
        assert (tests / "contract_examples.py").exists(), package.name
        assert list(tests.glob("test_*.py")), package.name
