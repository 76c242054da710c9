"""Everything the grader learns about a submission before any of its code runs.

``prepare`` reads a student's folder against the assignment as the gradebook stores it and returns
either "not gradable" with the reason (missing, misnamed or invalid notebook), or the notebooks to
grade, repaired the way the assignment intends (a duplicated cell kept once, deleted test cells put
back), with one flag per thing the instructor should know. This is the one place a submission's cells
are repaired: nbgrader's sanitizing then only overwrites the locked cells' text from the gradebook
(tools/grading/pipeline.sanitize_pipeline). ``scan_code`` reads the answer cells
without running them and flags what only a cheat needs.
"""

import ast
import copy
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tools.grading import status as grading_status
from tools.cells import grade_id, nbgrader_metadata

NOT_GRADABLE = grading_status.NOT_GRADABLE


@dataclass
class SourceCell:
    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str
    grade: bool
    points: float
    solution: bool
    released: str  # what the student was given: the source minus hidden tests (locked cells)


@dataclass
class Prepared:
    student: str
    notebooks: dict = field(default_factory=dict)  # file name -> repaired notebook (NotebookNode)
    not_gradable: str = ""
    flags: list = field(default_factory=list)
    edited_cells: list = field(default_factory=list)  # locked cells whose text the student changed
    adopted: list = field(default_factory=list)  # notebooks without nbgrader metadata, matched by text
    answered: list = field(default_factory=list)  # answer cells whose text differs from the stub


def assignment_cells(gradebook, chapter, hidden_tests, source_folder=None):
    """``{notebook file name: [SourceCell, ...]}`` from the gradebook, in the order of the notebook in
    ``source_folder`` (the gradebook keeps no order: its cell ids are random).

    ``hidden_tests`` is an nbgrader ClearHiddenTests preprocessor (configured like the course's), used
    to compute the text of each locked cell as the release shows it."""
    assignment = gradebook.find_assignment(chapter)
    result = {}
    for notebook in assignment.notebooks:
        grades = {c.name: c for c in notebook.grade_cells}
        solutions = {c.name for c in notebook.solution_cells}
        order = {}
        path = Path(source_folder) / f"{notebook.name}.ipynb" if source_folder else None
        if path is not None and path.is_file():
            order = {grade_id(c): i for i, c in enumerate(nbformat.read(str(path), as_version=4).cells)
                     if grade_id(c)}
        cells = []
        for cell in sorted(notebook.source_cells, key=lambda c: (order.get(c.name, len(order)), c.name)):
            released = nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code" \
                else nbformat.v4.new_markdown_cell(cell.source)
            hidden_tests._remove_hidden_test_region(released)
            cells.append(SourceCell(
                name=cell.name, cell_type=cell.cell_type, locked=bool(cell.locked), source=cell.source,
                checksum=cell.checksum, grade=cell.name in grades,
                points=float(grades[cell.name].max_score) if cell.name in grades else 0.0,
                solution=cell.name in solutions, released=released.source))
        result[f"{notebook.name}.ipynb"] = cells
    return result


def _same_text(a, b):
    norm = lambda s: "\n".join(line.rstrip() for line in s.strip().splitlines())  # noqa: E731
    return norm(a) == norm(b)


def _restored_cell(source_cell):
    meta = {"grade": source_cell.grade, "grade_id": source_cell.name, "locked": source_cell.locked,
            "schema_version": 3, "solution": source_cell.solution, "task": False,
            "checksum": source_cell.checksum}
    if source_cell.grade:
        meta["points"] = source_cell.points
    make = nbformat.v4.new_code_cell if source_cell.cell_type == "code" else nbformat.v4.new_markdown_cell
    cell = make(source_cell.source)
    cell.metadata = {"deletable": False, "editable": False, "nbgrader": meta}
    return cell


def _deduplicate(nb, cells_by_name, flags):
    """Keep one copy of each cell that appears more than once (a JupyterLab copy/paste keeps the
    grade_id): at the first copy's place, with the answer the student last wrote before that
    exercise's test (for an answer cell), or the original (for a locked cell, restored anyway)."""
    positions = {}
    for index, cell in enumerate(nb.cells):
        if grade_id(cell):
            positions.setdefault(grade_id(cell), []).append(index)
    drop = set()
    for name, where in positions.items():
        if len(where) < 2:
            continue
        first = where[0]
        source_cell = cells_by_name.get(name)
        kept = first
        if source_cell is not None and source_cell.solution and not source_cell.locked:
            tests_after = [i for i, c in enumerate(nb.cells)
                           if i > first and (cells_by_name.get(grade_id(c)) or _NO).grade]
            limit = tests_after[0] if tests_after else len(nb.cells)
            before_test = [i for i in where if i < limit]
            kept = before_test[-1] if before_test else first
        nb.cells[first].source = nb.cells[kept].source
        drop.update(i for i in where if i != first)
        which = "" if kept == first else f" (kept copy {where.index(kept) + 1}, the last before its test)"
        flags.append(f"duplicated cell {name}: {len(where)} copies, graded once{which}")
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]


class _NoCell:
    grade = False


_NO = _NoCell()


def _restore_missing(nb, source_cells, flags):
    """Put back every test cell the student deleted, after the nearest earlier cell still present (other
    locked cells, such as the closing showcase, decide nothing and stay deleted)."""
    present = {grade_id(c) for c in nb.cells}
    for position, source_cell in enumerate(source_cells):
        if source_cell.name in present:
            continue
        if source_cell.solution and not source_cell.locked:
            flags.append(f"deleted answer cell {source_cell.name}: its tests cannot pass")
            continue
        if not source_cell.grade or source_cell.cell_type != "code":
            continue
        insert_at = 0
        for earlier in reversed(source_cells[:position]):
            indices = [i for i, c in enumerate(nb.cells) if grade_id(c) == earlier.name]
            if indices:
                insert_at = indices[0] + 1
                break
        nb.cells.insert(insert_at, _restored_cell(source_cell))
        present.add(source_cell.name)
        flags.append(f"deleted test cell {source_cell.name}: restored from the source and graded")


def _find_edits(nb, cells_by_name, prepared):
    for cell in nb.cells:
        source_cell = cells_by_name.get(grade_id(cell))
        if source_cell is None or not source_cell.locked:
            continue
        if source_cell.cell_type == "markdown" or cell.cell_type != source_cell.cell_type:
            if cell.cell_type != source_cell.cell_type:
                prepared.flags.append(f"changed the type of cell {source_cell.name}: restored from the source")
            continue
        if not _same_text(cell.source, source_cell.released):
            prepared.edited_cells.append(source_cell.name)
            what = "test cell" if source_cell.grade else "locked cell"
            prepared.flags.append(f"edited {what} {source_cell.name}: restored from the source and graded as intended")
        if source_cell.grade and float(nbgrader_metadata(cell).get("points", source_cell.points)) != source_cell.points:
            prepared.flags.append(f"changed the points of {source_cell.name}: restored")


def adopt_by_text(nb, source_cells):
    """Give a notebook that lost its nbgrader metadata (a copy of solutions/, a notebook typed anew) the
    assignment's cells back: a cell whose text is a locked cell's released text becomes that cell; the
    code between the locked cells that surround an answer cell in the assignment becomes that answer.
    Returns how many cells were matched. Test cells that match nothing are restored later, in place."""
    def norm(text):
        return "\n".join(line.rstrip() for line in text.strip().splitlines())

    locked = [c for c in source_cells if c.locked]
    by_text = {}
    for cell in locked:
        by_text.setdefault((cell.cell_type, norm(cell.released)), cell)
    position = {c.name: i for i, c in enumerate(source_cells)}
    matched, last = 0, -1
    anchors = []  # (index in nb, source position) of matched locked cells, in order
    for index, cell in enumerate(nb.cells):
        source_cell = by_text.get((cell.cell_type, norm(cell.source)))
        if source_cell is not None and position[source_cell.name] > last:
            cell.metadata["nbgrader"] = _restored_cell(source_cell).metadata["nbgrader"]
            last = position[source_cell.name]
            anchors.append((index, last))
            matched += 1
    # An answer cell sits between two locked cells of the assignment: the student's code cells between the
    # same two anchors are that answer (joined, when the student split it over several cells).
    bounds = [(-1, -1)] + anchors + [(len(nb.cells), len(source_cells))]
    drop = set()
    for (start, start_pos), (end, end_pos) in zip(bounds, bounds[1:]):
        answers = [c for c in source_cells[start_pos + 1:end_pos] if c.solution and not c.locked]
        code = [i for i in range(start + 1, end) if nb.cells[i].cell_type == "code"]
        if len(answers) != 1 or not code:
            continue
        first = nb.cells[code[0]]
        first.source = "\n\n".join(nb.cells[i].source for i in code)
        first.metadata["nbgrader"] = _restored_cell(answers[0]).metadata["nbgrader"]
        first.metadata["nbgrader"].update(locked=False, solution=True)
        drop.update(code[1:])
        matched += 1
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]
    return matched


def read_notebook(path):
    """The notebook at ``path``, or raise ValueError saying why it cannot be graded."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8 text")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the file is not valid JSON ({error.msg}, line {error.lineno})")
    if not isinstance(raw, dict) or "cells" not in raw:
        raise ValueError("the file is JSON but not a notebook")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several kinds for a malformed notebook
        raise ValueError(f"the notebook is malformed ({type(error).__name__}: {str(error).splitlines()[0][:120]})")
    return nb


def prepare(student, folder, cells_by_notebook):
    """Read and repair the submission in ``folder`` (``submitted/<student>/<chapter>``)."""
    prepared = Prepared(student)
    folder = Path(folder)
    # A link would grade what it points at (the source's solutions, another student's work): the
    # student's folder, the chapter folder and every file the grader reads must be the real thing.
    submitted = folder.parent.parent
    read = [folder / name for name in cells_by_notebook] + [folder / "timestamp.txt"]
    for link in [folder.parent, folder, *read]:
        if link.is_symlink():
            prepared.not_gradable = (f"{link.relative_to(submitted)} is a symbolic link to {os.readlink(link)}: "
                                     "a submission must be the student's own files; replace the link and grade again")
            return prepared
    present = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
    for name, source_cells in cells_by_notebook.items():
        path = folder / name
        if not path.is_file():
            others = [p for p in present if p not in cells_by_notebook]
            if others:
                prepared.not_gradable = (f"notebook {name} is missing; found "
                                         f"{', '.join(others)} (misnamed? rename it to {name} and grade again)")
            else:
                prepared.not_gradable = f"notebook {name} is missing"
            return prepared
        try:
            nb = read_notebook(path)
        except ValueError as error:
            prepared.not_gradable = f"{name}: {error}"
            return prepared
        cells_by_name = {c.name: c for c in source_cells}
        if not any(grade_id(c) in cells_by_name for c in nb.cells):
            matched = adopt_by_text(nb, source_cells)
            prepared.adopted.append(name)
            prepared.flags.append(f"{name} has no nbgrader cell metadata (a copy of the published solutions, or a "
                                  f"notebook made anew?): {matched} of its cells were matched to the assignment by "
                                  "their text; read it before trusting the score")
        # Cells whose grade_id is not in the assignment keep no nbgrader role (nbgrader does the same).
        _deduplicate(nb, cells_by_name, prepared.flags)
        _find_edits(nb, cells_by_name, prepared)
        _restore_missing(nb, source_cells, prepared.flags)
        seen_ids = set()
        for cell in nb.cells:
            if not cell.get("id") or cell["id"] in seen_ids:
                cell["id"] = os.urandom(4).hex()
            seen_ids.add(cell["id"])
        prepared.notebooks[name] = nb
    return prepared


# ---------------------------------------------------------------------------------------------
# Reading the answers without running them

SUSPICIOUS_NAMES = {
    "get_ipython": "uses get_ipython (reaches into the grading kernel)",
    "set_custom_exc": "calls set_custom_exc (changes how the kernel reports errors)",
    "run_cell_async": "touches run_cell_async (the kernel's cell runner)",
    "run_cell": "touches run_cell (the kernel's cell runner)",
    "error_in_exec": "touches error_in_exec (the kernel's error report)",
    "showtraceback": "touches showtraceback (the kernel's error display)",
    "__builtins__": "touches __builtins__",
    "builtins": "touches builtins",
    "modules": None,  # only as sys.modules, checked below
    "_exit": "calls os._exit (ends the kernel)",
    "chdir": "changes the working directory",
    "system": None,
    "ctypes": "uses ctypes",
    "subprocess": "uses subprocess",
    "settrace": "calls sys.settrace",
    "__globals__": "reaches into a function's globals (__globals__)",
    "__code__": "replaces or copies a function's code (__code__)",
    "setprofile": "calls sys.setprofile",
}
FILE_READERS = {"open", "listdir", "scandir", "walk", "glob", "iglob", "read_text", "read_bytes", "iterdir",
                "rglob", "loadtxt", "load", "genfromtxt", "read_csv"}


def _python_of(cell_source):
    """The cell as Python: IPython magics and shell escapes become the calls IPython makes of them."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(cell_source)
    except Exception:
        return cell_source


def dotted_name(node):
    """``torch.nn.Linear`` for that attribute chain, None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _string_arg(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def scan_code(answers, module_names=()):
    """Flags for what only a cheat needs, from ``answers`` (``[(cell name, source)]``, the cells a
    student may edit). ``module_names`` are names bound by imports elsewhere in the notebook."""
    flags = []
    imported = set(module_names)
    trees = []
    for name, source in answers:
        try:
            trees.append((name, ast.parse(_python_of(source))))
        except SyntaxError as error:
            flags.append(f"scan: {name} has a syntax error (line {error.lineno})")
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    imported.add((alias.asname or alias.name).split(".")[0])

    def flag(cell, node, text):
        entry = f"scan: {cell} line {getattr(node, 'lineno', '?')}: {text}"
        if entry not in flags:
            flags.append(entry)

    for cell, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in SUSPICIOUS_NAMES and SUSPICIOUS_NAMES[node.id]:
                flag(cell, node, SUSPICIOUS_NAMES[node.id])
            elif isinstance(node, ast.Attribute):
                dotted = dotted_name(node) or ""
                if node.attr in SUSPICIOUS_NAMES and SUSPICIOUS_NAMES[node.attr]:
                    flag(cell, node, SUSPICIOUS_NAMES[node.attr])
                if dotted == "sys.modules":
                    flag(cell, node, "touches sys.modules")
                if dotted in ("os.system", "os.popen", "os.fork", "os.kill"):
                    flag(cell, node, f"calls {dotted}")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for module in modules:
                    top = module.split(".")[0]
                    if top in ("builtins", "ctypes", "subprocess", "IPython", "gc", "inspect", "importlib"):
                        flag(cell, node, f"imports {top}")
                    # Work in another thread or process runs outside the per-thread watch of the tests
                    # (chapters 4 and 5 watch for torch.optim in the thread that calls the answer).
                    if top in ("threading", "_thread", "concurrent", "multiprocessing"):
                        flag(cell, node, f"imports {top} (runs code outside the tests' watch)")
                    if module.startswith("torch.optim.") and isinstance(node, ast.ImportFrom):
                        flag(cell, node, f"imports from {module} (torch.optim's own implementation)")
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
                    for sub in elements:
                        if isinstance(sub, ast.Attribute):
                            base = dotted_name(sub)
                            if base and base.split(".")[0] in imported:
                                flag(cell, node, f"assigns {base}, an attribute of an imported module")
                        if isinstance(sub, ast.Subscript) and dotted_name(sub.value) in ("sys.modules", "builtins.__dict__"):
                            flag(cell, node, f"assigns into {dotted_name(sub.value)}")
            if isinstance(node, ast.Attribute) and node.attr.startswith(("_single_tensor_", "_multi_tensor_",
                                                                           "_fused_")):
                flag(cell, node, f"uses {node.attr} (torch.optim's own update code)")
            if isinstance(node, ast.Call):
                callee = dotted_name(node.func) or ""
                short = callee.split(".")[-1]
                if short == "getattr" and len(node.args) >= 2 and not isinstance(node.args[1], ast.Constant):
                    flag(cell, node, f"calls getattr with a computed name on {dotted_name(node.args[0]) or 'an object'}")
                if short in ("setattr", "delattr") and node.args and (dotted_name(node.args[0]) or "").split(".")[0] in imported:
                    flag(cell, node, f"calls {short} on {dotted_name(node.args[0])}, an imported module")
                if isinstance(node.func, ast.Name) and short in ("exec", "eval", "compile", "__import__"):
                    flag(cell, node, f"calls {short}")
                if short in FILE_READERS:
                    path = _string_arg(node)
                    if short == "open":
                        mode = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                            else next((k.value.value for k in node.keywords if k.arg == "mode"
                                       and isinstance(k.value, ast.Constant)), "r")
                        if isinstance(mode, str) and any(m in mode for m in "wax+"):
                            flag(cell, node, f"writes a file ({path or 'computed path'})")
                            continue
                    if path is None and short != "open" and short not in ("listdir", "scandir", "walk", "iterdir"):
                        continue
                    if path is None or path.startswith(("/", "~")) or ".." in path.split("/") or short in (
                            "listdir", "scandir", "walk", "iterdir", "glob", "iglob", "rglob"):
                        flag(cell, node, f"reads files or folders ({short}({path!r}))" if path
                             else f"reads files or folders ({short} on a computed path)")
    return flags


def imported_names(nb):
    """Names bound by import statements in the notebook's cells (what an answer could patch)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(_python_of(cell.source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    names.add((alias.asname or alias.name).split(".")[0])
    return names


def answer_cells(nb, source_cells):
    """``[(name, source)]`` of the cells the student may edit: answer cells and cells they added."""
    known = {c.name: c for c in source_cells}
    answers = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source_cell = known.get(grade_id(cell))
        if source_cell is None:
            answers.append((f"added cell {index + 1}", cell.source))
        elif not source_cell.locked:
            answers.append((source_cell.name, cell.source))
    return answers


def copy_notebook(nb):
    return nbformat.from_dict(copy.deepcopy(nb))


ANSI = re.compile(r"\x1b\[[0-9;]*m")
