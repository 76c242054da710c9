"""The grading command's pool of worker processes (tools/grade.py): kept from one run to the next, so that
each worker's kernel factory starts once, and replaced when a worker died or a run was abandoned."""

import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from tools import grade

WORKERS = 3  # a pool of its own: the suite's grading runs use one or two workers


def test_the_pool_is_kept_between_runs():
    pool = grade._worker_pool(WORKERS)
    assert grade._worker_pool(WORKERS) is pool
    assert pool.submit(os.getpid).result(timeout=120) != os.getpid()


def test_a_pool_that_lost_a_worker_is_replaced():
    pool = grade._worker_pool(WORKERS)
    with pytest.raises(BrokenProcessPool):
        pool.submit(os._exit, 1).result(timeout=120)
    replacement = grade._worker_pool(WORKERS)
    assert replacement is not pool
    assert replacement.submit(os.getpid).result(timeout=120) != os.getpid()


def test_an_abandoned_run_leaves_no_queued_work_behind():
    pool = grade._worker_pool(WORKERS)
    results = grade._local_results([1.0] * (4 * WORKERS), WORKERS, grade_one=time.sleep)
    next(results)
    results.close()  # what `grade` does when recording a result fails part-way
    with pytest.raises(RuntimeError):  # shut down: nothing more runs on it
        pool.submit(os.getpid)
    assert grade._worker_pool(WORKERS) is not pool
