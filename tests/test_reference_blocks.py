"""Hidden tests compute their expected values inside ``with checks.reference():`` blocks.

The grading command never sends a reference block to a student's kernel: there every name the block
binds holds ``checks.UNKNOWN``, and the expected values come from the grader's own run of the reference
solution (``reference()`` in autograd_course/checks.py). That only works when the source follows the
convention, which this file checks without running anything, on every source notebook:

1. every graded test cell has at least one reference block in its hidden part;
2. reference blocks stand only in the hidden parts of graded test cells;
3. outside the blocks, a name a block binds is only handed on, as an argument of a call to
   ``checks`` or to a chapter's helpers (``chNN.*``), directly or through attributes, indexing and
   method calls (``expected[i]``, ``ref.item()``): never in an ``if``, a loop, arithmetic, a
   comparison, a container or an f-string, where a grading kernel would need a number it does not have;
4. a block uses the test's own inputs only: no learner's function or class, no value one of them
   returned or built, and no random draw from a global generator or from a generator the test's inputs
   come from (the learner's run skips the block, so a draw there would shift every later input).

The analysis follows statements in order (a name rebound outside a block is no longer the block's), and
reads loops and branches conservatively; the broken examples below show what each rule catches. What it
cannot see, a chNN helper that decides with a value it was handed, the last test finds by running each
chapter's reference solution as a grading kernel sees its tests.
"""

import ast
import functools
import inspect
import json
import re

import nbformat
import pytest

from tools.cells import nbgrader_metadata
from helpers import HIDDEN_BEGIN, HIDDEN_END
from tools import paths
from tools.grading.scan import dotted_name
from forked_python import Forker

SOURCE_NOTEBOOKS = sorted(paths.SOURCE.glob("ch*/*.ipynb"))
BEGIN, END = HIDDEN_BEGIN, HIDDEN_END
HELPER_MODULE = re.compile(r"checks|ch\d\d")

# Draws from PyTorch's, NumPy's or Python's global generators, and constructors whose initial weights
# come from PyTorch's global generator.
_TORCH_DRAWS = {"rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal",
                "bernoulli", "multinomial", "poisson", "manual_seed", "seed"}
_GENERATOR_METHODS = {"normal", "uniform", "integers", "random", "standard_normal", "choice", "permutation",
                      "shuffle", "permuted", "exponential", "binomial", "poisson", "manual_seed", "seed",
                      "normal_", "uniform_", "random_", "bernoulli_", "exponential_", "geometric_", "cauchy_",
                      "log_normal_"}
_RANDOM_INIT = re.compile(r"(Lazy)?(Linear|Bilinear|Conv\dd|ConvTranspose\dd|Embedding\w*|RNN\w*|LSTM\w*|GRU\w*|"
                          r"MultiheadAttention|Transformer\w*)")


def _is_reference_block(node):
    return isinstance(node, (ast.With, ast.AsyncWith)) and any(
        isinstance(item.context_expr, ast.Call) and isinstance(item.context_expr.func, ast.Attribute)
        and item.context_expr.func.attr == "reference" and isinstance(item.context_expr.func.value, ast.Name)
        and item.context_expr.func.value.id == "checks" for item in node.items)


def _target_names(target):
    """Names a target binds (``a``, ``a, (b, *c)``); attributes and items bind none."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()


def _target_loads(target):
    """The expressions a target reads: ``a`` in ``a.grad = ...``, ``a`` and ``i`` in ``a[i] = ...``."""
    if isinstance(target, ast.Attribute):
        return [target.value]
    if isinstance(target, ast.Subscript):
        return [target.value, target.slice]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [load for t in target.elts for load in _target_loads(t)]
    if isinstance(target, ast.Starred):
        return _target_loads(target.value)
    return []


def bound_names(statements):
    """Every name a list of statements binds in its own scope (not inside functions or comprehensions)."""
    names = set()

    class Binder(ast.NodeVisitor):
        def visit_Name(self, node):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)

        def visit_FunctionDef(self, node):
            names.add(node.name)
            for decorator in node.decorator_list:
                self.visit(decorator)

        visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

        def visit_Lambda(self, node):
            pass

        def visit_ListComp(self, node):
            for child in ast.walk(node):  # only a walrus escapes a comprehension's scope
                if isinstance(child, ast.NamedExpr):
                    names.add(child.target.id)

        visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

        def visit_Import(self, node):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])

        visit_ImportFrom = visit_Import

        def visit_ExceptHandler(self, node):
            if node.name:
                names.add(node.name)
            self.generic_visit(node)

    for statement in statements:
        Binder().visit(statement)
    return names


def _loaded_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


class _State:
    """What the analysis knows before a statement: names a reference block bound (``reference``) and
    names holding something a learner's code returned or built (``learner``)."""

    def __init__(self, reference=(), learner=()):
        self.reference, self.learner = set(reference), set(learner)

    def copy(self):
        return _State(self.reference, self.learner)

    def union(self, other):
        return _State(self.reference | other.reference, self.learner | other.learner)


class Analysis:
    """Follows the cells of one notebook in order and collects every breach of rules 3 and 4."""

    def __init__(self, exercise_names):
        self.exercises = set(exercise_names)
        self.problems = []
        self.cell = None

    def _problem(self, node, message):
        self.problems.append(f"cell {self.cell}, line {node.lineno}: {message}")

    # --- rule 3: outside the blocks -----------------------------------------------------------------

    def _passed_on(self, node, state, shadowed):
        """An argument of a checks/chNN call: a reference name may stand at the root of its chain."""
        while True:
            if isinstance(node, ast.Name):
                return
            if isinstance(node, ast.Attribute):
                node = node.value
            elif isinstance(node, ast.Subscript):
                self._uses(node.slice, state, shadowed)
                node = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    HELPER_MODULE.fullmatch(dotted_name(node.func.value) or "") is None:
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    self._uses(argument, state, shadowed)
                node = node.func.value
            else:
                self._uses(node, state, shadowed)
                return

    def _uses(self, node, state, shadowed=frozenset()):
        """Check an expression evaluated outside the blocks."""
        if node is None:
            return
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id in state.reference and node.id not in shadowed:
                self._problem(node, f"{node.id!r} comes from a reference block, so a grading kernel holds only "
                                    "checks.UNKNOWN there: hand it to a check (or a chNN helper) as an argument, "
                                    "and move any computation with it into the block")
            return
        if isinstance(node, ast.Call) and HELPER_MODULE.fullmatch(
                (dotted_name(node.func) or "").rpartition(".")[0]) is not None:
            for argument in node.args:
                if isinstance(argument, ast.Starred):
                    self._uses(argument, state, shadowed)
                else:
                    self._passed_on(argument, state, shadowed)
            for keyword in node.keywords:
                self._passed_on(keyword.value, state, shadowed)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = set(shadowed).union(*(_target_names(g.target) for g in node.generators))
            for child in ast.iter_child_nodes(node):
                self._uses(child, state, inner)
            return
        if isinstance(node, ast.Lambda):
            inner = set(shadowed) | {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            self._uses(node.body, state, inner)
            return
        for child in ast.iter_child_nodes(node):
            self._uses(child, state, shadowed)

    # --- rule 4: inside the blocks ------------------------------------------------------------------

    def _check_block(self, block, state):
        inside = bound_names(block.body)
        for node in ast.walk(block):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id in self.exercises:
                    self._problem(node, f"a reference block uses {node.id!r}, the learner's own code: the "
                                        "grader runs the block with the reference solution instead")
                elif node.id in state.learner and node.id not in inside:
                    self._problem(node, f"a reference block uses {node.id!r}, which holds what the learner's code "
                                        "returned or built: compute that reference outside the blocks")
            if not isinstance(node, ast.Call):
                continue
            name = dotted_name(node.func) or ""
            module, _, function = name.rpartition(".")
            generator = next((k.value for k in node.keywords if k.arg == "generator"), None)
            own_generator = isinstance(generator, ast.Name) and generator.id in inside or \
                isinstance(generator, ast.Call)
            if module == "torch" and function in _TORCH_DRAWS and not own_generator:
                source = "a generator made outside it" if generator is not None else "the global generator"
                self._problem(node, f"a reference block draws from {source} ({name}): the learner's run skips "
                                    "the block, so every later draw would differ from the grader's")
            elif re.fullmatch(r"(np|numpy)\.random\.\w+|random\.\w+", name) and function != "default_rng":
                self._problem(node, f"a reference block draws from a global generator ({name})")
            elif isinstance(node.func, ast.Attribute) and node.func.attr in _GENERATOR_METHODS and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id not in inside and \
                    node.func.value.id not in ("torch", "np", "numpy", "random"):
                self._problem(node, f"a reference block draws from {node.func.value.id!r}, a generator made "
                                    "outside it: the learner's run skips the block, so later draws would differ")
            elif _RANDOM_INIT.fullmatch(function) and module.split(".")[-1] == "nn":
                self._problem(node, f"a reference block builds {name}, whose initial weights come from PyTorch's "
                                    "global generator: build it outside the block, or copy the test's own model")
            elif module == "torch.nn.init" or module == "nn.init":
                self._problem(node, f"a reference block draws initial weights ({name}) from the global generator")

    # --- statements, in order -------------------------------------------------------------------------

    def _learner_made(self, node, state):
        names = _loaded_names(node)
        return bool(names & self.exercises or names & state.learner)

    def _bind(self, targets, value, state):
        for target in targets:
            for load in _target_loads(target):
                self._uses(load, state)
        names = set().union(*(_target_names(t) for t in targets)) if targets else set()
        state.reference -= names
        if value is not None and self._learner_made(value, state):
            state.learner |= names
        else:
            state.learner -= names

    def run(self, statements, state):
        for statement in statements:
            state = self.statement(statement, state)
        return state

    def _loop(self, body, orelse, state):
        # Twice round: what the end of the body binds is what its start sees the second time.
        entry = state.copy()
        after_once = self.run(body, entry.copy())
        after_twice = self.run(body, entry.union(after_once))
        return self.run(orelse, entry.union(after_once).union(after_twice))

    def statement(self, node, state):
        if _is_reference_block(node):
            self._check_block(node, state)
            state = state.copy()
            names = bound_names(node.body)
            state.reference |= names
            state.learner -= names
            return state
        state = state.copy()
        if isinstance(node, ast.Assign):
            self._uses(node.value, state)
            self._bind(node.targets, node.value, state)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            self._uses(node.value, state)
            if isinstance(node, ast.AugAssign):
                self._uses(ast.Name(id=node.target.id, ctx=ast.Load(), lineno=node.lineno)
                           if isinstance(node.target, ast.Name) else node.target, state)
            self._bind([node.target], node.value, state)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._uses(node.iter, state)
            self._bind([node.target], node.iter, state)
            return self._loop(node.body, node.orelse, state)
        elif isinstance(node, ast.While):
            self._uses(node.test, state)
            return self._loop(node.body, node.orelse, state)
        elif isinstance(node, ast.If):
            self._uses(node.test, state)
            return self.run(node.body, state.copy()).union(self.run(node.orelse, state.copy()))
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            after = self.run(node.body, state.copy())
            for handler in node.handlers:
                self._uses(handler.type, state)
                entry = state.union(after)
                if handler.name:
                    entry.reference.discard(handler.name)
                    entry.learner.discard(handler.name)
                after = after.union(self.run(handler.body, entry))
            after = self.run(node.orelse, after)
            return self.run(node.finalbody, after)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self._uses(item.context_expr, state)
                if item.optional_vars is not None:
                    self._bind([item.optional_vars], item.context_expr, state)
            return self.run(node.body, state)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                self._uses(decorator, state)
            inner = state.copy()
            if not isinstance(node, ast.ClassDef):
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    self._uses(default, state)
                parameters = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
                inner.reference -= parameters
                inner.learner -= parameters
            self.run(node.body, inner)
            state.reference.discard(node.name)
            state.learner.discard(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = bound_names([node])
            state.reference -= names
            state.learner -= names
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                for load in _target_loads(target):
                    self._uses(load, state)
        else:
            for child in ast.iter_child_nodes(node):
                self._uses(child, state)
        return state


def hidden_lines(source):
    """The line numbers (from 1) strictly between the hidden-test delimiters, or None without them."""
    lines = source.splitlines()
    begins = [i for i, line in enumerate(lines, 1) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines, 1) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        return None
    return range(begins[0] + 1, ends[0])


def analyse(nb):
    """Every breach of the convention in one notebook, as ``{rule: [messages]}``."""
    cells = [(i, cell, nbgrader_metadata(cell)) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    exercises = set()
    for _, cell, meta in cells:
        if meta.get("solution"):
            exercises |= {node.name for node in ast.parse(cell.source).body
                          if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    analysis = Analysis(exercises)
    found = {"hidden part without a reference block": [], "reference block outside hidden tests": []}
    state = _State()
    for i, cell, meta in cells:
        analysis.cell = i
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as error:
            found.setdefault("unreadable cell", []).append(f"cell {i}: {error}")
            continue
        state = analysis.run(tree.body, state)
        nested = [node for node in ast.walk(tree) if _is_reference_block(node)]
        hidden = hidden_lines(cell.source) if meta.get("grade") and not meta.get("solution") else None
        for node in nested:
            if hidden is None or node.lineno not in hidden or node.end_lineno not in hidden:
                found["reference block outside hidden tests"].append(
                    f"cell {i} ({meta.get('grade_id', 'no grade_id')}), line {node.lineno}: a reference block "
                    "belongs between the hidden-test delimiters of a graded test cell")
        if meta.get("grade") and not meta.get("solution"):
            if hidden is None:
                found["hidden part without a reference block"].append(
                    f"cell {i} ({meta.get('grade_id')}): a graded test cell needs a hidden part")
            elif not any(node.lineno in hidden for node in nested):
                found["hidden part without a reference block"].append(
                    f"cell {i} ({meta.get('grade_id')}): its hidden part computes no expected value inside "
                    "`with checks.reference():`")
    problems = list(dict.fromkeys(analysis.problems))  # a loop's body is read twice
    found["reference value used outside a check"] = [p for p in problems if "comes from a reference" in p]
    found["reference block uses more than the test's inputs"] = [p for p in problems if "comes from a reference" not in p]
    return found


CHAPTERS = [pytest.param(path, id=paths.chapter_of(path)) for path in SOURCE_NOTEBOOKS]


@pytest.mark.parametrize("path", CHAPTERS)
@pytest.mark.parametrize("rule", ["hidden part without a reference block", "reference block outside hidden tests",
                                  "reference value used outside a check",
                                  "reference block uses more than the test's inputs", "unreadable cell"])
def test_hidden_tests_follow_the_reference_convention(path, rule):
    problems = analyse(paths.read(path)).get(rule, [])
    assert not problems, f"{path.name}, {rule}:\n" + "\n".join(problems)


# --- the analysis on deliberately broken examples ------------------------------------------------------

def _notebook(*cells):
    """A notebook of (kind, source) cells: "answer" is an exercise cell, "test" a graded test cell."""
    nb = nbformat.v4.new_notebook()
    for n, (kind, source) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        if kind == "answer":
            cell.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": f"answer{n}"}
        elif kind == "test":
            cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": f"test{n}", "points": 1}
        nb.cells.append(cell)
    return nb


ANSWER = ("answer", "def double(x):\n    return 2 * x\n")


def _test_cell(hidden):
    return ("test", "from autograd_course import checks\nchecks.passed('double')\n"
                    f"{BEGIN}\n{hidden.strip()}\n{END}\n")


GOOD = """
rng = np.random.default_rng(1)
for n in (1, 4):
    x = rng.normal(size=n)
    with checks.reference():
        def _twice(v):
            return v + v
        expected = _twice(x)
        pieces = [_twice(v) for v in x]
    got = checks.expect_array(double(x), "double", shape=(n,))
    checks.expect_close(got, expected, "double", hints=[checks.Hint(expected[0], "only the first")])
    checks.expect_close(got[0], pieces[0].item(), "the first", rtol=1e-9)
    ch01.check_network_grads(got, expected, f"double on {n} numbers", n, rtol=0.0, atol=0.0)
    expected = got  # rebound outside the block: an ordinary name again
    print(expected * 2)
"""


def test_a_well_formed_hidden_test_passes():
    found = analyse(_notebook(ANSWER, _test_cell(GOOD)))
    assert not any(found.values()), found


@pytest.mark.parametrize("rule, hidden", [
    ("hidden part without a reference block", "x = np.ones(3)\nchecks.expect_close(double(x), 2 * x, 'double')"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\nif e > 1:\n    pass"),
    ("reference value used outside a check", "with checks.reference():\n    e = [2.0]\nfor v in e:\n    pass"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\n"
                                             "checks.expect_close(double(1.0), e * 1.0, 'x')"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\n"
                                             "checks.expect_close(double(1.0), [e], 'x')"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\nassert double(1.0) == e"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\nprint(f'{e}')"),
    ("reference value used outside a check", "with checks.reference():\n    e = 2.0\nmine = double(e)"),
    ("reference value used outside a check", "for i in range(2):\n    if i:\n        print(e + 1)\n"
                                             "    with checks.reference():\n        e = 2.0"),
    ("reference value used outside a check", "with checks.reference():\n    e = [1.0]\n"
                                             "checks.expect_close(double(1.0), [1.0][e[0]], 'x')"),
    ("reference block uses more than the test's inputs", "got = double(1.0)\nwith checks.reference():\n"
                                                         "    e = got * 1.0\nchecks.expect_close(got, e, 'x')"),
    ("reference block uses more than the test's inputs", "with checks.reference():\n    e = double(1.0)\n"
                                                         "checks.expect_close(double(1.0), e, 'x')"),
    ("reference block uses more than the test's inputs", "with checks.reference():\n    e = torch.randn(3)\n"),
    ("reference block uses more than the test's inputs", "g = torch.Generator().manual_seed(0)\n"
                                                         "with checks.reference():\n"
                                                         "    e = torch.randn(3, generator=g)\n"),
    ("reference block uses more than the test's inputs", "rng = np.random.default_rng(0)\n"
                                                         "with checks.reference():\n    e = rng.normal(size=3)\n"),
    ("reference block uses more than the test's inputs", "with checks.reference():\n    e = np.random.rand(3)\n"),
    ("reference block uses more than the test's inputs", "with checks.reference():\n"
                                                         "    twin = torch.nn.Linear(3, 1)\n"),
])
def test_a_broken_hidden_test_is_caught(rule, hidden):
    found = analyse(_notebook(ANSWER, _test_cell(hidden)))
    assert found[rule], f"not caught as {rule!r}:\n{hidden}"


def test_a_reference_block_outside_the_hidden_part_is_caught():
    visible = ("test", "from autograd_course import checks\nwith checks.reference():\n    e = 2.0\n"
                       f"checks.expect_close(double(1.0), e, 'x')\n{BEGIN}\nwith checks.reference():\n    f = 1.0\n"
                       f"checks.expect_close(double(0.5), f, 'y')\n{END}\n")
    elsewhere = ("other", "with checks.reference():\n    g = 3.0\n")
    found = analyse(_notebook(ANSWER, visible, elsewhere))
    assert len(found["reference block outside hidden tests"]) == 2, found


def test_names_from_a_block_stay_the_blocks_in_later_cells():
    later = ("other", "print(expected + 1)\n")
    found = analyse(_notebook(ANSWER, _test_cell("with checks.reference():\n    expected = 2.0\n"
                                                 "checks.expect_close(double(1.0), expected, 'x')"), later))
    assert found["reference value used outside a check"], found


def test_locally_generated_draws_in_a_block_are_fine():
    hidden = ("with checks.reference():\n    g = torch.Generator().manual_seed(3)\n"
              "    noise = torch.randn(3, generator=g)\n    own = np.random.default_rng(4)\n"
              "    e = own.normal(size=3) + noise.numpy()\nchecks.expect_close(double(np.ones(3)), e, 'x')")
    found = analyse(_notebook(ANSWER, _test_cell(hidden)))
    assert not any(found.values()), found


# --- the reference solution, run as a grading kernel sees its tests ------------------------------------

# Runs in a fresh interpreter: ``python -c RUNNER notebook mode``. With mode "reference" every cell runs as
# written; with mode "learner" every reference block is replaced by ``name = checks.UNKNOWN`` for each
# name it binds, as the grading command does, and the checks handed UNKNOWN leave the comparison to the
# grader, as they do in a grading kernel. Either way the runner prints the label of every value check, in
# order, and how many were handed UNKNOWN.
RUNNER = r'''
import ast, json, os, sys, types
import nbformat
os.environ["MPLBACKEND"] = "Agg"
path, mode = sys.argv[1:]
from autograd_course import checks
UNKNOWN = checks.UNKNOWN

def _reference_block(node):
    return isinstance(node, ast.With) and any(
        isinstance(i.context_expr, ast.Call) and ast.unparse(i.context_expr.func) == "checks.reference"
        for i in node.items)

class _Strip(ast.NodeTransformer):
    def visit_With(self, node):
        self.generic_visit(node)
        if not _reference_block(node):
            return node
        names = sorted(BOUND(node.body))
        return [ast.parse(f"{name} = checks.UNKNOWN").body[0] for name in names] or [ast.Pass()]

def _unknown(value, depth=0):
    if value is UNKNOWN:
        return True
    return depth < 3 and type(value) in (list, tuple) and any(_unknown(v, depth + 1) for v in value)

labels, handed_unknown = [], [0]
for name in ("expect_close", "expect_unchanged"):
    real = getattr(checks, name)
    def check(*args, _real=real, _name=name, **kwargs):
        labels.append(f"{_name}: {args[2] if len(args) > 2 else kwargs.get('what', '')}")
        handed_unknown[0] += any(_unknown(a) for a in [*args, *kwargs.values()])
        return _real(*args, **kwargs)
    types.ModuleType.__setattr__(checks, name, check)

nb = nbformat.read(path, as_version=4)
namespace = {"__name__": "__main__"}
for cell in nb.cells:
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    if cell.cell_type != "code" or grade_id.startswith("together_"):
        continue
    tree = ast.parse(cell.source)
    if mode == "learner":
        tree = ast.fix_missing_locations(_Strip().visit(tree))
    try:
        exec(compile(tree, f"<cell {grade_id}>", "exec"), namespace)
    except BaseException as error:
        print(json.dumps({"failed": grade_id, "error": f"{type(error).__name__}: {error}"}))
        sys.exit(1)
print(json.dumps({"labels": labels, "handed_unknown": handed_unknown[0]}))
'''


@functools.cache
def _forker():
    # Each run is a fresh process forked from one that has imported only these (tests/forked_python.py):
    # the runner's patches of the checks die with it. matplotlib is left out: the runner picks its backend.
    return Forker(["numpy", "torch", "nbformat"])


def _run_as(path, mode):
    source = "import ast\n" + inspect.getsource(bound_names).replace("def bound_names", "def BOUND") + RUNNER
    _, output = _forker().run(source, str(path), mode, cwd=paths.REPO, timeout=600)
    lines = [line for line in output.splitlines() if line.startswith("{")]
    assert lines, f"{path.name} ({mode}) printed no result:\n{output[-3000:]}"
    result = json.loads(lines[-1])
    assert "failed" not in result, (f"{path.name}, as a {mode} kernel runs it: cell {result['failed']} raised "
                                    f"{result['error']}")
    return result


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS)
def test_the_solution_runs_as_a_grading_kernel_sees_it(path):
    """With the blocks stripped, the reference solution's test cells run to the end (nothing outside a
    block decides with a reference value, in the notebook or in a chNN helper), and make the same checks
    in the same order as with the blocks: the grader pairs them up."""
    reference, learner = _run_as(path, "reference"), _run_as(path, "learner")
    assert learner["handed_unknown"] > 0, f"{path.name}: no check was handed a value from a reference block"
    assert learner["labels"] == reference["labels"], f"{path.name}: the checks differ once the blocks are stripped"
