"""The code's layout: imports point one way, with no cycle, and no module outgrows one concept."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "hightech_zone", "portal", "api")
MAX_LINES = 500


def modules():
    """Every module of ours (migrations aside), by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(name, path, known):
    """The modules of ours that ``name`` imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
            names = []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                bases = [".".join([*anchor, node.module] if node.module else anchor)]
            else:
                bases = [node.module]
            names = [alias.name for alias in node.names]
        else:
            continue
        for base in bases:
            for candidate in [f"{base}.{n}" for n in names] or [base]:
                # "from package import module" names the module; otherwise the package.
                module = candidate if candidate in known else base
                while module and module not in known:
                    module = module.rpartition(".")[0]
                if module and module != name:
                    targets.add(module)
    return targets


def graph():
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges):
    """Every strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_walker_finds_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_walker_sees_relative_and_function_level_imports():
    edges = graph()
    assert "hightech_zone.models.base" in edges["hightech_zone.models.indicators"]
    assert "hightech_zone.importing.resources" in edges["hightech_zone.importing.services"]
    assert "hightech_zone.models" in edges["portal.views"]


def test_no_module_imports_another_that_imports_it_back():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("hightech_zone", ("portal", "api", "config")),
        ("portal", ("api", "config")),
        ("api", ("config",)),
    ],
)
def test_dependencies_point_one_way(package, forbidden):
    """config -> api -> portal -> hightech_zone: the domain knows neither the site, the API nor
    the project; the portal knows nothing of the API (which reuses its filters)."""
    wrong = {
        (name, target)
        for name, targets in graph().items()
        if name.split(".")[0] == package
        for target in targets
        if target.split(".")[0] in forbidden
    }
    assert wrong == set()


def test_no_module_is_longer_than_one_concept_needs():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_module_opens_with_a_line_saying_what_it_holds():
    silent = [
        str(path.relative_to(ROOT))
        for path in modules().values()
        if path.stat().st_size and not ast.get_docstring(ast.parse(path.read_text("utf-8")))
    ]
    assert silent == []


def test_the_dotted_paths_the_readme_documents_still_import():
    """Scripts written against the README keep working wherever the code moved."""
    import importlib
    import re

    from hightech_zone.models import zone_data_models

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"\bhightech_zone(?:\.\w+)+", readme))
    assert "hightech_zone.formats.XLSX" in paths
    paths |= {f"hightech_zone.resources.{m.__name__}Resource" for m in zone_data_models()}
    paths |= {f"hightech_zone.formats.{name}" for name in ("Spreadsheet", "YearColumns", "XLSX")}
    missing = []
    for path in sorted(paths):
        module, _, name = path.rpartition(".")
        try:
            importlib.import_module(path)
        except ImportError:
            try:
                getattr(importlib.import_module(module), name)
            except (ImportError, AttributeError):
                missing.append(path)
    assert missing == []


def test_only_the_tests_of_the_shipped_data_read_it():
    """Behaviour tests build their own records (tests/factories.py) and pass for any zone; the
    shipped 锦州 fixtures are read by tests/seed/ alone."""
    import re

    reads_the_seed = re.compile(r'usefixtures\("seed"\)|load_seed_data\(|def \w+\([^)]*\bseed\b')
    defined_here = {ROOT / "tests" / "conftest.py", Path(__file__).resolve()}
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("*.py")
        if "seed" not in path.relative_to(ROOT / "tests").parts[:-1]
        and path not in defined_here
        and reads_the_seed.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []
    assert reads_the_seed.search((ROOT / "tests" / "seed" / "conftest.py").read_text("utf-8"))
