"""A kernel factory: import the heavy libraries once, then fork a fresh kernel for every submission.

A grading kernel spends most of its start importing PyTorch (about 2.5 s of CPU on a laptop core),
more than most submissions spend running. Each grading worker therefore starts one of these processes
(a "zygote"):

    python zygote.py '<json: modules to import>'

It imports the listed modules and what ipykernel imports while a kernel starts, and never runs any
student's code itself. For each submission the worker asks it for a kernel; it forks a child, and the
child

1. starts a new session (its own process group, so an interrupt or a kill reaches it and its children);
2. points its standard streams at /dev/null, which closes its copy of the pipe to the worker;
3. takes the environment and working folder the kernel manager asked for;
4. goes through the same sandbox steps as a kernel started by sandbox.py, through
   ``sandbox.enter``: as root, the child stays outside as the kernel's supervisor (the process
   whose id the worker holds, and whose exit status is the kernel's), a grandchild becomes PID 1 of the
   submission's own PID namespace, and a great-grandchild, with the folders hidden, the limits set and
   its own user id, goes on below as the kernel;
5. draws new seeds for the global random generators of Python, NumPy and PyTorch, as a new interpreter
   does at start (otherwise every kernel of a worker would draw the same numbers);
6. runs ``ipykernel_launcher`` as ``python -m`` would (the working folder first on ``sys.path``), then
   exits with the kernel's status.

So every submission still gets a kernel of its own that no other submission has touched: the kernel is
a copy of a process that has only imported libraries. What differs from a kernel started from scratch:
the modules listed are already in ``sys.modules`` (``import torch`` costs nothing), and the hash seed of
``str`` is the zygote's, shared by every kernel of this worker.

The worker talks to the zygote with one JSON line per request on its standard input and reads one JSON
line per answer on its standard output:

    {"op": "spawn", "command": [...], "env": {...}, "cwd": "..."}  ->  {"pid": 1234}
    {"op": "poll", "pid": 1234}                                      ->  {"status": null | exit status}

An exit status follows ``subprocess.Popen.returncode``: negative for a signal. On end of input (the
worker has gone) the zygote kills the kernels it still has and exits.
"""

import json
import os
import random
import runpy
import signal
import sys
import time

import sandbox


def _run_child(request, reply_fd):
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)
    if reply_fd > 2:
        os.close(reply_fd)
    os.environ.clear()
    os.environ.update(request.get("env") or {})
    if request.get("cwd"):
        os.chdir(request["cwd"])
    command = list(request["command"])
    if len(command) > 2 and command[1].endswith("sandbox.py") and "--" in command:
        command, env = sandbox.enter(json.loads(command[2]), command[command.index("--") + 1:])
        os.environ.clear()
        os.environ.update(env)
    # New seeds for every global generator, as a new interpreter draws them at start.
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    if "torch" in sys.modules:
        sys.modules["torch"].seed()
    if command[1:3] != ["-m", "ipykernel_launcher"]:
        os.execvpe(command[0], command, dict(os.environ))
    # What `python -m ipykernel_launcher ARGS` does: the working folder first on the path (not this
    # script's folder), the module run as __main__ with sys.argv[0] its file.
    sys.path[0] = os.getcwd()
    sys.argv = ["-m", *command[3:]]
    status = 0
    try:
        runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        status = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    os._exit(status)


# What a new kernel imports while it starts (measured: 0.3 s of its 0.4 s start), imported here once.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython.core.completerlib",
                  "IPython.core.debugger", "IPython.core.oinspect", "IPython.extensions.storemagic", "sqlite3",
                  "pdb", "psutil", "tornado.platform.asyncio")


def serve(preload):
    # The debugger's import warns about frozen modules on stderr, which is the grader's terminal here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in preload:
        __import__(name)
    for name in KERNEL_MODULES:
        try:
            __import__(name)
        except ImportError:
            pass

    requests = sys.stdin
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    children, finished = set(), {}

    def reap():
        for pid in list(children):
            try:
                done, raw = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, raw = pid, 0
            if done:
                children.discard(pid)
                finished[pid] = os.waitstatus_to_exitcode(raw)

    replies.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    for line in requests:
        request = json.loads(line)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    _run_child(request, replies.fileno())
                finally:
                    os._exit(1)
            children.add(pid)
            answer = {"pid": pid}
        elif request["op"] == "poll":
            reap()
            pid = request["pid"]
            answer = {"status": finished.get(pid) if pid not in children else None}
        else:
            answer = {"error": f"unknown request {request['op']!r}"}
        replies.write(json.dumps(answer) + "\n")
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.1)
    reap()


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]) if len(sys.argv) > 1 else [])
