"""Verdicts decided outside the kernel: a student's test results are compared with the reference solution's.

A student's code shares its kernel with the tests, so whatever the tests conclude there can be subverted
(a patched check, a hook that hides errors, an answer that reads the test's own expected values). The
grading command therefore decides each test cell itself, from what the checks reported:

1. Before a student's kernel gets a test cell, every ``with checks.reference():`` block of the cell is
   replaced by assignments of ``checks.UNKNOWN`` to the names the block binds (``strip_reference_blocks``):
   the expected values it computes are never computed where a student's code runs. Every test cell also
   gets a last line that reports that the cell ran to its end (``with_end_report``).
2. In a grading kernel every check reports what it saw (``autograd_course/checks.py``: kind, label, the
   values, the expected values when known there, the tolerance) in display outputs of its test cell,
   sent when the visible tests pass and when the cell reaches its end.
3. The command runs the assignment's reference solution in a kernel of its own with the blocks intact,
   and again with the tests as a student's kernel gets them, and keeps their reports
   (``reference_reports``): the second run tells which checks only a reference block has an expected
   value for.
4. For every test cell of a student (``judge``) it compares the reports with the reference's, check by
   check: the same checks in the same order up to the end report, each value within the tolerance of the
   reference's check (against the reference solution's expected value where the student's kernel never had
   one, and a report that claims one there is forged; against the value the check itself was given
   otherwise). A cell that fails this scores 0, with a message and without any of the hidden tests' code
   or numbers.
5. A cell that shows no error although its own checks failed, or that stopped before its end, comes from a
   kernel that no longer reports failures: every test cell of that submission scores 0 (``judge`` says so).
"""

import ast
import base64
import math
import struct
from dataclasses import dataclass, field

import nbformat

from tools.cells import grade_id as _grade_id, hidden_test_delimiters, is_test

RECORD_MIME = "application/vnd.autograd-course.check+json"
END_LINE = '__import__("autograd_course.checks").checks.end_of_cell()'
VALUE_KINDS = ("close", "unchanged")
FAILED = "TestFailed"  # the ename of the error a failing cell gets, when the kernel showed none


# ---------------------------------------------------------------------------------------------
# What a student's kernel receives

def _is_reference_block(node):
    if not isinstance(node, (ast.With, ast.AsyncWith)):
        return False
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "reference" \
                and isinstance(call.func.value, ast.Name) and call.func.value.id == "checks":
            return True
    return False


def _bound_names(statements):
    """Names the statements bind in their own scope (not inside nested functions, lambdas or comprehensions)."""
    names = []

    def add(name):
        if name not in names:
            names.append(name)

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            add(node.name)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.NamedExpr):
            add(node.target.id)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in statements:
        visit(statement)
    return names


def reference_blocks(source):
    """``[(first line, last line, names bound)]`` of the outermost reference blocks in ``source`` (1-based)."""
    tree = ast.parse(source)
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if _is_reference_block(child):
                found.append((child.lineno, child.end_lineno, _bound_names(child.body)))
            else:
                visit(child)

    visit(tree)
    return found


def strip_reference_blocks(source):
    """``source`` with every reference block replaced by ``name = ... = checks.UNKNOWN`` for the names it binds.

    Line numbers stay as they were (blank lines fill the block's place), so a traceback still points at the
    line of the test the learner's code failed."""
    blocks = reference_blocks(source)
    if not blocks:
        return source
    lines = source.split("\n")
    for first, last, names in reversed(blocks):
        indent = lines[first - 1][:len(lines[first - 1]) - len(lines[first - 1].lstrip())]
        replacement = f"{indent}{' = '.join(names)} = checks.UNKNOWN" if names else f"{indent}pass"
        lines[first - 1:last] = [replacement] + [""] * (last - first)
    return "\n".join(lines)


def with_end_report(source, hidden_end=None):
    """``source`` with a last line that reports the end of the cell, inside the hidden region when there is
    one (so that the feedback, which leaves the hidden region out, does not show it either). ``hidden_end``
    is the course's end-of-hidden-tests text (hidden_test_delimiters), by default the repository's."""
    hidden_end = hidden_end or hidden_test_delimiters()[1]
    lines = source.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if hidden_end in lines[index]:
            return "\n".join(lines[:index] + [END_LINE] + lines[index:])
    return source.rstrip("\n") + "\n" + END_LINE + "\n"


def for_student(source, hidden_end=None):
    return with_end_report(strip_reference_blocks(source), hidden_end)


def for_reference(source, hidden_end=None):
    return with_end_report(source, hidden_end)


def rewrite_gradebook(path, chapter, transform):
    """Give every test cell of ``chapter`` in the gradebook file at ``path`` the source ``transform(source)``
    (and the checksum nbgrader computes for it, which its OverwriteCells verifies)."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import compute_checksum
    with Gradebook(f"sqlite:///{path}") as gb:
        assignment = gb.find_assignment(chapter)
        for notebook in assignment.notebooks:
            grades = {c.name: c for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            for cell in notebook.source_cells:
                if cell.name not in grades or cell.cell_type != "code":
                    continue
                cell.source = transform(cell.source)
                node = nbformat.v4.new_code_cell(cell.source)
                node.metadata["nbgrader"] = {"grade": True, "solution": cell.name in solutions,
                                             "locked": bool(cell.locked), "grade_id": cell.name,
                                             "points": float(grades[cell.name].max_score)}
                cell.checksum = compute_checksum(node)
        gb.db.commit()


# ---------------------------------------------------------------------------------------------
# What the kernels reported

@dataclass
class Report:
    kind: str
    what: str
    actual: list = None
    expected: list = None
    rtol: float = 0.0
    atol: float = 0.0
    # In the reference: whether a student's kernel has this check's expected value (a visible test's
    # number, or one computed from the student's own objects) or not (a reference block's).
    known_in_student: bool = True


def _decode(text):
    if text is None:
        return None
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) % 8:
        raise ValueError("a report's numbers are not whole doubles")
    return list(struct.unpack(f"<{len(raw) // 8}d", raw))


def take_reports(cell):
    """The reports among the cell's outputs, removed from them. A report that cannot be read is kept as
    ``Report("unreadable", ...)``, which never matches a reference's. A markdown cell has no outputs, and
    gets none (an ``outputs`` key there makes the notebook invalid, and ``generate_feedback`` says so)."""
    if "outputs" not in cell:
        return []
    reports, kept = [], []
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
        if RECORD_MIME not in data:
            kept.append(output)
            continue
        payload = data[RECORD_MIME]
        # The checks send their reports in batches ({"reports": [...]}); one report alone is read too.
        batch = payload.get("reports") if isinstance(payload, dict) and "reports" in payload else [payload]
        for record in batch if isinstance(batch, list) else [batch]:
            try:
                reports.append(Report(kind=str(record["kind"]), what=str(record["what"]),
                                      actual=_decode(record.get("actual")), expected=_decode(record.get("expected")),
                                      rtol=float(record.get("rtol", 0.0)), atol=float(record.get("atol", 0.0))))
            except Exception:  # a forged or damaged report counts as a wrong one
                reports.append(Report(kind="unreadable", what=repr(record)[:80]))
    cell["outputs"] = kept
    return reports


def _close(actual, expected, rtol, atol):
    if actual is None or expected is None or len(actual) != len(expected):
        return False
    for a, e in zip(actual, expected):
        if not (math.isfinite(a) and math.isfinite(e)):
            if not (a == e):
                return False
        elif abs(a - e) > atol + rtol * abs(e):
            return False
    return True


def _has_error(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


# ---------------------------------------------------------------------------------------------
# The reference run

class ReferenceFailed(Exception):
    """The reference solution did not pass its own tests in this environment: nobody can be graded."""


def reference_reports(notebooks, as_students_see_it=None):
    """``{grade_id: [Report]}`` from the executed reference notebooks (``{name: notebook}``); raise
    ReferenceFailed when a test cell of the reference failed, stopped early or had a check that failed.

    ``as_students_see_it``: the same reference solution run with its reference blocks stripped, as a
    student's kernel gets the tests. It tells which checks a student's kernel has no expected value for:
    there, whatever expected value a student's kernel reports is not its own to know."""
    result = _reference_reports(notebooks)
    if as_students_see_it is None:
        return result
    stripped = _reference_reports(as_students_see_it, stripped=True)
    for grade_id, reports in result.items():
        seen = stripped.get(grade_id, [])
        if [(r.kind, r.what) for r in seen] != [(r.kind, r.what) for r in reports]:
            raise ReferenceFailed(f"the reference solution's {grade_id} runs differently without its reference "
                                  "blocks (a test uses a reference value outside the checks)")
        for full, bare in zip(reports, seen):
            full.known_in_student = bare.kind not in VALUE_KINDS or bare.expected is not None
    return result


def _reference_reports(notebooks, stripped=False):
    result = {}
    for name, nb in notebooks.items():
        for cell in nb.cells:
            if not is_test(cell):
                continue
            reports = take_reports(cell)
            grade_id = _grade_id(cell)
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                raise ReferenceFailed(f"the reference solution fails {grade_id} ({errors[0].get('ename')}: "
                                      f"{str(errors[0].get('evalue'))[:200]})")
            if not reports or reports[-1].kind != "end":
                raise ReferenceFailed(f"the reference solution's {grade_id} did not report the end of the cell")
            for report in reports:
                if report.kind in VALUE_KINDS and report.expected is None and not stripped:
                    raise ReferenceFailed(f"the reference solution's check '{report.what}' of {grade_id} had no "
                                          "expected value")
                if report.kind in VALUE_KINDS and report.expected is not None and not _close(
                        report.actual, report.expected, report.rtol, report.atol):
                    raise ReferenceFailed(f"the reference solution fails the check '{report.what}' of {grade_id}")
            result[grade_id] = reports
    return result


# ---------------------------------------------------------------------------------------------
# A student's cells

@dataclass
class CellVerdict:
    passed: bool
    message: str = ""
    hid_failure: bool = False   # the kernel showed no error, although the checks failed
    visible_passed: bool = False


def judge_cell(reports, reference, has_error):
    """Compare a student's reports for one test cell with the reference's (see the module text)."""
    passed_at = next((i for i, r in enumerate(reference) if r.kind == "passed"), None)

    def fail(index, message, hid=False):
        visible_ok = passed_at is not None and index > passed_at
        return CellVerdict(False, message, hid_failure=hid and not has_error, visible_passed=visible_ok)

    for index, expected in enumerate(reference):
        if index >= len(reports):
            last = reference[index - 1].what if index else "its first check"
            return fail(index, f"the test cell stopped after '{last}', before its end", hid=True)
        got = reports[index]
        if (got.kind, got.what) != (expected.kind, expected.what):
            return fail(index, f"the checks ran differently from the reference solution's at '{expected.what}' "
                               f"(got '{got.what}')", hid=True)
        if expected.kind not in VALUE_KINDS:
            continue
        if not expected.known_in_student:
            # A reference block's value: a student's kernel cannot have it, so one that reports it forged it.
            if got.expected is not None:
                return fail(index, f"{expected.what}: the kernel reported an expected value it cannot have", hid=True)
            if not _close(got.actual, expected.expected, expected.rtol, expected.atol):
                return fail(index, f"{expected.what} is not right")
        elif got.expected is None or not _close(got.actual, got.expected, expected.rtol, expected.atol):
            # The kernel had the expected value: the check must have failed there if the values disagree.
            return fail(index, f"{expected.what}: the check failed", hid=True)
    if len(reports) > len(reference):
        return fail(len(reference), "the test cell reported more checks than the reference solution's", hid=True)
    if has_error:
        return CellVerdict(False, "", visible_passed=passed_at is not None and
                           any(r.kind == "passed" for r in reports))
    return CellVerdict(True)


@dataclass
class Verdict:
    cells: dict = field(default_factory=dict)   # grade_id -> CellVerdict
    hid_failures: list = field(default_factory=list)  # grade_ids whose kernel hid a failure


def judge(notebooks, reference):
    """Decide every test cell of a student's executed notebooks (``{name: notebook}``, changed in place):
    reports are removed from all cells, a failing cell without an error gets one, and the verdict says
    which cells passed and whether the kernel hid failures."""
    verdict = Verdict()
    for nb in notebooks.values():
        for cell in nb.cells:
            if not is_test(cell):
                take_reports(cell)
                continue
            grade_id = _grade_id(cell)
            reports = take_reports(cell)
            if grade_id not in reference:
                continue
            outcome = judge_cell(reports, reference[grade_id], _has_error(cell))
            verdict.cells[grade_id] = outcome
            if outcome.hid_failure:
                verdict.hid_failures.append(grade_id)
            if not outcome.passed and not _has_error(cell):
                cell.outputs.append(nbformat.v4.new_output(
                    "error", ename=FAILED, evalue=outcome.message, traceback=[f"{FAILED}: {outcome.message}"]))
    return verdict
