"""Feedback without the hidden tests: a preprocessor for ``nbgrader generate_feedback``.

The autograded notebook that nbgrader turns into a student's HTML feedback holds every test cell as the
source has it, hidden tests included, and the tracebacks of the tests that failed quote the lines they
failed at. Feedback goes to students, and the hidden tests must stay hidden (they are meant to catch
answers fitted to the visible ones), so this preprocessor, enabled for GenerateFeedback in
nbgrader_config.py, changes the notebook before it is rendered:

- in every code cell, each region between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
  (nbgrader's delimiters, configured as for ClearHiddenTests) becomes the single line ``note``;
- every error output of a test cell is cut down to its last line, ``ename: evalue``: the student reads
  what failed, not the code that found it;
- lines of a test cell's standard-error output that repeat a line of its hidden region are dropped
  (Python's warnings quote the source line that raised them);
- in every output, an absolute path under the course root becomes the path relative to it
  (``source/ch01/data.npy``), and one under a temporary folder loses the folders the grader made (the
  grader runs each notebook in ``<tmp>/<run>/s-<id>/work-<hex>/``; what follows is the student's own
  folder, so the kernel's working folder reads ``.``): the student reads the file a message is about,
  not where the instructor keeps the course or grades it;
- before each test cell comes a line naming the exercise it grades and the points it gave, ``Exercise
  `mse_loss`: 2 / 2 points`` (test cells are named ``test_<exercise>`` or ``test_<exercise>_<part>``;
  with several for one exercise, the line names the test too). nbgrader lists its scores by test cell.

Scores and comments come from the gradebook (GetGrades) and are untouched.
"""

import os
import re
import tempfile

from nbformat.v4 import new_markdown_cell
from nbgrader import utils

from tools.cells import grade_id, nbgrader_metadata
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import List, Unicode

# The folder the grader runs each notebook in (tools/grading/worker.py): "work-" and random hex digits.
WORK_FOLDER = re.compile(r"work-[0-9a-f]+")
# A character of a path in a message: a path there is quoted, or followed by ":12" (a line number) or
# punctuation. A space ends it too, so a path with a space in it loses only its absolute start.
PATH_CHAR = r"[^\s'\"<>:;,()\[\]{}]"


class HideHiddenTests(ClearHiddenTests):

    # The HTML exporter configures NbConvertBase.display_data_priority for every preprocessor; nbgrader's
    # base class redeclares the trait without config=True, so traitlets would warn on every feedback run
    # that the option is "not recognized". Declared configurable here, as nbgrader's GetGrades does.
    display_data_priority = List(['text/html', 'application/pdf', 'text/latex', 'image/svg+xml', 'image/png',
                                  'image/jpeg', 'text/plain'], config=True)

    note = Unicode("# hidden tests ran here",
                   help="What stands in a feedback cell where its hidden tests were.").tag(config=True)

    private_folders = List(Unicode(), help="More folders whose absolute paths feedback shows relative to "
                           "them, besides the course root and the temporary folders.").tag(config=True)

    def preprocess(self, nb, resources):
        self.folders = self.private_folder_kinds()
        prefixes = "|".join(re.escape(folder) for folder in sorted(self.folders, key=len, reverse=True))
        # Not inside a longer name ("/var/tmp" is no "/tmp"), and the whole path: "/tmpfoo" is no "/tmp".
        self.path_pattern = re.compile(
            rf"(?<![\w./-])(?P<folder>{prefixes})(?P<rest>(?:/{PATH_CHAR}*)?)(?!{PATH_CHAR})")
        nb, resources = super().preprocess(nb, resources)
        nb.cells = self.with_exercise_lines(nb.cells)
        return nb, resources

    # -- paths --------------------------------------------------------------------------------

    def private_folder_kinds(self):
        """``{absolute folder: "course" or "temporary"}``, each folder as given and as its real path (a path
        in a message may be either)."""
        root = CourseDirectory(config=self.config).root
        temporary = {tempfile.gettempdir(), os.environ.get("TMPDIR", ""), "/tmp", "/var/tmp", "/dev/shm"}
        kinds = {}
        for kind, folders in (("temporary", temporary), ("course", [root, *self.private_folders])):
            for folder in folders:
                if folder and os.path.isabs(folder):
                    for form in {os.path.normpath(folder), os.path.realpath(folder)}:
                        if form != os.sep:
                            kinds[form] = kind
        return kinds

    def shorten(self, match):
        parts = [part for part in match.group("rest").split("/") if part]
        if self.folders[match.group("folder")] == "temporary":
            work = [i for i, part in enumerate(parts) if WORK_FOLDER.fullmatch(part)]
            # Elsewhere in a temporary folder, the first folder is some program's scratch folder.
            parts = parts[work[-1] + 1:] if work else parts[1:]
        return "/".join(parts) or "."

    def without_paths(self, value):
        if isinstance(value, list):
            return [self.without_paths(item) for item in value]
        return self.path_pattern.sub(self.shorten, value) if isinstance(value, str) else value

    def scrub_outputs(self, cell):
        for output in cell.get("outputs", []):
            for key in ("text", "ename", "evalue", "traceback"):
                if key in output:
                    output[key] = self.without_paths(output[key])
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") or mime == "image/svg+xml":
                    output["data"][mime] = self.without_paths(value)

    # -- exercise lines -----------------------------------------------------------------------

    def with_exercise_lines(self, notebook_cells):
        exercises = sorted(((grade_id(c) or "") for c in notebook_cells if utils.is_solution(c) and c.cell_type == "code"),
                           key=len, reverse=True)
        tests = [c for c in notebook_cells if c.cell_type == "code" and utils.is_grade(c) and not utils.is_solution(c)]
        graded = {id(c): self.exercise_of(grade_id(c) or "", exercises) for c in tests}
        counts = {}
        for exercise in graded.values():
            counts[exercise] = counts.get(exercise, 0) + 1
        result = []
        for cell in notebook_cells:
            if id(cell) in graded:
                exercise = graded[id(cell)]
                test_id = grade_id(cell) or ""
                if exercise is None:
                    name = f"Test `{test_id}`"
                else:
                    name = f"Exercise `{exercise}`" + (f" (`{test_id}`)" if counts[exercise] > 1 else "")
                result.append(new_markdown_cell(f"**{name}: {self.score_text(cell)}**"))
            result.append(cell)
        return result

    @staticmethod
    def exercise_of(grade_id, exercises):
        """The exercise a test cell grades, by its name (``exercises`` longest first), or None."""
        for exercise in exercises:
            if grade_id == f"test_{exercise}" or grade_id.startswith(f"test_{exercise}_"):
                return exercise
        return None

    @staticmethod
    def score_text(cell):
        meta = nbgrader_metadata(cell)
        maximum = float(meta.get("points", 0))
        if meta.get("score") is None:
            return f"not graded yet (out of {maximum:g} points)"
        return f"{float(meta['score']):g} / {maximum:g} points"

    def hide_regions(self, source):
        """``(source with every hidden region replaced by the note, the region's lines)``. A region left
        open runs to the end of the cell: feedback hides too much rather than too little."""
        kept, hidden, in_region = [], [], False
        for line in source.split("\n"):
            if not in_region and self.begin_test_delimeter in line:
                in_region = True
                indent = line[: len(line) - len(line.lstrip())]
                kept.append(indent + self.note)
            elif in_region:
                if self.end_test_delimeter in line:
                    in_region = False
                else:
                    hidden.append(line)
            else:
                kept.append(line)
        return "\n".join(kept), hidden

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        cell.source, hidden = self.hide_regions(cell.source)
        if utils.is_grade(cell):
            hidden_lines = {line.strip() for line in hidden if line.strip()}
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
                elif output.get("output_type") == "stream" and output.get("name") == "stderr" and hidden_lines:
                    text = output.get("text", "")
                    output["text"] = "".join(line for line in text.splitlines(keepends=True)
                                             if line.strip() not in hidden_lines)
        self.scrub_outputs(cell)
        return cell, resources
