"""Grade one submission in private space: the task that worker processes (local or Dask) run.

``grade_submission(task)`` receives everything by value in a ``GradingTask`` (tools/grading_records.py:
the notebooks, a gradebook holding only the assignment, the course's nbgrader settings) and returns the
executed, autograded notebooks and what happened, by value, in a ``GradingResult``. It never touches the course's gradebook: the coordinator (tools/grade.py) records
the result there through nbgrader's own SaveAutoGrades, one submission at a time.

Execution goes through nbgrader's own Autograde converter, with its Execute preprocessor replaced by
``GuardedExecute``, which
- starts the kernel through tools/grading_sandbox.py (own folder, limits, unprivileged user, hidden
  instructor folders);
- keeps the points of test cells that ran before a kernel death or a timeout, and marks every later
  test cell failed with the reason (otherwise an unexecuted test cell, having no error, would count as
  passed);
- caps what a cell may print, so that a flood of output cannot exhaust the grader's memory;
- runs probe cells (look like test cells, must fail) to notice a kernel that no longer reports errors.
"""

import contextlib
import copy
import importlib.util
import json
import logging
import os
import pwd
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute, SaveAutoGrades
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict as DictTrait
from traitlets import List as ListTrait
from tools import grading_status as status
from tools.cells import grade_id, is_test
from tools.grading_records import GradingResult


SANDBOX_SCRIPT = str(Path(__file__).with_name("grading_sandbox.py"))
ZYGOTE_SCRIPT = str(Path(__file__).with_name("grading_zygote.py"))
PROBE_KEY = "grading_probe"
NOT_RUN = "NotRun"
OUTPUT_CAP_BYTES = 1_000_000
DISPLAY_CAP = 20_000
SANDBOX_USER = "autograd-grader"

_state = threading.local()


# ---------------------------------------------------------------------------------------------
# The kernel: started through the sandbox wrapper

class Zygote:
    """The worker's handle on its tools/grading_zygote.py process (one per worker process and setting)."""

    _running = {}
    _starting = threading.Lock()  # a Dask worker grades on several threads

    def __init__(self, preload, env):
        self.lock = threading.Lock()
        self.process = subprocess.Popen([sys.executable, ZYGOTE_SCRIPT, json.dumps(list(preload))],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                        env=env)
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError(f"the kernel factory could not start (exit status {self.process.wait()})")

    @classmethod
    def get(cls, preload, extra_env):
        key = json.dumps([sorted(preload), sorted(extra_env.items())])
        with cls._starting:
            zygote = cls._running.get(key)
            if zygote is None or zygote.process.poll() is not None:
                # Libraries read their thread settings when they are imported: the zygote must have them.
                zygote = cls._running[key] = cls(preload, {**os.environ, **extra_env})
        return zygote

    def ask(self, request):
        with self.lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the kernel factory stopped")
        return json.loads(answer)


class ForkedKernel:
    """A kernel forked by the zygote, with the part of ``subprocess.Popen`` that jupyter_client's
    LocalProvisioner and GuardedExecute use. The zygote is its parent, so it reads the exit status."""

    stdin = stdout = stderr = None

    def __init__(self, zygote, pid):
        self.zygote, self.pid, self.returncode = zygote, pid, None

    def poll(self):
        if self.returncode is None:
            self.returncode = self.zygote.ask({"op": "poll", "pid": self.pid})["status"]
        return self.returncode

    def wait(self, timeout=None):
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


class SandboxKernelManager(AsyncKernelManager):
    sandbox = DictTrait({}, help="Settings handed to tools/grading_sandbox.py").tag(config=True)
    preload = ListTrait([], help="Modules the kernel factory imports once; empty: start each kernel "
                                 "as a new interpreter, as nbgrader does").tag(config=True)

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if not self.sandbox:
            return command
        return [sys.executable, SANDBOX_SCRIPT, json.dumps(self.sandbox), "--", *command]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if not self.preload or not isinstance(self.provisioner, LocalProvisioner):
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        zygote = Zygote.get(self.preload, self.sandbox.get("env", {}))
        env = kw.get("env") or dict(os.environ)
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = zygote.ask({"op": "spawn", "command": list(kernel_cmd), "env": dict(env), "cwd": cwd})["pid"]
        provisioner = self.provisioner
        provisioner.process = ForkedKernel(zygote, pid)
        provisioner.pid = provisioner.pgid = pid
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)


def _error(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def is_probe(cell):
    record = getattr(_state, "record", None) or {}
    return cell.get("id") in record.get("probe_ids", ()) or bool(cell.get("metadata", {}).get(PROBE_KEY))


def _cell_name(cell, index):
    if is_probe(cell):
        return "a final check"
    return grade_id(cell) or f"cell {index + 1}"


SIGNALS = {signal.SIGSEGV: "a segmentation fault", signal.SIGKILL: "killed (memory exhausted, or out of time)",
           signal.SIGXCPU: "its CPU time limit", signal.SIGABRT: "an abort", signal.SIGBUS: "a bus error",
           signal.SIGXFSZ: "its file size limit", signal.SIGTERM: "terminated"}


class GuardedExecute(Execute):
    """nbgrader's Execute, made robust for a class of untrusted submissions (see the module text)."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)

    def _record(self):
        return getattr(_state, "record", None) or {}

    def _kernel_process(self):
        with contextlib.suppress(Exception):
            return self.km.provisioner.process
        return None

    def _death_reason(self):
        record = self._record()
        if record.get("deadline_hit"):
            return f"the submission ran past its total time limit of {record['deadline_s']:.0f} s"
        process = self._kernel_process()
        code = None
        if process is not None:
            with contextlib.suppress(Exception):
                code = process.wait(timeout=5)
        if code is None:
            return "the kernel died"
        if code < 0:
            return f"the kernel died of {SIGNALS.get(-code, f'signal {-code}')}"
        return f"the kernel exited with status {code} (os._exit, sys.exit or a crash)"

    def preprocess(self, nb, resources=None, km=None):
        record = self._record()
        timer = None
        deadline = record.get("deadline_s")
        if deadline:
            def kill():
                process = self._kernel_process()
                record["deadline_hit"] = True
                if process is not None:
                    with contextlib.suppress(Exception):
                        process.kill()
            timer = threading.Timer(deadline, kill)
            timer.daemon = True
            timer.start()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if timer is not None:
                timer.cancel()

    def output(self, outs, msg, display_id, cell_index):
        # A flood of printed text would otherwise be held in the grader's memory before LimitOutput
        # trims it: beyond the cap, stream text is counted and dropped.
        record = self._record()
        if msg["msg_type"] == "display_data":
            # Check reports are small and few (a few hundred a cell); a flood of them is dropped and
            # counted, like printed text, and the cell then cannot pass (its reports are incomplete).
            shown = record.setdefault("displayed", {})
            shown[cell_index] = shown.get(cell_index, 0) + 1
            if shown[cell_index] > DISPLAY_CAP:
                return None
        if msg["msg_type"] == "stream":
            size = len(msg["content"].get("text", ""))
            printed = record.setdefault("printed", {})
            printed[cell_index] = printed.get(cell_index, 0) + size
            if printed[cell_index] > OUTPUT_CAP_BYTES:
                return None
        return super().output(outs, msg, display_id, cell_index)

    def preprocess_cell(self, cell, resources, index):
        record = self._record()
        if "sandbox" not in record and self.km is not None:
            record["sandbox"] = _read_sandbox_report(record.get("workdir"))
        if record.get("stopped"):
            if cell.cell_type == "code" and (is_test(cell) or is_probe(cell)):
                cell.outputs = [_error(NOT_RUN, f"not run: {record['stopped']}")]
            return cell, resources
        started = time.monotonic()
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            reason = self._death_reason()
            record["stopped"] = f"{reason} while running {_cell_name(cell, index)}"
            record["stop_kind"] = "timeout" if record.get("deadline_hit") else "kernel died"
            cell.outputs.append(_error("DeadKernelError", record["stopped"]))
            return cell, resources
        except CellTimeoutError:
            record["stopped"] = f"{_cell_name(cell, index)} ran past the time limit of {self.timeout} s"
            record["stop_kind"] = "timeout"
            cell.outputs.append(_error("CellTimeoutError", record["stopped"]))
            self._kill_kernel()
            return cell, resources
        timed_out = any(o.get("output_type") == "error" and o.get("ename") == self.error_on_timeout.get("ename")
                        for o in cell.get("outputs", []))
        if timed_out:
            record["stopped"] = (f"{_cell_name(cell, index)} ran past the time limit of {self.timeout} s "
                                 f"({time.monotonic() - started:.0f} s)")
            record["stop_kind"] = "timeout"
            # An interrupted loop may keep the kernel busy: later cells would each wait a full timeout.
            self._kill_kernel()
        printed = record.get("printed", {}).get(index, 0)
        if printed > OUTPUT_CAP_BYTES:
            record.setdefault("flags", []).append(
                f"huge output in {_cell_name(cell, index)}: {printed:,} characters printed, "
                f"only the first {OUTPUT_CAP_BYTES:,} kept")
            cell.outputs.append(nbformat.v4.new_output(
                "stream", name="stdout", text=f"\n[... {printed - OUTPUT_CAP_BYTES:,} more characters not kept]\n"))
        return cell, resources

    def _kill_kernel(self):
        process = self._kernel_process()
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()


def _read_sandbox_report(workdir):
    if not workdir:
        return {}
    path = Path(workdir) / ".sandbox.json"
    for _ in range(50):
        if path.exists():
            with contextlib.suppress(Exception):
                return json.loads(path.read_text())
        time.sleep(0.02)
    return {}


# ---------------------------------------------------------------------------------------------
# Probe cells: they read like a test cell and must fail

def probe_cell(prelude):
    """A cell that must raise AssertionError. ``prelude`` (a test cell's own import lines) makes it read
    like any test cell; the numbers are drawn fresh for every probe."""
    draw = random.SystemRandom()
    expected = round(draw.uniform(1, 50), 4)
    observed = round(expected + draw.uniform(0.5, 5.0) * draw.choice([-1, 1]), 4)
    name = draw.choice(["value", "result", "output", "estimate"])
    code = (f"{prelude.rstrip()}\n\n{name} = {observed!r}\n"
            f"if abs({name} - {expected!r}) > 1e-9:\n"
            f"    raise AssertionError(f\"{name} is {{{name}}}, expected {expected!r}\")\n")
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata[PROBE_KEY] = True
    return cell


def with_probes(nb, prelude):
    """The notebook with a probe after every test cell and one at the very end."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if is_test(cell):
            cells.append(probe_cell(prelude))
    cells.append(probe_cell(prelude))
    nb = nbformat.from_dict(nb)
    nb.cells = cells
    record = getattr(_state, "record", None)
    if record is not None:
        record.setdefault("probe_ids", set()).update(c.id for c in cells if c.metadata.get(PROBE_KEY))
    return nb


# ---------------------------------------------------------------------------------------------
# The unprivileged user

# Each running kernel gets a user id of its own from this range, so that no kernel can signal, trace,
# or count against the process limit of another. No passwd entry is needed (and ids that have one are
# skipped); AUTOGRAD_GRADING_UIDS=FIRST-LAST chooses another range.
UID_RANGE = (2_000_000_000, 2_000_004_095)
UID_LOCKS = "/run/autograd-grading"
CGROUP_PREFIX = "autograd-grading-"


def uid_range():
    text = os.environ.get("AUTOGRAD_GRADING_UIDS", "")
    if text:
        first, last = (int(n) for n in text.split("-"))
        return first, last
    return UID_RANGE


def processes_of(uid):
    """Process ids of every process (zombies included) whose real, effective or saved user id is ``uid``."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if uid in {int(n) for n in line.split()[1:4]}:
                            found.append(int(name))
                        break
        except OSError:
            continue
    return found


def _kill_all(uid, cgroups=(), patience=5.0):
    """Kill every process of ``uid`` and of the control groups; True once none is left."""
    end = time.monotonic() + patience
    while True:
        pids = set(processes_of(uid))
        for path in cgroups:
            with contextlib.suppress(OSError):
                pids.update(int(n) for n in Path(path, "cgroup.procs").read_text().split())
        if not pids:
            return True
        if time.monotonic() > end:
            return False
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)


def _cgroup_bases():
    """``{controller: folder}`` for the cgroup v1 pids and memory controllers: this process's own group
    in each, under which a submission's groups are made."""
    own = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for controller in controllers.split(","):
                own[controller] = path
    from tools import grading_sandbox
    bases = {}
    with contextlib.suppress(OSError):
        for point, fstype, root, options in grading_sandbox.mounts():
            if fstype != "cgroup":
                continue
            for controller in ("pids", "memory"):
                if controller in options.split(",") and controller in own and controller not in bases:
                    relative = os.path.relpath(own[controller], root) if own[controller] != root else "."
                    bases[controller] = os.path.normpath(os.path.join(point, relative))
    return bases


class SandboxIdentity(tuple):
    """``(name, uid, gid)`` lent to one submission's kernel, and what the grader set up for it: the
    lock that keeps the id its own, the working folder's file system, its control groups.
    ``release()`` kills whatever still runs as it, undoes the rest and frees the id."""

    def __new__(cls, name, uid, lock):
        self = super().__new__(cls, (name, uid, uid))
        self.lock, self.mounted, self.cgroups, self.skipped = lock, [], {}, []
        return self

    @property
    def uid(self):
        return self[1]

    def mount_workdir(self, workdir, size_bytes):
        """A file system of its own for the working folder, so that filling it fills nothing else; the
        grader, in its own mount namespace, still reads what the kernel wrote there."""
        from tools import grading_sandbox
        if not size_bytes:
            return
        try:
            grading_sandbox.mount_tmpfs(workdir, size_bytes, 0o700, self.uid, self.uid)
            self.mounted.append(str(workdir))
        except OSError as error:
            self.skipped.append(f"working folder of its own size: {error}")

    def make_cgroups(self, limits):
        """The submission's pids and memory control groups (cgroup v1), with its limits; ``{controller:
        folder}`` of those that could be made."""
        wanted = {"pids": ("pids.max", limits.get("processes")),
                  "memory": ("memory.limit_in_bytes", limits.get("memory_bytes"))}
        bases = _cgroup_bases()
        for controller, (setting, value) in wanted.items():
            if value is None:
                continue
            if controller not in bases:
                self.skipped.append(f"{controller} control group: no cgroup v1 {controller} controller")
                continue
            folder = Path(bases[controller]) / f"{CGROUP_PREFIX}{self.uid}"
            try:
                if folder.exists():  # left by a grader that died: its processes go first
                    _kill_all(self.uid, [folder])
                    folder.rmdir()
                folder.mkdir()
                (folder / setting).write_text(str(value))
                self.cgroups[controller] = str(folder)
            except OSError as error:
                with contextlib.suppress(OSError):
                    folder.rmdir()
                self.skipped.append(f"{controller} control group: {error.strerror or error}")
        return dict(self.cgroups)

    def release(self):
        """After the kernel: nothing of it may survive, before the id goes to another kernel. Processes
        normally died with their PID namespace; any left (a grader without namespaces) are killed here."""
        from tools import grading_sandbox
        if self.lock is None:
            return
        clean = _kill_all(self.uid, list(self.cgroups.values()))
        for folder in self.cgroups.values():
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        for path in self.mounted:
            with contextlib.suppress(OSError):
                grading_sandbox.unmount(path)
        self.mounted, self.cgroups = [], {}
        if clean:
            os.close(self.lock)
        # else: a process would not die; the id stays locked until this worker process ends
        self.lock = None


def sandbox_identity(user=SANDBOX_USER, patience=60.0):
    """A user id of its own for one kernel (a ``SandboxIdentity``, named ``user``), locked until it is
    released; None when the grader is not root (student code then runs as the grader's own user)."""
    if os.geteuid() != 0 or not user:
        return None
    import fcntl
    import grp
    first, last = uid_range()
    folder = Path(UID_LOCKS)
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not folder.is_dir():
        folder = Path(tempfile.gettempdir()) / "autograd-grading-uids"
        folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    count = last - first + 1
    end = time.monotonic() + patience
    while True:
        start = random.randrange(count)
        for offset in range(count):
            uid = first + (start + offset) % count
            with contextlib.suppress(KeyError):
                pwd.getpwuid(uid)
                continue  # a real user
            with contextlib.suppress(KeyError):
                grp.getgrgid(uid)
                continue
            fd = os.open(folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            # Free: whatever still runs as it was left by a grader that died.
            if not _kill_all(uid):
                continue  # keeps the lock: this id is not usable while that process lives
            return SandboxIdentity(user, uid, fd)
        if time.monotonic() > end:
            raise RuntimeError(f"no free grading user id in {first}-{last}")
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# One submission

def _split_pipeline(autograde_preprocessors):
    """The course's autograde pipeline, cut at SaveAutoGrades: what runs before it runs here (with
    Execute replaced), what runs from it on runs in the coordinator, against the real gradebook."""
    names = [p if isinstance(p, str) else p.__name__ for p in autograde_preprocessors]
    cut = next((i for i, n in enumerate(names) if n.rsplit(".", 1)[-1] == SaveAutoGrades.__name__), len(names))
    here = [GuardedExecute if n.rsplit(".", 1)[-1] == Execute.__name__ else p
            for n, p in zip(names[:cut], autograde_preprocessors[:cut])]
    return here, list(autograde_preprocessors[cut:])


@contextlib.contextmanager
def quiet_gradebook():
    """nbgrader's gradebook code makes SQLAlchemy warn ("Object of type <SubmittedAssignment> not in
    session...") on every submission it records; the warning is about nbgrader's own session handling,
    changes nothing in the gradebook, and would otherwise break up the progress bar."""
    import warnings
    from sqlalchemy.exc import SAWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def grade_submission(task):
    """Grade one submission; see the module text. Never raises: an unexpected failure is returned as
    the submission's outcome."""
    started = time.monotonic()
    from traitlets.config import Config
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.converters import Autograde, NbGraderException

    student, chapter = task.student, task.chapter
    record = {"deadline_s": task.deadline_s, "flags": []}
    _state.record = record
    log_lines = []

    class Collect(logging.Handler):
        def emit(self, rec):
            log_lines.append(f"[{rec.levelname}] {rec.getMessage()}")

    logger = logging.getLogger(f"autograd-grading.{student}")
    logger.handlers[:] = [Collect()]
    logger.setLevel(logging.INFO)
    logger.propagate = False

    scratch_root = task.scratch_root or tempfile.gettempdir()
    base = Path(scratch_root) / task.run_id
    base.mkdir(mode=0o711, parents=True, exist_ok=True)
    os.chmod(base, 0o711)
    private = Path(tempfile.mkdtemp(prefix="s-", dir=base))
    result = GradingResult(student, status.GRADED, log=log_lines, worker=f"{os.uname().nodename}:{os.getpid()}")
    identity = None
    try:
        identity = sandbox_identity(task.sandbox_user or SANDBOX_USER) if task.sandbox else None
        course = private / "course"
        course.mkdir(mode=0o700)
        workdir = private / f"work-{os.urandom(6).hex()}"
        workdir.mkdir(mode=0o700)
        if identity:
            identity.mount_workdir(workdir, task.limits.get("disk_bytes"))
            os.chmod(private, 0o711)
            os.chown(workdir, identity[1], identity[2])
        record["workdir"] = str(workdir)
        blocker = private / "blocked"
        blocker.touch(mode=0o000)
        os.chmod(blocker, 0o000)
        for relative, data in task.course_files.items():
            target = workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if identity:
                os.chown(target, identity[1], identity[2])
        (course / "gradebook.db").write_bytes(task.gradebook)
        submitted = course / "submitted" / student / chapter
        submitted.mkdir(parents=True)
        for name, text in task.notebooks.items():
            nb = with_probes(nbformat.reads(text, as_version=4), task.probe_prelude)
            nbformat.write(nb, str(submitted / name))

        config = copy.deepcopy(Config(task.config))
        here, _ = _split_pipeline(task.autograde_preprocessors)
        config.Autograde.autograde_preprocessors = here
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        config.CourseDirectory.submitted_directory = "submitted"
        config.CourseDirectory.autograded_directory = "autograded"
        config.CourseDirectory.source_directory = "source"
        config.CourseDirectory.student_id = student
        config.CourseDirectory.assignment_id = chapter
        config.CourseDirectory.notebook_id = "*"
        config.BaseConverter.force = True
        if task.cell_timeout:
            config.Execute.timeout = task.cell_timeout
        config.SandboxKernelManager.sandbox = sandbox_settings(task, identity, workdir, base, blocker, course)
        config.SandboxKernelManager.preload = list(task.preload)
        # By shutdown every output is in, and the kernel's namespace dies with it: no need to give a kernel
        # that is slow to exit jupyter_client's 5 s (2.5 s, then SIGTERM; seen in 1 of 3 new-interpreter
        # kernels in their PID namespace).
        config.SandboxKernelManager.shutdown_wait_time = 0.5
        (course / "source" / chapter).mkdir(parents=True)
        coursedir = CourseDirectory(config=config, log=logger)
        converter = Autograde(coursedir=coursedir, config=config, log=logger)
        try:
            with quiet_gradebook():
                converter.start()
        except NbGraderException:
            result.status = status.GRADING_ERROR
            result.reason = "nbgrader could not grade this submission: " + " | ".join(
                line for line in log_lines if line.startswith("[ERROR]"))[-600:]
            return result

        sandbox = record.get("sandbox") or {}
        result.isolation = describe_isolation(sandbox, identity)
        autograded = course / "autograded" / student / chapter
        probes_silent = 0
        for name in task.notebooks:
            nb = nbformat.read(str(autograded / name), as_version=4)
            kept = []
            for cell in nb.cells:
                if is_probe(cell):
                    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    if not errors:
                        probes_silent += 1
                    continue
                kept.append(cell)
            nb.cells = kept
            if probes_silent:
                why = ("a check that must fail ran without an error: this kernel no longer reports failures, "
                       "so no test result from it can be trusted")
                for cell in nb.cells:
                    if is_test(cell):
                        cell.outputs = [_error("UntrustworthyKernel", why)]
            result.notebooks[name] = nbformat.writes(nb)
        if probes_silent:
            result.status = status.GRADED_UNTRUSTED
            result.reason = ("a check that must fail passed silently: the answers changed how the kernel "
                                "reports errors; every test cell scored 0")
        elif record.get("stopped"):
            result.status = status.partial(record.get('stop_kind', 'stopped'))
            result.reason = f"{record['stopped']}; earlier test cells keep their points, later ones failed"
        result.flags.extend(record.get("flags", []))
        written = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*")
                         if p.is_file() and not p.relative_to(workdir).parts[0].startswith(".")
                         and str(p.relative_to(workdir)) not in task.course_files)
        if written:
            result.flags.append(f"wrote files in its working folder: {', '.join(written[:5])}"
                                   + (" ..." if len(written) > 5 else ""))
        return result
    except Exception as error:  # one submission's failure must never stop the others
        import traceback
        result.status = status.GRADING_ERROR
        result.reason = f"{type(error).__name__}: {error}"
        log_lines.append(traceback.format_exc())
        return result
    finally:
        _state.record = None
        result.seconds = round(time.monotonic() - started, 2)
        if identity:
            identity.release()
        shutil.rmtree(private, ignore_errors=True)


def sandbox_settings(task, identity, workdir, base, blocker, course):
    """What tools/grading_sandbox.py is told for one submission (see its module text)."""
    hidden = list(task.hide)
    limits = dict(task.limits)
    roots = [os.path.realpath(p) for p in hidden if os.path.isdir(p)]
    under_hidden = lambda p: any(p == r or p.startswith(r + os.sep) for r in roots)  # noqa: E731
    # A whitelist: under the course folder and the repository, only the course's package and the Python
    # environment; elsewhere, what the interpreter imports from (the standard library under /root, say).
    expose = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix)}
    expose.add(os.path.realpath(sys.executable))
    package = importlib.util.find_spec("autograd_course")
    if package is not None:
        expose.update(os.path.realpath(p) for p in package.submodule_search_locations or ())
    for entry in sys.path:
        entry = os.path.realpath(entry) if entry else ""
        if entry and os.path.isdir(entry) and not under_hidden(entry):
            expose.add(entry)
    return {
        "workdir": str(workdir), "uid": identity[1] if identity else None,
        "gid": identity[2] if identity else None, "user": identity[0] if identity else None,
        "limits": limits, "hide": hidden + [str(course)], "scratch_base": str(base), "blocker": str(blocker),
        "expose": sorted(expose), "cgroups": identity.make_cgroups(limits) if identity else {},
        "env": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
                # The course's checks report what they see; tools/grading_verdict.py decides from that.
                "AUTOGRAD_COURSE_GRADING": "1"},
    }


def describe_isolation(sandbox, identity):
    """The report's ``isolation`` column: what applied to this submission, and every step skipped."""
    parts = []
    if sandbox.get("user"):
        parts.append(f"user {sandbox['user']}" + (f" (uid {sandbox['uid']})" if sandbox.get("uid") is not None else ""))
    else:
        parts.append("grader's own user")
    if "PID" in sandbox.get("namespaces", []):
        parts.append("own PID namespace" + (" and /proc" if "/proc" in sandbox.get("private", []) else ""))
    parts.append("instructor folders hidden" if sandbox.get("hidden") else "instructor folders visible")
    scratch = [p for p in sandbox.get("private", []) if p != "/proc" and not p.endswith("(read-only)")]
    if scratch:
        parts.append("private " + ", ".join(scratch))
    if sandbox.get("read_only"):
        parts.append("everything else read-only")
    if identity is not None and getattr(identity, "mounted", None):
        parts.append("working folder of its own size")
    limits = sandbox.get("limits", {})
    parts.append("limits: " + (", ".join(sorted(limits)) if limits else "none"))
    if sandbox.get("cgroups"):
        parts.append("control groups: " + ", ".join(sandbox["cgroups"]))
    skipped = list(getattr(identity, "skipped", None) or []) + list(sandbox.get("skipped", []))
    if skipped:
        parts.append("skipped: " + "; ".join(skipped))
    return "; ".join(parts)
