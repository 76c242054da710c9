"""nbgrader settings for *Autograd, from NumPy to PyTorch*.

Run every nbgrader command from this folder (the repository root): nbgrader reads this file from the
current directory. The instructor workflow, command by command, is in README.md.
"""

import os
import sys

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

# The course: source/<chNN>/ is the instructor version, release/<chNN>/ what students get. The course root
# is nbgrader's default, the folder a command runs in (nbgrader reads this file only from there): a separate
# course folder whose own nbgrader_config.py loads this one is then its own root, with its own gradebook.
c.CourseDirectory.course_id = "autograd-numpy-to-pytorch"
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

# Submissions downloaded from an LMS: `nbgrader zip_collect chNN` reads downloaded/chNN/archive/ (the LMS's
# zip files of the class, or notebooks it named). Names such as
#   "jdoe_1234_5678_ch01_gradients_by_hand.ipynb"  (Canvas: login, ids, original name)
#   "jdoe_ch01_gradients_by_hand.ipynb"             (a plain "<student id>_<notebook>" export)
#   "jdoe_LATE_1234_5678_ch01_gradients_by_hand.ipynb"        (Canvas, late work)
#   "jdoe_1234_5678_Copy of ch01_gradients_by_hand-2.ipynb"   (a copy saved in Colab, resubmitted: also
#                                                               "Copy_of_...", and " (2)" for "-2")
# give student "jdoe" and notebook "ch01_gradients_by_hand.ipynb". Of several files for one student and
# notebook, the one with the highest resubmission number (the "revision" group; none counts as 0) is
# collected, and the summary names the others.
# The course's plugins (tools/grading/collect.py) refuse archive members that would land outside
# downloaded/chNN/extracted/, take the student of a file inside a student's uploaded zip from the name of
# that upload (never from the names the student chose), and collect neither of two files that claim the
# same student, notebook and resubmission number, without stopping the others. The command lists what
# it did not collect, and the earlier submissions it left out.
c.ZipCollectApp.extractor_plugin = "tools.grading.collect.SafeExtractorPlugin"
c.ZipCollectApp.collector_plugin = "tools.grading.collect.SafeCollectorPlugin"
# Matched against the name the LMS gave a notebook (its path inside the LMS's zip), not against the folder
# it was extracted to.
c.FileNameCollectorPlugin.named_regexp = (
    r"^(?P<student_id>[A-Za-z0-9.@-]+)_(?:LATE_)?(?:\d+_)*(?:[Cc]opy[ _]of[ _])?"
    r"(?P<file_id>ch\d\d_[A-Za-z0-9_]+?)(?P<revision>-\d+|\s?\(\d+\))?\.ipynb$"
)
# A student's uploaded zip, as the LMS names it ("jdoe_1234_5678_anything.zip"): only the student id.
c.SafeCollectorPlugin.upload_regexp = r"^(?P<student_id>[A-Za-z0-9.@-]+)_"

# `nbgrader export` adds each student's grading status (from python -m tools.grading) and leaves the score
# empty for a submission that could not be graded, rather than a zero that reads like an honest one. The
# plugin lives in this repository's tools/, found from whichever folder nbgrader runs in.
sys.path.insert(0, HERE)
c.ExportApp.plugin_class = "tools.grading.export.StatusCsvExportPlugin"

# `nbgrader generate_feedback` renders the autograded notebook, whose test cells hold the hidden tests and
# whose failed tests' tracebacks quote them. The course's preprocessor (tools/grading/feedback.py) runs
# after nbgrader's two: each hidden region becomes one line, a test cell's errors show only their
# message, outputs show the course root's and temporary folders' paths as short relative ones, and each
# test cell is headed by the exercise it grades and its points.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "tools.grading.feedback.HideHiddenTests",
]
