"""Start a new chapter: its line in the registry (tools/chapters.py) and its own files, ready to build.

    python -m tools.build.new_chapter ch08 second_order "Second-order gradients" \
        "Hessian-vector products with double backward, and where they pay off."

writes

- the chapter's line at the end of ``CHAPTERS`` in tools/chapters.py;
- its walk-through and its assignment as text twins, ``py/notebooks/ch08_<topic>.py`` and
  ``py/source/ch08/ch08_<topic>.py``: the setup and imports cells, one worked example in the
  walk-through, and in the assignment one exercise (``cube_slope_ch08``, the slope of x**3) with its
  visible test, its hidden tests and their reference block;
- the visible tests' helpers, ``autograd_course/exercises/ch08.py``;
- the exercise's case library, ``tests/cases/ch08/cube_slope_ch08/`` (two right answers, three wrong);

and then runs ``python -m tools.build ch08 <previous chapter>``, which makes the notebooks from their
twins, writes every header and footer (the previous chapter's footer now leads here), README's chapter
table and DESIGN's syllabus, and builds release/ and solutions/. The new chapter passes the whole test
suite as it is; replace its example and its exercise with the chapter's own (CONTRIBUTING.md says how),
keeping to the same shape. ``--no-build`` leaves the build to ``make build``.
"""

import argparse
import json
import re
import subprocess
import sys
import textwrap

from tools import chapters, paths
from tools.cells import hidden_test_delimiters

REGISTRY = paths.REPO / "tools" / "chapters.py"
TOPIC = re.compile(r"[a-z][a-z0-9_]*")


def _header(**metadata):
    """A percent-format cell marker with nbgrader's metadata for a cell of an assignment."""
    nbgrader = {"grade": False, "grade_id": "", "locked": True, "schema_version": 3, "solution": False, "task": False}
    nbgrader.update(metadata)
    return f"# %% nbgrader={json.dumps(nbgrader, sort_keys=True)}"


def _markdown_header(**metadata):
    return _header(**metadata).replace("# %% ", "# %% [markdown] ", 1)


def _comment_block(text):
    return "\n".join(f"# {line}" if line else "#" for line in textwrap.dedent(text).strip("\n").split("\n"))


def walkthrough_twin(chapter, setup):
    return "\n\n".join([
        "# %%\n" + setup,
        "# %%\nimport numpy as np\nimport torch",
        "# %% [markdown]\n" + _comment_block(f"""
            # Chapter {chapter.number}: {chapter.title}

            This walk-through teaches on one example; the assignment asks for the same idea on another. Here the
            example is the slope of $f(x) = x^2$, which autograd finds as $2x$."""),
        "# %%\nx = torch.tensor(3.0, requires_grad=True)\n(x ** 2).backward()\nprint(\"slope of x**2 at 3:\", x.grad.item())",
    ]) + "\n"


def assignment_twin(chapter, setup, exercise):
    module = chapter.id
    begin, end = hidden_test_delimiters()
    test = textwrap.dedent(f"""\
        from autograd_course import checks
        from autograd_course.exercises import {module}

        {module}.check_{exercise}_at_two({exercise})   # 3 * 2**2 = 12
        checks.passed("{exercise}")

        ### {begin}
        for x in [-1.5, 0.0, 0.25, 7.0]:
            with checks.reference():
                expected = 3.0 * x * x
            got = checks.expect_float({exercise}(x), f"{exercise}({{x}})")
            checks.expect_close(got, expected, f"{exercise}({{x}})", rtol=1e-12, atol=1e-12)
        ### {end}""")
    solution = textwrap.dedent(f'''\
        def {exercise}(x):
            """The slope of f(x) = x**3 at the Python float ``x``, as a float."""
            ### BEGIN SOLUTION
            return 3.0 * x ** 2
            ### END SOLUTION''')
    return "\n\n".join([
        _markdown_header(grade_id="intro") + "\n" + _comment_block(f"""
            # Chapter {chapter.number} assignment: {chapter.title}

            Replace each `raise NotImplementedError()` with your code, then run the test cell below it."""),
        _header(grade_id="setup") + "\n" + setup,
        _header(grade_id="imports") + f"\nfrom autograd_course import checks\nfrom autograd_course.exercises import {module}",
        _markdown_header(grade_id="ex1_text") + "\n" + _comment_block("""
            ## Exercise 1: the slope of a cube (1 point)

            Write the slope (derivative) of $f(x) = x^3$ at $x$."""),
        _header(grade_id=exercise, locked=False, solution=True) + "\n" + solution,
        _header(grade_id=f"test_{exercise}", grade=True, points=1) + "\n" + test,
    ]) + "\n"


def exercises_module(chapter, exercise):
    return textwrap.dedent(f'''\
        """Visible tests of chapter {chapter.number}'s assignment, "{chapter.title}"."""

        from autograd_course import checks

        Hint = checks.Hint


        def check_{exercise}_at_two({exercise}):
            """At x = 2 the slope of x**3 is 3 * 2**2 = 12."""
            slope = checks.expect_float({exercise}(2.0), "{exercise}(2.0)")
            checks.expect_close(slope, 12.0, "{exercise}(2.0)", hints=[
                Hint(8.0, "It equals 2**3, the value of the function: the slope is its derivative."),
                Hint(4.0, "It equals 2 * 2, the slope of x**2: the exponent here is 3."),
                Hint(-12.0, "It has the right size and the wrong sign."),
            ])
        ''')


def cases(exercise):
    body = {
        "correct_power_rule.py": ("The power rule.", "return 3.0 * x ** 2"),
        "correct_product.py": ("x * x * 3, a float all the same.", "return float(x * x * 3)"),
        "wrong_the_function_itself.py": ("The cube, not its slope.", "return x ** 3", "the value of the function"),
        "wrong_slope_of_a_square.py": ("The slope of x**2.", "return 2.0 * x", "the slope of x**2"),
        "wrong_sign.py": ("A sign error.", "return -3.0 * x ** 2", "the wrong sign"),
    }
    files = {}
    for name, (doc, line, *diagnosis) in body.items():
        lines = [f'"""{doc}"""']
        if diagnosis:
            lines.append(f"# diagnosis: {diagnosis[0]}")
        lines += [f"def {exercise}(x):", f"    {line}", ""]
        files[name] = "\n".join(lines)
    return files


def registry_with(chapter):
    """tools/chapters.py's text with ``chapter``'s line after the last chapter's."""
    text = REGISTRY.read_text()
    lines = text.split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("    Chapter("))
    fields = ", ".join(json.dumps(value, ensure_ascii=False)
                       for value in (chapter.id, chapter.topic, chapter.title, chapter.summary))
    lines.insert(last + 1, f"    Chapter({fields}),")
    return "\n".join(lines)


def create(chapter_id, topic, title, summary):
    """Write the registry line and the chapter's own files; return the paths written."""
    from tools.build import launch
    if not re.fullmatch(r"ch\d\d", chapter_id):
        raise ValueError(f"a chapter id is ch and two digits, e.g. ch08; not {chapter_id!r}")
    if chapter_id in chapters.BY_ID or (paths.SOURCE / chapter_id).exists():
        raise ValueError(f"{chapter_id} exists already")
    if not TOPIC.fullmatch(topic):
        raise ValueError(f"a topic is lower-case words joined by _, e.g. second_order; not {topic!r}")
    chapter = chapters.Chapter(chapter_id, topic, title, summary)
    exercise = f"cube_slope_{chapter_id}"
    setup = launch.setup_cell(launch.package_commit())
    stem = chapter.notebook.removesuffix(".ipynb")
    written = {
        REGISTRY: registry_with(chapter),
        paths.TWINS / "notebooks" / f"{stem}.py": walkthrough_twin(chapter, setup),
        paths.TWINS / "source" / chapter_id / f"{stem}.py": assignment_twin(chapter, setup, exercise),
        paths.REPO / "autograd_course" / "exercises" / f"{chapter_id}.py": exercises_module(chapter, exercise),
        **{paths.REPO / "tests" / "cases" / chapter_id / exercise / name: text for name, text in cases(exercise).items()},
    }
    (paths.SOURCE / chapter_id).mkdir(parents=True)  # the assignment's folder, which makes it a chapter
    for path, text in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return list(written)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapter", help="the new assignment id, e.g. ch08")
    parser.add_argument("topic", help="the notebooks' name after chNN_, e.g. second_order")
    parser.add_argument("title", help="the chapter's title (Markdown)")
    parser.add_argument("summary", help="one line on what it teaches, for DESIGN's syllabus")
    parser.add_argument("--no-build", action="store_true", help="write the files only; build later with make build")
    args = parser.parse_args(argv)
    previous = paths.chapters()[-1:]
    try:
        written = create(args.chapter, args.topic, args.title, args.summary)
    except ValueError as error:
        parser.error(str(error))
    for path in written:
        print(f"written: {path.relative_to(paths.REPO)}")
    if args.no_build:
        print(f"next: python -m tools.build {' '.join([args.chapter, *previous])}")
        return 0
    # A new interpreter: it reads the registry with the new line.
    return subprocess.run([sys.executable, "-m", "tools.build", args.chapter, *previous], cwd=paths.REPO).returncode


if __name__ == "__main__":
    sys.exit(main())
