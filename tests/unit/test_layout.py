"""The layout keeps its promises: one room per concern, layers, no import circles."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tests.helpers import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_in_vault_or_tui() -> None:
    graph = grimp.build_graph("vault", "tui", include_external_packages=False)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y"]]


def test_top_level_stays_small_and_every_package_says_what_it_owns() -> None:
    top = [p for p in (ROOT / "vault").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 10, sorted(p.name for p in top)
    for init in (ROOT / "vault").glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and len(doc) > 40, f"{init.parent.name} has no docstring"


def test_layers_contract_breaks_on_an_upward_import(tmp_path: Path) -> None:
    """A copy of the tree with one upward import (keys -> records) must fail the contract."""
    for name in ("vault", "tui", "schema"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    kdf = tmp_path / "vault" / "keys" / "kdf.py"
    kdf.write_text(kdf.read_text() + "\n\ndef _upward() -> None:\n    import vault.records.documents  # noqa\n")
    env = {"PATH": str(LINT.parent) + ":/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([str(LINT), "--config", "pyproject.toml", "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "vault.keys.kdf -> vault.records.documents" in proc.stdout
    clean = tmp_path / "vault" / "keys" / "kdf.py"
    clean.write_text((ROOT / "vault" / "keys" / "kdf.py").read_text())
    proc = subprocess.run([str(LINT), "--config", "pyproject.toml", "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:]


@pytest.mark.parametrize("module", ["sqlalchemy", "vault.core", "vault.storage.store"])
def test_evidence_engine_contract_breaks_on_a_storage_import(tmp_path: Path, module: str) -> None:
    for name in ("vault", "tui", "schema"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    gaps = tmp_path / "vault" / "evidence" / "gaps.py"
    gaps.write_text(gaps.read_text() + f"\n\ndef _impure() -> None:\n    import {module}  # noqa\n")
    env = {"PATH": str(LINT.parent) + ":/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([str(LINT), "--config", "pyproject.toml", "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "The evidence engine is pure" in proc.stdout and "BROKEN" in proc.stdout
