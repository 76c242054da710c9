"""Start a grading kernel with the least privilege the machine allows, then become the kernel.

The grader runs this file as the kernel's command, in front of the real one:

    python sandbox.py '<json settings>' -- python -m ipykernel_launcher -f CONNECTION_FILE

It only uses the standard library, so that it runs from any working directory with nothing imported
from the course. In order, it:

1. copies the connection file into the submission's working folder, readable by the kernel's user
   only (the kernel may no longer be able to read the grader's own runtime folder once it has dropped
   its privileges), and, as root, turns the kernel's IPython history off;
2. as root: enters private mount and IPC namespaces and builds the kernel's view of the file system
   there (``private_view``): every file system read-only; the course folder and the repository
   replaced by empty folders, except the few folders the kernel needs to run (a whitelist: the course's
   package and the Python environment); the instructor's other folders and every other submission's
   scratch folder covered; private, size-limited /tmp, /var/tmp and /dev/shm; the working folder (a
   size-limited file system the grader mounted) the only other place it may write;
3. as root: enters a private PID namespace. This process stays outside as the kernel's supervisor
   (the grader's handle on the kernel: it forwards SIGINT and SIGTERM, and exits with the kernel's
   status); its child is the namespace's PID 1, a small init that mounts a /proc showing only this
   submission's processes, reaps orphans, forwards the signals to the kernel, and when the kernel
   ends kills whatever the submission left running; its own child becomes the kernel. Whatever the
   submission starts (a daemon, a double fork, a new session) lives in that namespace and dies with it;
4. joins the submission's control groups (process count, memory) that the grader created;
5. sets resource limits (CPU seconds, address space, processes, file size, no core dumps);
6. as root: drops to the submission's own user id, which no other kernel uses while it runs;
7. replaces itself with the kernel (``exec``).

What each step achieved is written to ``<workdir>/.sandbox.json`` for the grader's report; a step the
machine does not allow is skipped and recorded, never fatal. The grader's half (the user id, the
working folder's file system, the control groups, the clean-up) is in tools/grading/identity.py.
"""

import ctypes
import json
import os
import resource
import signal
import sys

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID = 0x00020000, 0x08000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE, MS_RELATIME = 1024, 2048, 4096, 16384, 1 << 18, 1 << 21
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
# statvfs flags of a mount, and the mount flags that keep them when it is remounted read-only
KEPT_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC,
              os.ST_NOATIME: MS_NOATIME, os.ST_NODIRATIME: MS_NODIRATIME, os.ST_RELATIME: MS_RELATIME}
# Kernel interfaces that only root can write to (or that are private to the namespace anyway): left as
# they are. A control group's files in particular must stay writable for step 4.
PSEUDO_FILE_SYSTEMS = {"proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs",
                       "securityfs", "pstore", "bpf", "configfs", "fusectl", "binfmt_misc", "autofs",
                       "hugetlbfs", "efivarfs", "rpc_pipefs", "nsfs", "selinuxfs"}
PRIVATE_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")
SCRATCH_INODES = 65536

LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "memory_bytes": resource.RLIMIT_AS,
    "processes": resource.RLIMIT_NPROC,
    "file_bytes": resource.RLIMIT_FSIZE,
}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno), what)


def _mount(libc, source, target, fstype, flags, data):
    encode = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    _check(libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)), target)


def _unshare(libc, flags, what):
    _check(libc.unshare(flags), what)


def mount_tmpfs(target, size_bytes, mode, uid=None, gid=None, inodes=SCRATCH_INODES, flags=MS_NOSUID | MS_NODEV):
    """A new tmpfs of at most ``size_bytes`` on ``target`` (root only)."""
    options = [f"size={int(size_bytes)}", f"mode={mode:o}", f"nr_inodes={int(inodes)}"]
    if uid is not None:
        options += [f"uid={uid}", f"gid={gid}"]
    _mount(_libc(), "tmpfs", str(target), "tmpfs", flags, ",".join(options))


def unmount(target):
    """Detach the file system mounted on ``target`` (root only)."""
    _check(_libc().umount2(str(target).encode(), MNT_DETACH), str(target))


def _unescape(field):
    # /proc/self/mountinfo writes a space as \040, a tab as \011, a newline as \012, a backslash as \134
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts():
    """``[(mount point, file system type, mount root, super options)]`` of this mount namespace, in order."""
    result = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            rest = fields[fields.index("-") + 1:]
            result.append((_unescape(fields[4]), rest[0], _unescape(fields[3]), rest[2] if len(rest) > 2 else ""))
    return result


def _closed_ancestor(path):
    """The highest folder above ``path`` that other users cannot enter (e.g. /root, 0700), or None."""
    closed = None
    current = os.path.dirname(path)
    while current not in ("/", ""):
        try:
            if not os.stat(current).st_mode & 0o001:
                closed = current
        except OSError:
            return closed
        current = os.path.dirname(current)
    return closed


def reachable_by_others(path):
    return _closed_ancestor(os.path.join(path, "x")) is None


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _remount(libc, path, flags):
    """Change the per-mount flags of the mount at ``path``, keeping nosuid, nodev, noexec and atime."""
    kept = 0
    for st_flag, ms_flag in KEPT_FLAGS.items():
        if os.statvfs(path).f_flag & st_flag:
            kept |= ms_flag
    _mount(libc, None, path, None, MS_REMOUNT | MS_BIND | kept | flags, None)


def private_view(workdir, hidden, scratch_base=None, expose=(), blocker=None, scratch_bytes=None):
    """Step 2 of the module text, in a new mount namespace (root only); return what was done.

    ``hidden``: folders (covered by an empty file system) and files (covered by ``blocker``, an empty
    file nobody may open) the kernel must not see. ``expose``: what the kernel needs to run; a path of
    it that lies under a hidden folder, or under a folder other users cannot enter (an interpreter under
    /root), is bound back in at its own path, read-only, in folders that hold nothing else.
    ``workdir`` stays writable at its own path, even when it lies in ``scratch_base`` or /tmp, which are
    covered too. Nothing changes outside this process's new namespace."""
    libc = _libc()
    _unshare(libc, CLONE_NEWNS, "a private mount namespace")
    # Changes below stay in this namespace: the grader and the other kernels see the real folders.
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE, None)
    done = {"hidden": [], "private": [], "read_only": 0, "skipped": []}

    # Everything read-only first: the kernel can then write only where a file system is mounted below
    # (a world-writable folder of the disk, such as /run/lock, could otherwise be filled).
    failed = []
    for point, fstype, _, _ in mounts():
        if fstype in PSEUDO_FILE_SYSTEMS or not os.path.isdir(point):
            continue
        try:
            _remount(libc, point, MS_RDONLY)
            done["read_only"] += 1
        except OSError as error:
            failed.append(f"{point} ({error.strerror})")
    if failed:
        done["skipped"].append("read-only: " + ", ".join(failed))

    workdir = os.path.realpath(workdir)
    hidden = [os.path.realpath(p) for p in hidden if os.path.lexists(p)]
    # What will be covered: the hidden paths, the highest closed folder above each exposed path, the
    # run's scratch folder and the shared scratch places (which get a private file system each).
    covers = {}
    for path in hidden:
        covers[path] = "file" if not os.path.isdir(path) else "hidden"
    exposed = sorted({os.path.realpath(p) for p in expose if os.path.exists(p)})
    for path in exposed:
        closed = _closed_ancestor(os.path.join(path, "x"))
        if closed:
            covers.setdefault(os.path.realpath(closed), "closed")
    if scratch_base and os.path.isdir(scratch_base):
        covers.setdefault(os.path.realpath(scratch_base), "hidden")
    for path in PRIVATE_SCRATCH:
        if os.path.isdir(path):
            covers[os.path.realpath(path)] = "scratch"

    # What is bound back in: the working folder, and each exposed path that a cover would take away
    # (never one that holds a covered path: that would bring the covered path back).
    keep = {}
    for path in exposed:
        if any(_inside(c, path) for c in covers):
            continue
        if any(_inside(path, c) and c != path for c in covers) and not any(
                _inside(path, k) for k in keep):
            keep = {k: v for k, v in keep.items() if not _inside(k, path)}
            keep[path] = False
    keep[workdir] = True
    # Opened before anything is covered; closed before the kernel runs (a descriptor of a folder outside
    # the view would be a way out of it).
    handles = {path: os.open(path, os.O_PATH | os.O_CLOEXEC) for path in keep}
    blocked = os.open(blocker, os.O_PATH | os.O_CLOEXEC) if blocker else None
    try:
        applied = []
        for path in sorted(covers, key=lambda p: p.count("/")):
            kind = covers[path]
            if any(_inside(path, a) for a in applied):
                # Gone with a cover above it (a course or repository under /tmp, say, which the private
                # /tmp covers): hidden all the same.
                if kind in ("hidden", "file"):
                    done["hidden"].append(path)
                continue
            if not os.path.lexists(path):
                continue
            holds_kept = any(_inside(k, path) and k != path for k in keep)
            if kind == "file":
                _mount(libc, f"/proc/self/fd/{blocked}" if blocked is not None else "/dev/null", path, None,
                       MS_BIND, None)
                done["hidden"].append(path)
                continue
            if kind == "scratch":
                size = scratch_bytes or 64 * 2**20
                mount_tmpfs(path, size, 0o1777)
                done["private"].append(path)
            else:
                # Listable where something is bound back in it: Python finds a package only in a folder
                # it can list. It then holds nothing but what is bound back.
                mount_tmpfs(path, 64 * 2**10, 0o755 if holds_kept else 0o000, inodes=1024,
                            flags=MS_NOSUID | MS_NODEV | (0 if holds_kept else MS_NOEXEC))
                if kind == "hidden":
                    done["hidden"].append(path)
            applied.append(path)
        for path in sorted(keep, key=lambda p: p.count("/")):
            writable = keep[path]
            if not writable and not any(_inside(path, a) and a != path for a in applied):
                continue  # nothing covers it: still there
            # The working folder is bound even where nothing covers it: on its own mount it can be
            # writable while everything around it is read-only.
            _makedirs(path, is_dir=os.path.isdir(f"/proc/self/fd/{handles[path]}"))
            _mount(libc, f"/proc/self/fd/{handles[path]}", path, None, MS_BIND, None)
            _remount(libc, path, MS_NOSUID | MS_NODEV | (0 if writable else MS_RDONLY))
            if not writable:
                done["private"].append(f"{path} (read-only)")
    finally:
        for fd in [*handles.values(), blocked]:
            if fd is not None:
                os.close(fd)
    return done


def _makedirs(path, is_dir):
    """Create ``path`` (a mount point) and its missing parents, root's, that others may list and cross."""
    parent = os.path.dirname(path)
    if not os.path.isdir(parent):
        _makedirs(parent, True)
    if is_dir:
        if not os.path.isdir(path):
            os.mkdir(path, 0o755)
    elif not os.path.exists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o000))


def _report(workdir, report):
    try:
        with open(os.path.join(workdir, ".sandbox.json"), "w") as f:
            json.dump(report, f)
    except OSError:
        pass


def _exit_like(status):
    """End this process as the kernel ended: its exit code, or killed by the same signal."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        if number not in (signal.SIGKILL, signal.SIGSTOP):  # these two cannot be handled anyway
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
KILLED = signal.SIGKILL.value  # the wait status of a process killed by SIGKILL


def _forward(child):
    """Pass interrupts on to ``child``. They are blocked from before the fork that made it until this
    is in place, so that none is lost or handled as the process's own."""
    def handler(signum, frame):
        try:
            os.kill(child, signum)
        except OSError:
            pass
    for signum in FORWARDED:
        signal.signal(signum, handler)


def _supervise(init, status_r):
    """Outside the namespace: forward interrupts to the init, wait for it, end as the kernel ended.
    When this process is killed, the init gets SIGKILL (its parent-death signal) and takes the whole
    namespace with it."""
    _forward(init)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)
    try:
        os.waitpid(init, 0)
    except ChildProcessError:
        pass
    data = b""
    while True:
        chunk = os.read(status_r, 64)
        if not chunk:
            break
        data += chunk
    # No status: the init itself was killed, which kills every process of the namespace.
    _exit_like(int(data) if data.strip() else KILLED)


def _run_init(libc, lifeline_r, status_w, report):
    """PID 1 of the namespace. Returns in its child, the kernel; never returns itself."""
    _check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "parent-death signal")
    os.set_blocking(lifeline_r, False)
    try:
        if os.read(lifeline_r, 1) == b"":
            os._exit(1)  # the supervisor died before the parent-death signal was armed
    except BlockingIOError:
        pass
    os.close(lifeline_r)
    os.setsid()  # interrupts sent to the supervisor's process group reach the kernel once, forwarded
    try:
        # A /proc of this namespace: no other kernel's command line, files or connection keys in it.
        _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        report["private"].append("/proc")
    except OSError as error:
        report["skipped"].append(f"private /proc: {error}")
    kernel = os.fork()
    if kernel == 0:
        os.close(status_w)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)
        return
    _forward(kernel)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)
    status = KILLED
    while True:
        try:
            pid, raw = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        if pid == kernel:
            status = raw
            break
    # The kernel has ended: nothing the submission started may go on running.
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    os.write(status_w, str(status).encode())
    os._exit(0)


def enter(settings, command):
    """Steps 1 to 6 for ``command`` (the kernel's own command line); returns, in the process that is to
    become the kernel, the command (with its private connection file) and the environment it must run
    with. As root with a PID namespace, the calling process becomes the supervisor and never returns."""
    command = list(command)
    workdir = settings["workdir"]
    uid, gid = settings.get("uid"), settings.get("gid")
    root = os.geteuid() == 0
    report = {"user": None, "uid": None, "hidden": [], "private": [], "read_only": 0, "namespaces": [],
              "cgroups": [], "limits": {}, "skipped": []}

    # The kernel reads its connection file after dropping privileges: give it its own copy.
    if "-f" in command:
        index = command.index("-f") + 1
        with open(command[index]) as f:
            connection = f.read()
        private = os.path.join(workdir, ".kernel-connection.json")
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(connection)
        if uid is not None:
            os.chown(private, uid, gid)
        command[index] = private
    isolate = root and bool(settings.get("hide"))
    if isolate and any("ipykernel" in part for part in command):
        # IPython would otherwise keep every cell run, hidden tests included, in a history database.
        command.append("--HistoryManager.enabled=False")

    libc = _libc()
    if isolate:
        try:
            view = private_view(workdir, settings["hide"], settings.get("scratch_base"), settings.get("expose", []),
                                settings.get("blocker"), settings.get("limits", {}).get("disk_bytes"))
            report["namespaces"].append("mount")
            for key in ("hidden", "private", "read_only"):
                report[key] = view[key]
            report["skipped"].extend(view["skipped"])
        except OSError as error:
            report["skipped"].append(f"hiding the instructor's folders: {error}")
    elif settings.get("hide"):
        report["skipped"].append("hiding the instructor's folders: needs root")

    in_pid_namespace = False
    if isolate:
        try:
            _unshare(libc, CLONE_NEWIPC, "a private IPC namespace")
            report["namespaces"].append("IPC")
        except OSError as error:
            report["skipped"].append(f"IPC namespace: {error}")
        try:
            parent = os.getppid()
            _check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "parent-death signal")
            if os.getppid() != parent:
                os._exit(1)  # the grader went away while this kernel was starting
            _unshare(libc, CLONE_NEWPID, "a private PID namespace")
            in_pid_namespace = True
            report["namespaces"].append("PID")
        except OSError as error:
            report["skipped"].append(f"PID namespace: {error}")
    if in_pid_namespace:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        lifeline_r, lifeline_w = os.pipe()
        status_r, status_w = os.pipe()
        signal.pthread_sigmask(signal.SIG_BLOCK, FORWARDED)
        init = os.fork()
        if init == 0:
            os.close(lifeline_w)
            os.close(status_r)
            _run_init(libc, lifeline_r, status_w, report)
        else:
            os.close(lifeline_r)
            os.close(status_w)
            _supervise(init, status_r)

    # From here on: the kernel.
    if in_pid_namespace:
        os.setsid()
    for controller, path in sorted(settings.get("cgroups", {}).items()):
        try:
            # "0": this process; its children follow it.
            with open(os.path.join(path, "cgroup.procs"), "w") as f:
                f.write("0")
            report["cgroups"].append(controller)
        except OSError as error:
            report["skipped"].append(f"{controller} control group: {error}")

    for name, value in settings.get("limits", {}).items():
        if value is None or name not in LIMITS:
            continue
        if name == "processes" and uid is None:
            # Without a user of its own, the process count would include the instructor's processes.
            report["skipped"].append("process limit: no separate user")
            continue
        try:
            resource.setrlimit(LIMITS[name], (value, value))
            report["limits"][name] = value
        except (ValueError, OSError) as error:
            report["skipped"].append(f"{name} limit: {error}")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    os.chdir(workdir)
    env = dict(os.environ)
    env.update(settings.get("env", {}))
    env.update(HOME=workdir, TMPDIR=workdir, IPYTHONDIR=os.path.join(workdir, ".ipython"),
               MPLCONFIGDIR=os.path.join(workdir, ".matplotlib"),
               JUPYTER_RUNTIME_DIR=os.path.join(workdir, ".runtime"))
    if in_pid_namespace:
        # The kernel's parent is the init, PID 1 of its namespace, which outlives it. Said so, ipykernel
        # neither watches for a new parent (which it would take PID 1 for) nor prints its console banner.
        env["JPY_PARENT_PID"] = "1"
    interpreter = os.path.realpath(command[0] if os.path.isabs(command[0]) else sys.executable)
    if uid is not None and root and not reachable_by_others(os.path.dirname(interpreter)):
        report["skipped"].append(f"unprivileged user: it could not reach the interpreter {interpreter}")
        uid = None
    if uid is not None and root:
        if isolate:
            try:
                # No set-user-id program (sudo, su, mount) can give the kernel back what it gives up here.
                _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no new privileges")
            except OSError as error:
                report["skipped"].append(f"no new privileges: {error}")
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            report["user"], report["uid"] = settings.get("user"), uid
            env.update(USER=settings.get("user") or str(uid), LOGNAME=settings.get("user") or str(uid))
        except OSError as error:
            report["skipped"].append(f"unprivileged user: {error}")
    else:
        report["skipped"].append("unprivileged user: " + ("none given" if root else "the grader is not root"))

    _report(workdir, report)
    return command, env


def main(argv):
    settings = json.loads(argv[1])
    command, env = enter(settings, argv[argv.index("--") + 1:])
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
