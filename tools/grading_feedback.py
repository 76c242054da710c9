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
  (Python's warnings quote the source line that raised them).

Scores and comments come from the gradebook (GetGrades) and are untouched.
"""

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Unicode


class HideHiddenTests(ClearHiddenTests):

    note = Unicode("# hidden tests ran here",
                   help="What stands in a feedback cell where its hidden tests were.").tag(config=True)

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
        return cell, resources
