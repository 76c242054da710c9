"""The lanes' own rules fail a run when broken (tests/lanes.py): an unmarked test over the fast lane's
limit fails the run and is named, with or without pytest-xdist; the same test marked slow does not."""

import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
TESTS = Path(__file__).parent


@pytest.fixture
def small_suite(pytester):
    pytester.makeconftest(f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom lanes import *\n")
    pytester.makeini("[pytest]\nmarkers =\n    slow: takes long\n")
    pytester.makepyfile(test_small=textwrap.dedent("""
        import time
        import pytest

        def test_quick():
            pass

        def test_unmarked_but_long():
            time.sleep(1.5)

        @pytest.mark.slow
        def test_marked_and_long():
            time.sleep(1.5)
    """))
    return pytester


@pytest.mark.parametrize("args", [[], ["-n", "2"]], ids=["one process", "pytest-xdist"])
def test_an_unmarked_test_over_the_limit_fails_the_run_and_is_named(small_suite, monkeypatch, args):
    monkeypatch.setenv("COURSE_FAST_TEST_LIMIT_S", "1")
    result = small_suite.runpytest_subprocess(*args, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*test_unmarked_but_long (call: *s): mark it @pytest.mark.slow*"])
    assert "test_marked_and_long (call" not in result.stdout.str()


def test_within_the_limit_the_run_passes(small_suite, monkeypatch):
    monkeypatch.setenv("COURSE_FAST_TEST_LIMIT_S", "20")
    result = small_suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    assert result.ret == 0
