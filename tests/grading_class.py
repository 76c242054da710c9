"""Synthetic classes of submissions, built at run time from a chapter's source and release notebooks.

Used by the tests (tests/test_grade*.py and others) and by benchmarks/grade_benchmark.py: every submission is the released notebook with answers
typed in, the answers taken from the source's solution cells (never written out here), then spoiled in
one of the ways students and their tools spoil notebooks.
"""

import json
import re

import nbformat

from tools.cells import nbgrader_metadata
from helpers import HIDDEN_BEGIN

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)

# Appended to an answer cell: makes the kernel swallow every exception and report every cell as "ok".
KERNEL_CHEAT = '''
_shell = get_ipython()
_shell.set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
_run_cell_async = _shell.run_cell_async
async def _quiet_run_cell_async(*args, **kwargs):
    outcome = await _run_cell_async(*args, **kwargs)
    outcome.error_in_exec = None
    return outcome
_shell.run_cell_async = _quiet_run_cell_async
'''

# Wraps an answer so that it answers correctly where the visible tests call it and wrongly where the
# hidden tests do: it looks at the line of the test cell that called it.
HIDDEN_ONLY_WRONG = '''
import sys as _sys
import numpy as _np
_right_{name} = {name}
def {name}(*args, **kwargs):
    result = _right_{name}(*args, **kwargs)
    frame = _sys._getframe(1)
    while frame is not None and not (frame.f_code.co_filename.startswith("<") or "ipykernel" in frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None or frame.f_lineno <= {hidden_line}:
        return result
    spoil = lambda v: v * 1.5 + 1.0 if isinstance(v, (float, _np.floating, _np.ndarray)) else v
    return type(result)(spoil(v) for v in result) if isinstance(result, (tuple, list)) else spoil(result)
'''


ALWAYS_WRONG = '''
import numpy as _np
_right_{name} = {name}
def {name}(*args, **kwargs):
    result = _right_{name}(*args, **kwargs)
    spoil = lambda v: v * 1.5 + 1.0 if isinstance(v, (float, _np.floating, _np.ndarray)) else v
    return type(result)(spoil(v) for v in result) if isinstance(result, (tuple, list)) else spoil(result)
'''


def solution_answers(source_nb):
    """``{grade_id: code}`` of every answer cell: the source's solution without its markers."""
    return {nbgrader_metadata(c)["grade_id"]: SOLUTION_MARKER.sub("", c.source) for c in source_nb.cells
            if nbgrader_metadata(c).get("solution") and not nbgrader_metadata(c).get("grade")}


def fill_in(release_nb, answers):
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        if nbgrader_metadata(cell).get("grade_id") in answers:
            cell.source = answers[nbgrader_metadata(cell)["grade_id"]]
    return nb


def without_showcase(nb):
    """The notebook without its ungraded closing cells (``together_*``), which cost time and decide nothing."""
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if not str(nbgrader_metadata(c).get("grade_id", "")).startswith("together_")]
    return nb


class Chapter:
    """A chapter's single assignment notebook, its answers and its test cells, read from the course."""

    def __init__(self, source_nb, release_nb, name):
        self.name = name
        self.source, self.release = source_nb, release_nb
        self.answers = solution_answers(source_nb)
        self.exercises = list(self.answers)
        self.tests = {nbgrader_metadata(c)["grade_id"]: c for c in source_nb.cells if nbgrader_metadata(c).get("grade")}
        self.points = {g: float(nbgrader_metadata(c).get("points", 0)) for g, c in self.tests.items()}

    def tests_of(self, exercise):
        return [g for g in self.tests if re.fullmatch(rf"test_{re.escape(exercise)}(_\w+)?", g)]

    def solved(self, **overrides):
        return without_showcase(fill_in(self.release, {**self.answers, **overrides}))

    def blank(self):
        return without_showcase(fill_in(self.release, {}))

    def hidden_line(self, test_id):
        for number, line in enumerate(self.tests[test_id].source.split("\n"), start=1):
            if HIDDEN_BEGIN in line:
                return number
        return None

    # -- the kinds of submission ----------------------------------------------------------------

    def wrong(self, exercise):
        """A plausible wrong answer: the right function, whose results are off by a factor."""
        code = self.answers[exercise] + ALWAYS_WRONG.format(name=exercise)
        return self.solved(**{exercise: code})

    def hidden_only_wrong(self, exercise):
        test = self.tests_of(exercise)[0]
        code = self.answers[exercise] + HIDDEN_ONLY_WRONG.format(name=exercise, hidden_line=self.hidden_line(test))
        return self.solved(**{exercise: code})

    def crashing_at(self, exercise, crash="import os\nos._exit(3)\n"):
        return self.solved(**{exercise: crash + self.answers[exercise]})

    def segfault_at(self, exercise):
        return self.crashing_at(exercise, "import ctypes\nctypes.string_at(0)\n")

    def looping_at(self, exercise):
        return self.crashing_at(exercise, "while True:\n    pass\n")

    def memory_hog_at(self, exercise):
        return self.crashing_at(exercise, "_hoard = bytearray(64 * 2**30)\n")

    def duplicated(self, exercise):
        """JupyterLab copy/paste: the answer cell twice, same grade_id, the copy right below."""
        nb = self.solved()
        index = next(i for i, c in enumerate(nb.cells) if nbgrader_metadata(c).get("grade_id") == exercise)
        copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[index])))
        copy["id"] = "copy" + copy["id"][:4]
        nb.cells.insert(index + 1, copy)
        return nb

    def tests_edited(self, exercise):
        """A wrong answer whose test cells were replaced by ``pass``."""
        nb = self.wrong(exercise)
        for cell in nb.cells:
            if nbgrader_metadata(cell).get("grade_id") in self.tests_of(exercise):
                cell.source = "pass"
        return nb

    def tests_deleted(self, exercise):
        nb = self.solved()
        nb.cells = [c for c in nb.cells if nbgrader_metadata(c).get("grade_id") not in self.tests_of(exercise)]
        return nb

    def answer_deleted(self, exercise):
        nb = self.solved()
        nb.cells = [c for c in nb.cells if nbgrader_metadata(c).get("grade_id") != exercise]
        return nb

    def huge_output(self, exercise):
        return self.crashing_at(exercise, "print('\\n'.join(f'line {_i}' for _i in range(400_000)))\n")

    def writes_and_moves(self, exercise):
        code = ("import os\nwith open('notes.txt', 'w') as _f:\n    _f.write('scratch')\n"
                "os.makedirs('out', exist_ok=True)\nos.chdir('out')\n")
        return self.crashing_at(exercise, code)

    def snooping(self, exercise):
        """Looks for the instructor's files; must find nothing it can read."""
        code = ("import os\n_found = []\nfor _p in ['../../source', '/root']:\n    try:\n"
                "        _found.append(os.listdir(_p))\n    except OSError:\n        pass\n")
        return self.crashing_at(exercise, code)

    def cheating(self):
        """The untouched student version plus the kernel cheat in its first answer cell."""
        nb = self.blank()
        first = next(c for c in nb.cells if nbgrader_metadata(c).get("solution") and not nbgrader_metadata(c).get("grade"))
        first.source = KERNEL_CHEAT + "\n" + first.source
        return nb


def read_chapter(source_folder, release_folder):
    """The chapter whose single notebook lies in ``source_folder`` and ``release_folder``."""
    from pathlib import Path
    (path,) = sorted(Path(source_folder).glob("*.ipynb"))
    source = nbformat.read(str(path), as_version=4)
    release = nbformat.read(str(Path(release_folder) / path.name), as_version=4)
    return Chapter(source, release, path.name)
