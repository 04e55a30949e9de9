"""The core depends on no feature app, and apps do not import each other's views: the
import-linter contracts in pyproject.toml, run by `make lint`. Here they are run on this
code, and on a copy where a core module imports payments, which they must refuse."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["coproduction", "members", "sessions_app", "payments", "reflections"]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_contracts_hold_for_this_code():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def test_a_core_module_importing_a_feature_app_breaks_the_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    outbox = tmp_path / "coproduction" / "outbox" / "sending.py"
    outbox.write_text("from payments.models import Claim  # noqa\n" + outbox.read_text())
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The core depends on no feature app BROKEN" in result.stdout
    assert "coproduction.outbox.sending -> payments.models" in result.stdout
