"""What a worker's result becomes: the reference solution's runs settled into expected reports, and each
student's test cells decided outside the kernel (tools/grading/verdict.py), their own text put back."""

from tools.cells import grade_id, is_test
from tools.grading import status, verdict


def settle_reference(result, as_students_see_it):
    """The reference solution's reports ``{grade_id: [Report]}``, or why nobody can be graded (a string)."""
    for run in (result, as_students_see_it):
        if run.status != status.GRADED or not run.notebooks:
            return f"the {run.student} could not be graded ({run.status}: {run.reason})"
    try:
        return verdict.reference_reports(
            {name: nbformat_reads(text) for name, text in result.notebooks.items()},
            {name: nbformat_reads(text) for name, text in as_students_see_it.notebooks.items()})
    except verdict.ReferenceFailed as error:
        return str(error)


def nbformat_reads(text):
    import nbformat
    return nbformat.reads(text, as_version=4)


def apply_verdict(result, reference, cells):
    """Decide the student's test cells outside the kernel (tools/grading/verdict.py), in ``result``; put
    back the test cells' own text (the kernel had them without reference blocks)."""
    import nbformat
    if isinstance(reference, str):
        result.notebooks, result.status = {}, status.GRADING_ERROR
        result.reason = f"nobody can be graded: {reference}"
        return
    notebooks = {name: nbformat_reads(text) for name, text in result.notebooks.items()}
    decided = verdict.judge(notebooks, reference)
    originals = {c.name: c for cs in cells.values() for c in cs}
    if decided.hid_failures and status.Status(result.status).scored:
        result.status = status.GRADED_UNTRUSTED
        result.reason = (f"the checks of {', '.join(decided.hid_failures[:3])} failed or stopped without an error "
                            "showing: the answers changed how the kernel reports errors; every test cell scored 0")
        why = "this kernel hid failing checks, so no test result from it can be trusted"
    else:
        why = None
    for test_id, outcome in decided.cells.items():
        if not outcome.passed and outcome.visible_passed and why is None:
            result.flags.append(f"{test_id}: visible tests pass, hidden tests fail"
                                   + (f" ({outcome.message})" if outcome.message else ""))
    for nb in notebooks.values():
        for cell in nb.cells:
            source = originals.get(grade_id(cell))
            if source is None or not source.grade or cell.cell_type != "code":
                continue
            cell.source = source.source
            cell.metadata.setdefault("nbgrader", {})["checksum"] = source.checksum
            if why is not None:
                cell.outputs = [nbformat.v4.new_output("error", ename="UntrustworthyKernel", evalue=why,
                                                       traceback=[f"UntrustworthyKernel: {why}"])]
    result.errors = first_error(notebooks.values())
    result.notebooks = {name: nbformat.writes(nb) for name, nb in notebooks.items()}


def first_error(notebooks):
    """``{test cell: the first line of its first error}`` in the graded notebooks: what the student read."""
    found = {}
    for nb in notebooks:
        for cell in nb.cells:
            if not is_test(cell):
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    line = (str(output.get("evalue", "")).strip().splitlines() or [""])[0]
                    found[grade_id(cell)] = f"{output.get('ename')}: {line}"[:160]
                    break
    return found
