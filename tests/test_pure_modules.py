"""The running maths stays free of Django, so it can be tested and reused on its own."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = [
    "athletes/paces.py",
    "athletes/units.py",
    "athletes/fitness.py",
    "workouts/progression.py",
    "workouts/plan_text.py",
    "workouts/presets.py",
    "workouts/block_plan.py",
    "workouts/frozen_targets.py",
    "athletes/visibility.py",
    "workouts/recording.py",
    "workouts/fit_workout.py",
    "workouts/activity_files.py",
    "workouts/review.py",
    "workouts/pairing.py",
    "workouts/fit_activity.py",
    "workouts/log_review.py",
    "workouts/fixes.py",
    "workouts/svg_scales.py",
]


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_django(module):
    assert "django" not in imported_roots(ROOT / module)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_only_other_pure_modules(module):
    ours = {"athletes", "workouts", "coach"} & imported_roots(ROOT / module)
    for node in ast.walk(ast.parse((ROOT / module).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ours:
            assert node.module.replace(".", "/") + ".py" in PURE_MODULES, node.module
