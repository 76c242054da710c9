"""Grading a class with nbgrader: ``python -m tools.grading CHAPTER`` (this package's __main__).

run.py ties one grading run together; course.py is the course as nbgrader sees it; tasks.py reads the
submissions (scan.py) and makes the worker tasks (records.py); dispatch.py runs them in worker processes
or on Dask; worker.py grades one submission in private space (kernels.py, sandbox.py, zygote.py,
identity.py, execute.py, probes.py, pipeline.py); outcome.py and verdict.py decide the test cells;
gradebook.py records them; report.py and class_view.py report them; status.py names the outcomes;
collect.py, export.py and feedback.py are the course's plugins for nbgrader's own commands.
"""
