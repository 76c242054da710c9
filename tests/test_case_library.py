"""One graded course per chapter: the case library and the round trip, through the course's grading command.

Every file under tests/cases/<chapter>/<exercise>/ is what a student might type into that exercise's
cell. Each `wrong_*` case is submitted as its own student; the `correct_*` cases go in together, the k-th
correct alternative of every exercise in the k-th submission (`correct_groups`). They are graded next to
the complete solution and the untouched student version, the whole chapter by one run of the course's
grading command (python -m tools.grading, nbgrader underneath). A `wrong_*` case must score 0 on the
exercise's test cells (and show its `# diagnosis:` text, when it names one); a `correct_*` case must
score full marks on every test cell, its own exercise's and those of the alternatives beside it.
The solution must score full marks and the untouched release zero, and feedback and the grade export
must follow, as in the instructor's workflow.
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.cells import nbgrader_metadata
from tools import paths
from helpers import cell_errors, fill_in, grade_course, solution_code
from tricks import ANSWERS, COMPARED_WITH_NBGRADER, TRICKS

CASES_ROOT = Path(__file__).parent / "cases"
MIN_WRONG, MIN_CORRECT = 3, 2
SHOWCASE = "together_"
CORRECT_TOGETHER = "correct-alternatives-"  # the submissions that hold the chapter's correct cases
SOLVED, UNTOUCHED = "round-trip-solved", "round-trip-untouched"
TRICK, PLAIN = "trick-", "plain-nbgrader-trick-"  # students who add tests/tricks.py to missing or wrong answers
# (PLAIN: the same notebooks as TRICK, handed to plain `nbgrader autograde` instead of the command)
STUB_ERROR = "NotImplementedError: "  # what cell_errors reads from the release's `raise NotImplementedError()`


@dataclass(frozen=True)
class Case:
    chapter: str
    exercise: str
    path: Path

    @property
    def kind(self):
        return self.path.stem.split("_", 1)[0]

    @property
    def student(self):
        return f"{self.exercise}--{self.path.stem}".replace("_", "-")

    @property
    def code(self):
        return self.path.read_text()

    @property
    def diagnosis(self):
        match = re.search(r"^# diagnosis: (.+)$", self.code, re.MULTILINE)
        return match.group(1).strip() if match else None

    @property
    def loses(self):
        """The test cells a wrong case must lose, from its line ``# loses: test_a, test_b``; None for all
        of its exercise's cells. An exercise graded in several cells (one per idea) has wrong answers
        that get one idea wrong and the others right: they lose that idea's cells and keep the rest."""
        match = re.search(r"^# loses: (.+)$", self.code, re.MULTILINE)
        return [cell.strip() for cell in match.group(1).split(",")] if match else None

    def __str__(self):
        return f"{self.chapter}/{self.exercise}/{self.path.stem}"


def all_cases():
    return [Case(path.parts[-3], path.parts[-2], path)
            for path in sorted(CASES_ROOT.glob("ch*/*/*.py")) if path.stem.split("_", 1)[0] in ("wrong", "correct")]


def correct_groups(cases):
    """``{student: [cases]}`` for the correct alternatives of one chapter: the k-th correct case of every
    exercise in the k-th submission. Correct answers to different exercises can stand side by side (each
    is a right answer, so an exercise that builds on an earlier one still gets a right one), and a chapter
    then grades as many submissions of correct cases as its exercise with the most of them has, not one
    per case; grading a submission costs about a second whatever it holds."""
    by_exercise = {}
    for case in cases:
        if case.kind == "correct":
            by_exercise.setdefault(case.exercise, []).append(case)
    groups = {}
    for exercise, mine in by_exercise.items():
        for k, case in enumerate(sorted(mine, key=lambda c: c.path.name)):
            groups.setdefault(f"{CORRECT_TOGETHER}{k + 1}", []).append(case)
    return groups


def exercises(chapter):
    """``{exercise: notebook file name}`` for every solution cell in the chapter's source."""
    found = {}
    for path in paths.assignment_notebooks(paths.SOURCE, chapter):
        for grade_id in solution_code(paths.read(path)):
            found[grade_id] = path.name
    return found


def graded_cells_of(release_nb, exercise):
    return [nbgrader_metadata(c)["grade_id"] for c in release_nb.cells
            if nbgrader_metadata(c).get("grade")
            and re.fullmatch(rf"test_{re.escape(exercise)}(_\w+)?", nbgrader_metadata(c)["grade_id"])]


def answers_through(source_nb, exercise):
    """The solution's answers up to and including ``exercise``, in notebook order; later exercises stay
    as released. A wrong case needs no more: only its own test cells are judged, and the earlier answers
    are there for an exercise that builds on them."""
    answers = {}
    for grade_id, code in solution_code(source_nb).items():
        answers[grade_id] = code
        if grade_id == exercise:
            break
    return answers


@functools.cache
def graded(chapter, scratch_root):
    """Submit the solution, the untouched release and every case of ``chapter`` as students, autograde
    once, return the results."""
    from tools.grading.scratch_course import Course
    course = Course(Path(scratch_root) / f"cases-{chapter}")
    release = course.generate(chapter)
    owners = exercises(chapter)
    sources = {p.name: paths.read(p) for p in paths.assignment_notebooks(paths.SOURCE, chapter)}
    released = {name: paths.read(release / name) for name in sources}

    def submission(*chosen):
        """The solution, with the answers of ``chosen`` cases typed in (a wrong case alone: with only the
        answers before its own); no case: the complete solution."""
        files = {}
        for name, source_nb in sources.items():
            answers = solution_code(source_nb)
            for case in chosen:
                if owners[case.exercise] == name:
                    if case.kind == "wrong":
                        answers = answers_through(source_nb, case.exercise)
                    answers = {**answers, case.exercise: case.code}
            nb = fill_in(released[name], answers)
            if chosen:
                # The ungraded showcase cells at the end cost seconds per student and decide nothing
                # about a case; the solution and the untouched release keep them.
                nb.cells = [c for c in nb.cells
                            if not nbgrader_metadata(c).get("grade_id", "").startswith(SHOWCASE)]
            files[name] = nb
        return files

    cases = [c for c in all_cases() if c.chapter == chapter]

    def with_trick(trick):
        """Every exercise answered by its first wrong case (or left as released), the trick on top."""
        wrong = {}
        for case in cases:
            if case.kind == "wrong" and case.exercise not in wrong:
                wrong[case.exercise] = case.code
        files, placed = {}, False
        for name, source_nb in sources.items():
            answers = {g: wrong.get(g, code) for g, code in solution_code(source_nb).items()} \
                if ANSWERS[trick] == "wrong" else {}
            nb = fill_in(released[name], answers)
            nb.cells = [c for c in nb.cells if not nbgrader_metadata(c).get("grade_id", "").startswith(SHOWCASE)]
            for cell in nb.cells:
                nbgrader = nbgrader_metadata(cell)
                if not placed and nbgrader.get("solution") and not nbgrader.get("grade"):
                    cell.source = TRICKS[trick] + "\n" + cell.source
                    placed = True
            files[name] = nb
        return files

    course.submit(chapter, SOLVED, submission())
    course.submit(chapter, UNTOUCHED, released)
    tricked = {trick: with_trick(trick) for trick in TRICKS}
    for trick, files in tricked.items():
        course.submit(chapter, TRICK + trick, files)
    known = [case for case in cases if case.exercise in owners]  # check_case reports the others
    student_of = {}
    for case in known:
        if case.kind == "wrong":
            course.submit(chapter, case.student, submission(case))
            student_of[str(case)] = case.student
    for student, together in correct_groups(known).items():
        course.submit(chapter, student, submission(*together))
        student_of.update({str(case): student for case in together})
    rows = grade_course(course, chapter)
    scores = course.scores(chapter)
    errors = {}
    for student in [SOLVED, UNTOUCHED, *sorted(set(student_of.values())), *[TRICK + t for t in TRICKS]]:
        errors[student] = {}
        for name in sources:
            try:
                errors[student].update(cell_errors(course.autograded_notebook(chapter, student, name)))
            except FileNotFoundError:
                pass
    log = "\n".join(f"{student}: {row['status']} {row['reason']} {row['flags']}" for student, row in rows.items())
    return {"course": course, "rows": rows, "scores": scores, "errors": errors, "log": log,
            "released": released, "owners": owners, "tricked": tricked, "student_of": student_of}


@pytest.fixture
def grade(scratch):
    return lambda chapter: graded(chapter, str(scratch))


def check_case(case, result):
    assert case.exercise in result["owners"], f"{case}: no exercise named {case.exercise!r} in source/{case.chapter}"
    student = result.get("student_of", {}).get(str(case), case.student)
    assert student in result["scores"], f"{case} was not graded:\n{result['log'][-3000:]}"
    scores = result["scores"][student]
    errors = result["errors"][student]
    released = result["released"][result["owners"][case.exercise]]
    own_cells = graded_cells_of(released, case.exercise)
    assert own_cells, f"no test cell test_{case.exercise} in the release"
    if case.kind == "wrong":
        judged = case.loses or own_cells
        unknown = sorted(set(judged) - set(own_cells))
        assert not unknown, f"{case}: '# loses:' names cells that are not {case.exercise}'s: {unknown}"
        kept = {cell: scores[cell] for cell in judged if scores[cell][0] > 0}
        assert not kept, f"{case} is wrong but kept points on {kept}"
        spared = {cell: scores[cell] for cell in own_cells if cell not in judged and scores[cell][0] != scores[cell][1]}
        assert not spared, f"{case} should lose only {judged}, but also lost points on {spared}: {errors}"
        # A released stub raises NotImplementedError with no message; torch's own have one.
        stubbed = {cell: errors[cell] for cell in own_cells if errors.get(cell) == STUB_ERROR}
        assert not stubbed, (
            f"{case}: its test cells reached an unanswered later exercise ({stubbed}); wrong cases answer "
            f"only the exercises up to their own, so {case.exercise} must not depend on a later one")
        if case.diagnosis:
            messages = " | ".join(errors.get(cell, "") for cell in judged)
            assert case.diagnosis in messages, (
                f"{case}: expected the diagnosis {case.diagnosis!r} in the test output, got: {messages}")
    else:
        lost = {cell: score for cell, score in scores.items() if score[0] != score[1]}
        beside = sorted(other for other, where in result.get("student_of", {}).items()
                        if where == student and other != str(case))
        assert not lost, (f"{case} is correct but its submission ({student}, with {beside or 'no other case'}) "
                          f"lost points on {lost}; errors: {errors}")


def chapter_tests(chapter):
    """One test class per chapter: `--dist loadscope` keeps a class on one worker, so the chapter's single
    grading run (cached by `graded`) is shared by all of its cases.

    `@pytest.mark.xdist_group` with `--dist loadgroup` would say this more directly, but it does not
    group with the pinned pytest 9.2 and pytest-xdist 3.8: xdist tags the group onto `item._nodeid`,
    and pytest 9 builds `nodeid` from `item._id` instead, so every test lands on any worker (measured:
    a chapter's cases spread over both workers and the chapter was graded twice).
    """

    class CaseLibrary:
        @pytest.mark.slow
        @pytest.mark.parametrize("case", [c for c in all_cases() if c.chapter == chapter], ids=str)
        def test_case_is_graded_as_intended(self, case, grade):
            check_case(case, grade(chapter))

        @pytest.mark.slow
        def test_solution_full_marks_and_untouched_release_zero(self, grade):
            result = grade(chapter)
            rows, scores = result["rows"], result["scores"]
            for student in (SOLVED, UNTOUCHED):
                assert rows[student]["status"] == "graded", (
                    f"{student}: {rows[student]['status']}: {rows[student]['reason']} {rows[student]['flags']}")
            solved = scores[SOLVED]
            assert solved, "no graded cells found"
            assert all(score == top > 0 for score, top in solved.values()), (solved, result["errors"][SOLVED])
            assert set(scores[UNTOUCHED]) == set(solved)
            assert all(score == 0 for score, _ in scores[UNTOUCHED].values()), scores[UNTOUCHED]

        @pytest.mark.slow
        @pytest.mark.parametrize("trick", list(TRICKS))
        def test_a_trick_on_wrong_or_missing_answers_earns_nothing(self, trick, grade):
            """The command decides outside the kernel (tools/grading/verdict.py): whatever the trick does
            to the kernel, its wrong or missing answers score 0 on every test cell."""
            result = grade(chapter)
            student = TRICK + trick
            row = result["rows"][student]
            assert row["status"].startswith("graded"), f"{student}: {row['status']}: {row['reason']}"
            kept = {cell: score for cell, score in result["scores"][student].items() if score[0] > 0}
            assert not kept, f"{student} kept points on {kept}: {row['status']} {row['reason']} {row['flags']}"

        @pytest.mark.slow
        def test_plain_nbgrader_is_fooled_where_the_command_is_not(self, grade):
            """The same tricked notebooks, graded by plain `nbgrader autograde`: points the command refuses."""
            result = grade(chapter)
            course = result["course"]
            for trick in COMPARED_WITH_NBGRADER:
                assert sum(s for s, _ in result["scores"][TRICK + trick].values()) == 0, TRICK + trick
                course.submit(chapter, PLAIN + trick, result["tricked"][trick])
            course.nbgrader("autograde", chapter, "--student", PLAIN + "*", "--force")
            plain = course.scores(chapter)
            fooled = {trick: sum(s for s, _ in plain[PLAIN + trick].values()) for trick in COMPARED_WITH_NBGRADER}
            assert all(points > 0 for points in fooled.values()), (
                f"plain nbgrader gave {fooled}: if it no longer falls for these tricks, README's comparison is stale")

        @pytest.mark.slow
        def test_feedback_and_export_follow_grading(self, grade):
            """The rest of the instructor's workflow, on the same course: feedback reports and the export."""
            result = grade(chapter)
            course = result["course"]
            course.nbgrader("generate_feedback", chapter, "--student", "round-trip-*")
            for student in (SOLVED, UNTOUCHED):
                assert list((course.root / "feedback" / student / chapter).glob("*.html")), f"no feedback for {student}"
            course.nbgrader("export")
            with open(course.root / "grades.csv", newline="") as f:
                rows = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == chapter}
            assert set(rows) == set(course.scores(chapter)), "the export lacks graded students"
            total = sum(top for _, top in result["scores"][SOLVED].values())
            assert float(rows[SOLVED]["score"]) == float(rows[SOLVED]["max_score"]) == total
            assert float(rows[UNTOUCHED]["score"]) == 0

    CaseLibrary.__name__ = CaseLibrary.__qualname__ = f"TestCaseLibrary_{chapter}"
    return CaseLibrary


for _chapter in paths.chapters():
    globals()[f"TestCaseLibrary_{_chapter}"] = chapter_tests(_chapter)


@pytest.mark.parametrize("chapter", paths.chapters())
def test_every_exercise_has_enough_cases(chapter):
    cases = [c for c in all_cases() if c.chapter == chapter]
    names = exercises(chapter)
    for exercise in names:
        mine = [c for c in cases if c.exercise == exercise]
        wrong = sum(c.kind == "wrong" for c in mine)
        correct = sum(c.kind == "correct" for c in mine)
        assert wrong >= MIN_WRONG and correct >= MIN_CORRECT, (
            f"{chapter}/{exercise}: {wrong} wrong and {correct} correct cases; "
            f"need at least {MIN_WRONG} and {MIN_CORRECT}")
    strays = sorted({c.exercise for c in cases} - set(names))
    assert not strays, f"case folders for exercises that {chapter} does not have: {strays}"
    loose = [p for p in (CASES_ROOT / chapter).glob("*/*.py") if p.stem.split("_", 1)[0] not in ("wrong", "correct")]
    assert not loose, f"case files must start with wrong_ or correct_: {loose}"


def test_a_wrong_case_that_reaches_a_later_stub_is_reported():
    """The guard behind answering only the exercises up to a wrong case's own: if its test cell ran into
    an unanswered later exercise, the case scored 0 for the wrong reason, and the test says so."""
    chapter, exercise = "ch01", "mse_loss"
    path = next(p for p in sorted((CASES_ROOT / chapter / exercise).glob("wrong_*.py")))
    case = Case(chapter, exercise, path)
    name = exercises(chapter)[exercise]
    released = paths.read(paths.RELEASE / chapter / name)
    own = graded_cells_of(released, exercise)
    result = {"owners": {exercise: name}, "released": {name: released}, "log": "",
              "scores": {case.student: {cell: (0, 1) for cell in own}},
              "errors": {case.student: {cell: STUB_ERROR for cell in own}}}
    with pytest.raises(AssertionError, match="must not depend on a later one"):
        check_case(case, result)
