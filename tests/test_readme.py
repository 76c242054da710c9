"""README.md tells the truth about the repository: its links lead somewhere, its commands exist."""

import re
import subprocess

import pytest

from tools import paths

README = (paths.REPO / "README.md").read_text()


def test_every_relative_link_leads_to_a_file():
    targets = [t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", README) if "://" not in t]
    missing = [t for t in targets if t and not (paths.REPO / t).exists()]
    assert targets and not missing, f"README links to missing files: {missing}"


@pytest.mark.parametrize("chapter", paths.chapters())
def test_every_chapter_is_listed_with_its_three_notebooks(chapter):
    [source] = paths.assignment_notebooks(paths.SOURCE, chapter)
    for folder in (f"notebooks/{source.name}", f"release/{chapter}/{source.name}", f"solutions/{chapter}/{source.name}"):
        assert f"({folder})" in README, f"README's chapter table lacks {folder}"


@pytest.mark.parametrize("target", ["lab", "test", "build", "grade"])
def test_the_make_targets_it_names_exist(target):
    assert f"make {target}" in README
    proc = subprocess.run(["make", "-n", "-C", str(paths.REPO), target, "CH=ch01"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_ci_runs_the_test_command_readme_gives():
    assert "make test" in README
    assert (paths.REPO / ".ci" / "run").read_text().strip().endswith("make test")


def test_the_grading_speed_table_is_the_recorded_benchmark():
    """Every row of README's speed table is a mode of benchmarks/results-2core-idle.json, figure for figure."""
    import json

    recorded = json.loads((paths.REPO / "benchmarks" / "results-2core-idle.json").read_text())
    assert recorded["gradebooks_agree"]
    for mode in recorded["modes"]:
        command = mode["mode"].replace(" (sequential)", "")
        row = next((line for line in README.splitlines() if line.startswith(f"| `{command}`")), None)
        assert row, f"README's speed table has no row for {command}"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == f"{mode['seconds']} s" and cells[2] == str(mode["submissions_per_minute"]), row
        assert cells[5] == f"{mode['peak_memory_mib']} MiB" and cells[6] == f"{mode['speedup_vs_sequential']:.2f}", row
    best = max(m["speedup_vs_sequential"] for m in recorded["modes"])
    assert f"{best:.2f} times as fast as sequential" in README
