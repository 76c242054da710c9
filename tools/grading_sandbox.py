"""Start a grading kernel with the least privilege the machine allows, then become the kernel.

The grader runs this file as the kernel's command, in front of the real one:

    python grading_sandbox.py '<json settings>' -- python -m ipykernel_launcher -f CONNECTION_FILE

It only uses the standard library, so that it runs from any working directory with nothing imported
from the course. In order, it:

1. copies the connection file into the submission's working folder (the kernel may no longer be
   able to read the grader's own runtime folder once it has dropped its privileges);
2. as root: enters a private mount namespace and covers the instructor's folders (source/, the
   gradebook, submitted/, autograded/, feedback/ ...) and every other submission's scratch folder with
   empty read-only file systems, so that they are invisible to this kernel only;
3. sets resource limits (CPU seconds, address space, processes, file size, no core dumps);
4. as root: drops to the unprivileged grading user;
5. replaces itself with the kernel (``exec``), so the kernel's process id is this one.

What each step achieved is written to ``<workdir>/.sandbox.json`` for the grader's report; a step the
machine does not allow is skipped and recorded, never fatal.
"""

import ctypes
import json
import os
import resource
import sys

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18

LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "memory_bytes": resource.RLIMIT_AS,
    "processes": resource.RLIMIT_NPROC,
    "file_bytes": resource.RLIMIT_FSIZE,
}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount(libc, source, target, fstype, flags, data):
    encode = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    if libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno), target)


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


def hide_paths(workdir, hidden, scratch_base, expose=(), blocker=None):
    """Cover ``hidden`` (folders or files) in a new mount namespace; keep ``workdir`` reachable even
    though it lies inside ``scratch_base``, which is covered too. Returns the paths actually hidden.

    ``expose`` are paths the kernel needs (its interpreter, its libraries) that may lie inside a folder
    other users cannot enter, such as an interpreter under /root: that folder is covered by an empty
    one that others may cross, and the part that leads to the needed path is bound back in."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNS) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno), "unshare")
    # Changes below stay in this namespace: the grader and the other kernels see the real folders.
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE, None)
    done = []
    keep = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
    crossings = {}
    for path in expose:
        closed = _closed_ancestor(os.path.join(path, "x"))
        if closed and os.path.realpath(closed) != os.path.realpath(scratch_base or "/nonexistent"):
            child = os.path.join(closed, os.path.relpath(path, closed).split(os.sep)[0])
            crossings.setdefault(closed, set()).add(child)
    for closed, children in crossings.items():
        kept = {child: os.open(child, os.O_RDONLY | os.O_DIRECTORY) for child in children if os.path.isdir(child)}
        _mount(libc, "tmpfs", closed, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=711")
        for child, fd in kept.items():
            os.makedirs(child, mode=0o755, exist_ok=True)
            _mount(libc, f"/proc/self/fd/{fd}", child, None, MS_BIND, None)
            os.close(fd)
        done.append(f"{closed} (except {', '.join(sorted(kept))})")
    for path in hidden:
        if not os.path.lexists(path) or os.path.realpath(path) == os.path.realpath(scratch_base or "/nonexistent"):
            continue
        if os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000")
        else:
            # An empty file nobody may open (mode 000) over it: reading fails instead of reading nothing.
            _mount(libc, blocker or "/dev/null", path, None, MS_BIND, None)
        done.append(path)
    if scratch_base and os.path.isdir(scratch_base):
        # An empty file system over every scratch folder of this run, then this submission's working
        # folder bound back at its usual path.
        _mount(libc, "tmpfs", scratch_base, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=711")
        os.makedirs(workdir, mode=0o711, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{keep}", workdir, None, MS_BIND, None)
        done.append(scratch_base)
    os.close(keep)
    return done


def enter(settings, command):
    """Steps 1 to 4 for ``command`` (the kernel's own command line) in this process; returns the
    command (with its private connection file) and the environment it must run with."""
    command = list(command)
    workdir = settings["workdir"]
    uid, gid = settings.get("uid"), settings.get("gid")
    report = {"user": None, "hidden": [], "limits": {}, "skipped": []}

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

    if os.geteuid() == 0 and settings.get("hide"):
        try:
            report["hidden"] = hide_paths(workdir, settings["hide"], settings.get("scratch_base"),
                                          settings.get("expose", []), settings.get("blocker"))
        except OSError as error:
            report["skipped"].append(f"hiding the instructor's folders: {error}")
    elif settings.get("hide"):
        report["skipped"].append("hiding the instructor's folders: needs root")

    for name, value in settings.get("limits", {}).items():
        if value is None:
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
    interpreter = os.path.realpath(command[0] if os.path.isabs(command[0]) else sys.executable)
    if uid is not None and os.geteuid() == 0 and not reachable_by_others(os.path.dirname(interpreter)):
        report["skipped"].append(f"unprivileged user: it could not reach the interpreter {interpreter}")
        uid = None
    if uid is not None and os.geteuid() == 0:
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            report["user"] = settings.get("user")
        except OSError as error:
            report["skipped"].append(f"unprivileged user: {error}")
    else:
        report["skipped"].append("unprivileged user: the grader is not root")

    try:
        with open(os.path.join(workdir, ".sandbox.json"), "w") as f:
            json.dump(report, f)
    except OSError:
        pass
    return command, env


def main(argv):
    settings = json.loads(argv[1])
    command, env = enter(settings, argv[argv.index("--") + 1:])
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
