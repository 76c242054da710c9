"""How a grading kernel starts: through tools/grading/sandbox.py, and forked from the worker's kernel
factory (tools/grading/zygote.py) unless every kernel is to be a new interpreter."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import contextlib
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict as DictTrait
from traitlets import List as ListTrait


SANDBOX_SCRIPT = str(Path(__file__).with_name("sandbox.py"))


ZYGOTE_SCRIPT = str(Path(__file__).with_name("zygote.py"))


class Zygote:
    """The worker's handle on its tools/grading/zygote.py process (one per worker process and setting)."""

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
    sandbox = DictTrait({}, help="Settings handed to tools/grading/sandbox.py").tag(config=True)
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


def read_sandbox_report(workdir):
    if not workdir:
        return {}
    path = Path(workdir) / ".sandbox.json"
    for _ in range(50):
        if path.exists():
            with contextlib.suppress(Exception):
                return json.loads(path.read_text())
        time.sleep(0.02)
    return {}
