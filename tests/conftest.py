"""Shared fixtures: temporary nbgrader courses, built once per chapter and reused by the tests that need them."""

import shutil
import tempfile
from pathlib import Path

import pytest

from lanes import *  # noqa: F401,F403  (the hooks that keep the slow marker honest)
from tools import paths
from tools.grading.scratch_course import Course

CHAPTERS = paths.chapters()


@pytest.fixture(scope="session")
def scratch():
    root = Path(tempfile.mkdtemp(prefix="course-tests-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def new_course(scratch):
    """Make an empty temporary course folder: ``new_course("name")``."""
    def make(name):
        return Course(scratch / name)
    return make
