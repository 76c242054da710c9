"""Fresh Python processes without the start-up cost: ``python -c CODE``, forked from a parent that has only
imported the heavy libraries.

Importing torch takes a few seconds of CPU, far more than most snippets a test runs. A ``Forker`` starts one
parent process that imports the given modules and then, for each snippet, forks a child that runs it as
``python -c`` would (``__main__``, the working folder first on ``sys.path``) and exits. The child is a copy of
a process that has run no test code, so whatever a snippet does to a library, a builtin or the interpreter
dies with it, as with a new interpreter; the grading command's kernel factory (tools/grading/zygote.py)
rests on the same fact. What differs: the preloaded modules are already in ``sys.modules``.
"""

import json
import os
import select
import signal
import subprocess
import sys
import tempfile

SERVER = r'''
import json, os, sys, traceback
for name in json.loads(sys.argv[1]):
    __import__(name)
replies = os.fdopen(os.dup(1), "w", buffering=1)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.chdir(request["cwd"])
            sys.argv = ["-c", *request["argv"]]
            sys.path[0] = ""
            status = 0
            try:
                exec(compile(request["code"], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
            except SystemExit as stop:
                code = stop.code
                status = code if isinstance(code, int) else (0 if code is None else 1)
                if not isinstance(code, int) and code is not None:
                    print(code, file=sys.stderr)
            except BaseException as error:
                # as python -c prints it: from the snippet's own frame on
                traceback.print_exception(type(error), error, error.__traceback__.tb_next)
                status = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    replies.write(json.dumps({"pid": pid}) + "\n")
    _, raw = os.waitpid(pid, 0)
    replies.write(json.dumps({"status": os.waitstatus_to_exitcode(raw)}) + "\n")
'''


class Forker:
    """``Forker(["numpy", "torch"]).run(code)`` -> ``(returncode, stdout + stderr)``, like
    ``subprocess.run([sys.executable, "-c", code])``."""

    def __init__(self, preload):
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, json.dumps(list(preload))],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self._pending = b""  # read from the pipe's descriptor itself: a buffered reader would hide lines from select

    def _answer(self, timeout):
        fd = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            chunk = os.read(fd, 4096) if ready else b""
            if not chunk:
                return None
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return json.loads(line)

    def run(self, code, *argv, cwd=None, timeout=120):
        with tempfile.NamedTemporaryFile("r", prefix="forked-", suffix=".out") as out:
            request = {"code": code, "argv": list(argv), "cwd": str(cwd or os.getcwd()), "output": out.name}
            self.process.stdin.write(json.dumps(request) + "\n")
            started = self._answer(timeout)
            if started is None:
                raise RuntimeError(f"the forking parent stopped (exit status {self.process.poll()})")
            finished = self._answer(timeout)
            if finished is None:  # past the time limit: the child goes, its parent then reports it
                try:
                    os.kill(started["pid"], signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self._answer(10)
                raise subprocess.TimeoutExpired(["python", "-c", code], timeout)
            return finished["status"], out.read()

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)
