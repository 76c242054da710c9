"""Running the worker tasks: in local worker processes or on a Dask cluster, results yielded as they
finish. A worker that fails becomes that submission's "grading error", never the run's end."""

import concurrent.futures
import importlib
import multiprocessing
import sys
import uuid

from tools.grading import status, worker
from tools.grading.records import GradingResult


def local_results(tasks, workers):
    """Yield results as worker processes finish them."""
    if workers <= 1:
        for task in tasks:
            yield worker.grade_submission(task)
        return
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        # The fork server imports the grading code once (nbformat alone takes seconds: its JSON schema
        # library compiles grammars at import); every worker then starts as a copy with it imported.
        # This takes effect when the fork server starts, the first time this process grades in parallel.
        context.set_forkserver_preload(WORKER_MODULES)
    else:
        context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                initializer=_warm_worker) as pool:
        futures = {pool.submit(worker.grade_submission, task): task for task in tasks}
        try:
            for future in concurrent.futures.as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # a worker that died breaks the pool: every pending submission
                    task = futures[future]
                    yield GradingResult(task.student, status.GRADING_ERROR, f"worker failed: {error!r}")
        finally:
            for future in futures:  # an abandoned run: what has not started never will
                future.cancel()


WORKER_MODULES = ["tools.grading.worker", "nbgrader.converters", "nbclient"]


def _warm_worker():
    # Imported once per worker process, not once per submission (already there under a fork server).
    for name in WORKER_MODULES:
        importlib.import_module(name)


def dask_results(tasks, address):
    from distributed import Client, as_completed
    with Client(address) as client:
        futures = {client.submit(worker.grade_submission, task, pure=False,
                                 key=f"grade-{task.student}-{uuid.uuid4().hex[:8]}"): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except Exception as error:
                yield GradingResult(task.student, status.GRADING_ERROR, f"Dask task failed: {error!r}")
