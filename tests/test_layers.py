"""The import contracts (pyproject.toml, `make imports`): imports point down the layers only. They hold for the code,
and a deliberately wrong import (a module of a lower package importing a domain) breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})


def copy_of_the_code(tmp_path: Path) -> Path:
    """The package's Python files and pyproject.toml, so that a test may add a module without touching the tree."""
    shutil.copytree(ROOT / "qauipsiz", tmp_path / "qauipsiz",
                    ignore=lambda folder, names: [n for n in names
                                                  if not n.endswith(".py") and not Path(folder, n).is_dir()])
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.fixture(scope="module")
def lint_imports_available():
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: install the dev dependencies (pip install -e '.[dev]')")


def test_the_contracts_hold(lint_imports_available):
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "source"), [
    ("qauipsiz/core/wrong_way.py", "from qauipsiz.permits import models\n"),
    ("qauipsiz/ledger/wrong_way.py", "import qauipsiz.site.menu\n"),
    ("qauipsiz/accounts/wrong_way.py", "from qauipsiz.core import models\n"),
    # The registry stays passive: it may import no part of Qauipsiz.
    ("qauipsiz/domains.py", "from qauipsiz.accounts import policy\n"),
])
def test_a_wrong_import_breaks_them(lint_imports_available, tmp_path, module, source):
    tree = copy_of_the_code(tmp_path)
    target = tree / module
    target.write_text((target.read_text() + "\n" if target.exists() else "") + source)
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    assert "1 broken" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} ->" in result.stdout or f"{importer} is not allowed" in result.stdout, result.stdout
