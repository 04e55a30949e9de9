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


def test_imports_are_at_the_top_of_files_but_for_a_few_each_with_its_reason():
    """A function-level import is a sign of a cycle: fewer than 10 remain in app code, each
    with a comment on its line saying why."""
    import ast

    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text()
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.Import | ast.ImportFrom):
                            line = lines[inner.lineno - 1]
                            found.append((f"{path.relative_to(ROOT)}:{inner.lineno}", line))
    assert len(found) < 10, found
    without_reason = [where for where, line in found if "#" not in line]
    assert not without_reason, without_reason


def test_services_never_save_a_loaded_object_whole():
    """A write that depends on a row's state is a conditional update or a row lock; a .save()
    in a service either names its fields (update_fields) or makes a new row (force_insert),
    so a stale object loaded earlier in a request never overwrites what changed since."""
    import ast

    blind = []
    for path in sorted(ROOT.glob("*/services.py")) + sorted(
        ROOT.glob("coproduction/*/services.py")
    ):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "save"
                and not ({"update_fields", "force_insert"} & {k.arg for k in node.keywords})
                and not (node.args or [k for k in node.keywords if k.arg == "commit"])
            ):
                blind.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not blind, blind


def test_no_module_outside_migrations_and_tests_is_over_500_lines():
    """A module that needs section banners is a package (coproduction/views/, payments/views/,
    coproduction/reports/figures/...)."""
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for package in [*PACKAGES, "bench"]
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and (count := len(path.read_text().splitlines())) > 500
    ]
    assert not long, long
