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
