"""Watching for torch.optim's own update code while a learner's code runs (chapters 4 and 5).

Chapters 4 and 5 ask for the parameter update written by hand. ``forbid_optimizer_code`` observes
how an update was made, not which names it was reached through:

* a profile hook (``sys.setprofile``) sees every Python function that runs in the thread that calls the
  code under test, and (``threading.setprofile``) in every thread started through ``threading`` while it
  runs. It refuses code from the files of ``torch.optim`` (however the function was reached: an
  attribute, a reference captured earlier, a copy made with ``types.FunctionType(f.__code__, ...)``),
  and code that has the same bytecode and the same global and attribute names as a function of those
  files (a copy of their source run through ``exec``, a code object given another file name);
* torch's fused optimizer kernels and the multi-tensor ``_foreach_*`` kernels that torch.optim's
  optimizers are built on are refused too: the profile hook sees them called from Python
  (``torch._fused_sgd_(...)``, ``torch.ops.aten._fused_adam_(...)``), and a ``TorchDispatchMode``, where
  asked for, sees every ATen operation however it was reached;
* what would take work out of the hook's sight is refused as well: switching the hook off or replacing
  it (``sys.setprofile``, ``threading.setprofile``; the hook is also checked on every PyTorch operation
  of the calling thread and at the end), and starting a thread other than through ``threading``
  (``_thread.start_new_thread``) or a process (``os.fork``, ``subprocess``, ``multiprocessing``).

Threads that were already running when the code under test was called are not watched (Python 3.11 has
no way to reach them). Like every check in the course, this stops mistakes and casual gaming; code that
takes over the kernel is the grading command's to catch (README, "For instructors").
"""

import _thread
import contextlib
import os
import re
import sys
import threading

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

# Captured when the assignment's imports cell runs, before any answer does.
_getprofile, _setprofile = sys.getprofile, sys.setprofile
_threading_setprofile = threading.setprofile
_get_ident = _thread.get_ident
_threading_getprofile = getattr(threading, "getprofile", lambda: threading._profile_hook)
_THREADING_FILE = threading.__file__
_THREADING_SETPROFILE_CODES = {f.__code__ for f in (threading.setprofile, getattr(threading, "setprofile_all_threads",
                                                                                    None)) if f is not None}


def _builtins(names):
    """{id: (builtin, label)} for the builtins among ``names`` ("module.attribute") that this Python has."""
    found = {}
    for name in names:
        module_name, attr = name.rsplit(".", 1)
        module = sys.modules.get(module_name)
        if module is None:
            try:
                module = __import__(module_name)
            except ImportError:
                continue
        fn = getattr(module, attr, None)
        if fn is not None:
            found[id(fn)] = (fn, name)
    return found


# Builtins that take work out of the profile hook's sight: switching it off, starting a thread without
# threading (whose threads get the hook), starting a process.
_HOOK_SWITCHES = _builtins(["sys.setprofile", "sys._setprofileallthreads"])
_THREAD_STARTS = _builtins(["_thread.start_new_thread", "_thread.start_new", "_thread.start_joinable_thread"])
_PROCESS_STARTS = _builtins(["os.fork", "os.forkpty", "os.posix_spawn", "os.posix_spawnp",
                             "_posixsubprocess.fork_exec", "_winapi.CreateProcess"])
_OPTIM_DIR = os.path.dirname(os.path.abspath(torch.optim.__file__)) + os.sep
_OPS_FILE = torch._ops.__file__  # where torch.ops.aten.<name>(...) runs in Python
# Optimizer kernels among ATen's operations: torch.optim's fused updates and the multi-tensor kernels.
_KERNEL = re.compile(r"_fused_(sgd|adam|adamw|adagrad)_?|_foreach_\w+")


class OptimizerCodeUsed(AssertionError):
    """An answer ran torch.optim's update code (or a copy of it) where the update was to be its own."""


def _code_objects(code):
    """``code`` and every code object nested in it (functions, methods, lambdas, comprehensions)."""
    found, stack = [], [code]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(c for c in item.co_consts if isinstance(c, type(code)))
    return found


def _fingerprint(code):
    # The bytecode alone is shared by unrelated one-line functions; with the names it loads (globals,
    # attributes) it identifies a function, and survives a copy, an exec of its source, a new file name.
    return code.co_code, code.co_names


_FINGERPRINTS = {}  # allowed file names -> {fingerprint: "torch.optim.module.qualified_name"}
# Shorter bytecode than this is a one-liner (a getter, a context manager's __enter__) that code of
# one's own may share by chance; every update function of torch.optim is far longer.
_MIN_BYTECODE = 48


def _functions_of(namespace):
    """The Python functions defined in a module's or a class's namespace, decorators unwrapped."""
    for value in list(vars(namespace).values()):
        candidates = [value]
        if isinstance(value, (staticmethod, classmethod)):
            candidates = [value.__func__]
        elif isinstance(value, property):
            candidates = [value.fget, value.fset, value.fdel]
        for fn in candidates:
            seen = 0
            while fn is not None and seen < 5:  # functools.wraps leaves the function under __wrapped__
                if hasattr(fn, "__code__"):
                    yield fn
                fn, seen = getattr(fn, "__wrapped__", None), seen + 1


def _optim_fingerprints(allowed):
    """The fingerprints of every function of torch.optim's loaded modules, other than those defined in
    the files ``allowed``."""
    if allowed not in _FINGERPRINTS:
        table = {}
        for name, module in sorted(sys.modules.items()):
            if module is None or not (name == "torch.optim" or name.startswith("torch.optim.")):
                continue
            namespaces = [module] + [v for v in vars(module).values()
                                     if isinstance(v, type) and getattr(v, "__module__", None) == name]
            for namespace in namespaces:
                for fn in _functions_of(namespace):
                    top = fn.__code__
                    if _optim_file(top.co_filename, allowed) is None:
                        continue
                    for code in _code_objects(top):
                        if len(code.co_code) >= _MIN_BYTECODE:
                            module_name = getattr(fn, "__module__", None) or name
                            table.setdefault(_fingerprint(code),
                                             f"{module_name}.{getattr(code, 'co_qualname', code.co_name)}")
        _FINGERPRINTS[allowed] = table
    return _FINGERPRINTS[allowed]


def prepare(allowed_files=()):
    """Read torch.optim's functions now: call it at import, while torch.optim is as torch made it (an
    answer, or a check's own tripwires, may later replace names in its modules)."""
    _optim_fingerprints(frozenset(allowed_files))


def _optim_file(filename, allowed):
    """``"torch.optim.adam"`` for a file of torch.optim other than ``allowed``, else None."""
    if not filename.startswith(_OPTIM_DIR):
        return None
    relative = filename[len(_OPTIM_DIR):]
    if relative in allowed:
        return None
    return "torch.optim." + relative[:-3].replace(os.sep, ".") if relative.endswith(".py") else "torch.optim"


def _kernel_label(name):
    kind = "a multi-tensor kernel" if name.startswith("_foreach_") else "a fused optimizer kernel"
    return f"torch's {name} ({kind}, the machinery of torch.optim's optimizers)"


_EVASION = ("{what} {label}, while the tests were watching it for torch.optim's code: they watch with a profile "
            "hook in the thread that runs your code and in the threads it starts through threading, and work taken "
            "out of their sight is refused. Write the update yourself, in the calling thread, and leave sys.setprofile "
            "alone.")


class _KernelWatch(TorchDispatchMode):
    """Remember the first optimizer kernel among the ATen operations that run, and check on each one that
    the profile hook is still in place."""

    def __init__(self, used, hook_gone):
        super().__init__()
        self.used, self.hook_gone = used, hook_gone

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if not self.used:
            name = func._schema.name.split("::")[-1]
            if _KERNEL.fullmatch(name):
                self.used.append(("optim", _kernel_label(name)))
            else:
                self.hook_gone()
        return func(*args, **(kwargs or {}))


class _HookCheck(TorchFunctionMode):
    """On every PyTorch operation called from Python, check that the profile hook is still in place (the
    light alternative to ``_KernelWatch``)."""

    def __init__(self, used, hook_gone):
        super().__init__()
        self.used, self.hook_gone = used, hook_gone

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if not self.used:
            self.hook_gone()
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def forbid_optimizer_code(message, allowed_files=(), kernels=True, what="The code under test"):
    """While active, watch for torch.optim's code and optimizer kernels; on exit, raise
    ``OptimizerCodeUsed(message.format(label=...))`` if any ran, or an ``OptimizerCodeUsed`` that starts
    with ``what`` if the code under test took work out of the watch's sight (switched the profile hook
    off or replaced it, started a thread other than through ``threading``, or a process).

    ``allowed_files``: files of torch.optim (relative names, ``"optimizer.py"``) whose code may run, such
    as the ``Optimizer`` base class an answer subclasses. ``kernels=False`` replaces the dispatch mode,
    which costs about 15 microseconds per operation (and, on first use, the import of torch._dynamo), by a
    lighter function mode that only checks the hook; the profile hook still sees the kernels called from
    Python, as ``torch._fused_sgd_(...)`` or ``torch.ops.aten._fused_sgd_(...)``.
    """
    allowed = frozenset(allowed_files)
    fingerprints = _optim_fingerprints(allowed)
    verdicts = {}  # id(code) -> (code, label or None): each code object is judged once
    used = []  # ("optim", label) for torch.optim's code, ("evasion", label) for work hidden from the watch
    active = [True]

    def judge(code):
        entry = verdicts.get(id(code))
        if entry is None or entry[0] is not code:
            label = None
            module = _optim_file(code.co_filename, allowed)
            if module is not None and code.co_name != "<module>":  # importing a module is not using it
                label = f"{module}.{getattr(code, 'co_qualname', code.co_name)}"
            elif module is None and not code.co_filename.startswith(_OPTIM_DIR):
                copied = fingerprints.get(_fingerprint(code))
                if copied is not None:
                    label = f"a copy of {copied}"
            entry = verdicts[id(code)] = (code, label)
        return entry[1]

    def watch(frame, event, arg):
        if not active[0]:
            if frame is not None and threading.current_thread() is not caller:
                _setprofile(None)  # a thread started while watching: the watch is over
            return
        if used:
            return
        if event == "call":
            code = frame.f_code
            if code.co_filename == _OPS_FILE and code.co_name == "__call__":
                # torch.ops.aten.<name>(...) or torch.ops.aten.<name>.default(...): which operation?
                op = frame.f_locals.get("self")
                name = str(getattr(op, "_qualified_op_name", None) or getattr(getattr(op, "_schema", None), "name", ""))
                if _KERNEL.fullmatch(name.split("::")[-1]):
                    used.append(("optim", _kernel_label(name.split("::")[-1])))
                return
            if code in _THREADING_SETPROFILE_CODES:
                used.append(("evasion", f"replaced the profile hook of new threads ({code.co_name})"))
                return
            label = judge(code)
            if label is not None:
                used.append(("optim", label))
        elif event == "c_call":
            entry = _HOOK_SWITCHES.get(id(arg))
            if entry is not None and entry[0] is arg:
                used.append(("evasion", f"switched the profile hook off or replaced it ({entry[1]})"))
                return
            entry = _THREAD_STARTS.get(id(arg))
            if entry is not None and entry[0] is arg and frame.f_code.co_filename != _THREADING_FILE:
                used.append(("evasion", f"started a thread without threading ({entry[1]}), which the hook does not "
                                        "follow"))
                return
            entry = _PROCESS_STARTS.get(id(arg))
            if entry is not None and entry[0] is arg:
                used.append(("evasion", f"started a process ({entry[1]}), which the hook does not follow"))
                return
            if _KERNEL.fullmatch(getattr(arg, "__name__", "") or ""):
                used.append(("optim", _kernel_label(arg.__name__)))

    def hook_gone():
        # Only in the calling thread (an operation may run in one of autograd's threads, which has no hook).
        if not used and _get_ident() == caller_ident and _getprofile() is not watch:
            used.append(("evasion", "switched the profile hook off or replaced it"))

    def verdict():
        kind, label = used[0]
        if kind == "optim":
            return OptimizerCodeUsed(message.format(label=label))
        return OptimizerCodeUsed(_EVASION.format(what=what, label=label))

    caller, caller_ident = threading.current_thread(), _get_ident()
    previous, previous_threads = _getprofile(), _threading_getprofile()
    _threading_setprofile(watch)
    _setprofile(watch)
    mode = _KernelWatch(used, hook_gone) if kernels else _HookCheck(used, hook_gone)
    try:
        with mode:
            yield
        hook_gone()
    except Exception as err:
        hook_gone()
        if used:  # the forbidden code is the thing to report, not what went wrong after it
            raise verdict() from err
        raise
    finally:
        active[0] = False
        _threading_setprofile(previous_threads)
        try:
            _setprofile(previous)
        except TypeError:  # a C-level profiler (cProfile) cannot be handed back through sys.setprofile
            _setprofile(None)
    if used:
        raise verdict()
