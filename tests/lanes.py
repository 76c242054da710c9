"""The test lanes, kept honest.

`make test` runs everything; `make test-fast` runs the tests not marked ``slow`` (``-m "not slow"``), a
minute or two on two cores; `make test-chapter CH=ch04` runs every test about one chapter (``-k ch04``).
``slow`` marks the tests that run notebooks, grade through nbgrader or drive a browser: everything that
takes more than a few seconds. A test left unmarked that takes longer than the fast lane's limit (30 s
for one phase, setup, call or teardown; ``COURSE_FAST_TEST_LIMIT_S`` changes it) fails the run, which
names it: it belongs in the slow lane. Each test also has a time limit (pytest-timeout, ``timeout`` in
pyproject.toml), so one that hangs fails with its stack instead of holding CI.

tests/conftest.py imports these hooks; tests/test_lanes.py proves they fail a run.
"""

import os

__all__ = ["pytest_runtest_logreport", "pytest_terminal_summary", "pytest_sessionfinish"]

_too_slow = []


def _limit():
    return float(os.environ.get("COURSE_FAST_TEST_LIMIT_S", "30"))


def pytest_runtest_logreport(report):
    # Under pytest-xdist the controller receives every worker's reports: it alone keeps the list.
    if "slow" not in report.keywords and report.duration > _limit():
        _too_slow.append(f"{report.nodeid} ({report.when}: {report.duration:.1f} s)")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _too_slow and not hasattr(config, "workerinput"):
        terminalreporter.section("tests not marked slow that took longer than the fast lane allows")
        for line in _too_slow:
            terminalreporter.write_line(f"{line}: mark it @pytest.mark.slow (limit {_limit():g} s)")


def pytest_sessionfinish(session, exitstatus):
    if _too_slow and exitstatus == 0 and not hasattr(session.config, "workerinput"):
        session.exitstatus = 1
