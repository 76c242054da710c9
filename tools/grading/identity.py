"""The unprivileged identity a kernel runs as: a user id of its own, locked for the submission, with its
working folder's file system and its control groups; released, nothing of it survives."""

import contextlib
import os
import pwd
import random
import signal
import tempfile
import time
from pathlib import Path

from tools.grading import sandbox


SANDBOX_USER = "autograd-grader"


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
    
    bases = {}
    with contextlib.suppress(OSError):
        for point, fstype, root, options in sandbox.mounts():
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
        
        if not size_bytes:
            return
        try:
            sandbox.mount_tmpfs(workdir, size_bytes, 0o700, self.uid, self.uid)
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
        
        if self.lock is None:
            return
        clean = _kill_all(self.uid, list(self.cgroups.values()))
        for folder in self.cgroups.values():
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        for path in self.mounted:
            with contextlib.suppress(OSError):
                sandbox.unmount(path)
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
