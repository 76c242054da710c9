"""nbgrader settings for *Autograd, from NumPy to PyTorch*.

Run every nbgrader command from this folder (the repository root): nbgrader reads this file from the
current directory. The instructor workflow, command by command, is in README.md.
"""

import os
import sys

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

# The course: source/<chNN>/ is the instructor version, release/<chNN>/ what students get.
c.CourseDirectory.course_id = "autograd-numpy-to-pytorch"
c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# The gradebook holds students' marks: nbgrader keeps it in gradebook.db at the course root, which git
# ignores, so it never enters the committed tree. Back it up; deleting it loses every grade.

# A student who deletes or re-types a test cell is still graded by the original cell.
c.OverwriteCells.add_missing_cells = True

# The longest legitimate cell in any solution takes a few seconds on 2 CPU cores (tests/test_notebooks_run.py
# measures it and insists on a tenfold margin). nbgrader's 30 s default is too tight for a slow laptop
# or a loaded grading server; an infinite loop is still interrupted and graded as an error.
c.Execute.timeout = 180
c.Execute.interrupt_on_timeout = True

# Errors in graded notebooks (and so in feedback) read as plain Python tracebacks: file, line and message.
# IPython's default "Context" tracebacks add highlighted source around every frame, and formatting one
# takes tens of milliseconds of CPU in a kernel that has imported torch (every submission has failing
# cells: the stubs it left, and the grader's own checks that must fail).
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Plain"]

# Student-facing stub in every solution cell of the release.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Submissions downloaded from an LMS as one zip: `nbgrader zip_collect chNN` reads
# downloaded/chNN/archive/*.zip. File names such as
#   "jdoe_1234_5678_ch01_gradients_by_hand.ipynb"  (Canvas: login, ids, original name)
#   "jdoe_ch01_gradients_by_hand.ipynb"             (a plain "<student id>_<notebook>" export)
# give student "jdoe" and notebook "ch01_gradients_by_hand.ipynb"; a resubmission suffix "-1" is dropped.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
# nbgrader matches the pattern against the extracted file's whole path, hence the leading folder part.
c.FileNameCollectorPlugin.named_regexp = (
    r"^(?:.*[/\\])?(?P<student_id>[A-Za-z0-9.@-]+)_(?:\d+_)*(?P<file_id>ch\d\d_[A-Za-z0-9_]+?)(?:-\d+)?\.ipynb$"
)

# `nbgrader export` adds each student's grading status (from python -m tools.grade) and leaves the score
# empty for a submission that could not be graded, rather than a zero that reads like an honest one. The
# plugin lives in this repository's tools/, found from whichever folder nbgrader runs in.
sys.path.insert(0, HERE)
c.ExportApp.plugin_class = "tools.grading_export.StatusCsvExportPlugin"
