"""The layout's rules (docs/architecture.md), checked: the import contracts fail on a
cycle and on an import that reaches up a layer; no private name is used outside its
module; no module of the application is longer than one sitting's reading."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("exchange", "partners", "shipments")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# About 400 lines a module; data files and migrations are not modules to read.
LONGEST = 430


def application_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """The packages' Python files and the contracts, copied to add faults to."""
    tree = tmp_path_factory.mktemp("layout")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / ".importlinter", tree)
    return tree


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


def test_a_cycle_breaks_the_contracts(source_copy):
    (source_copy / "exchange/core/probe_a.py").write_text("from exchange.core import probe_b\n")
    (source_copy / "exchange/core/probe_b.py").write_text("from exchange.core import probe_a\n")
    try:
        result = lint_imports(source_copy)
    finally:
        (source_copy / "exchange/core/probe_a.py").unlink()
        (source_copy / "exchange/core/probe_b.py").unlink()
    assert result.returncode != 0
    assert "No cycles between the modules of a package BROKEN" in result.stdout


def test_an_import_that_reaches_up_a_layer_breaks_the_contracts(source_copy):
    probe = source_copy / "exchange/core/probe_up.py"
    probe.write_text("from exchange.reports import tables\n")
    try:
        result = lint_imports(source_copy)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "exchange.core is not allowed to import exchange.reports" in result.stdout


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def private_uses(path: Path) -> list[str]:
    """`module._name` where `module` is one of the application's modules imported here
    (`from x import _name` is ruff's PLC2701)."""
    tree = ast.parse(path.read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            modules.update(
                alias.asname or alias.name
                for alias in node.names
                if is_module(f"{node.module}.{alias.name}")
            )
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_no_private_name_is_used_outside_its_module():
    found = [use for path in application_modules() for use in private_uses(path)]
    assert found == []


def test_no_module_of_the_application_is_longer_than_a_sitting():
    long = {
        str(path.relative_to(ROOT)): n
        for path in application_modules()
        if (n := len(path.read_text().splitlines())) > LONGEST
    }
    assert long == {}
