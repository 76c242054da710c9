"""Kernels forked by the grading workers' kernel factory (tools/grading/zygote.py) behave like kernels
started as new interpreters: same ``sys.path`` and ``sys.argv``, their own random seeds, their own
process group, no way to reach the factory's pipes, and exit statuses that the grader can read."""

import asyncio
import json
import os
import signal

import pytest

from tools.grading import kernels

PRELOAD = ["numpy", "torch"]
PROBE = """
import sys
preloaded = "torch" in sys.modules  # before this cell imports it: only a forked kernel has it already
import json, os, random
import numpy as np, torch
links = {}
for fd in os.listdir("/proc/self/fd"):
    try:
        links[fd] = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        pass
print(json.dumps({"path": sys.path, "argv0": sys.argv[0], "cwd": os.getcwd(), "pid": os.getpid(),
                  "ppid": os.getppid(), "preloaded": preloaded,
                  "own_group": os.getpgid(0) == os.getpid(), "random": random.random(),
                  "numpy": float(np.random.rand()), "torch": float(torch.rand(1)), "fds": links}))
"""


async def _run(preload, code, cwd):
    manager = kernels.SandboxKernelManager(kernel_name="python3")
    manager.preload = preload
    await manager.start_kernel(cwd=str(cwd))
    client = manager.client()
    client.start_channels()
    printed = []
    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive(
            code, timeout=60,
            output_hook=lambda m: printed.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
    return "".join(printed)


def run_in_kernel(preload, code, cwd):
    return asyncio.run(_run(preload, code, cwd))


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("kernel-cwd")
    fresh = json.loads(run_in_kernel([], PROBE, cwd))
    forked = [json.loads(run_in_kernel(PRELOAD, PROBE, cwd)) for _ in range(2)]
    return fresh, forked, cwd


def test_a_forked_kernel_sees_the_same_path_and_argv_as_a_new_interpreter(observed):
    fresh, forked, cwd = observed
    for kernel in forked:
        assert kernel["path"] == fresh["path"]
        assert kernel["argv0"] == fresh["argv0"]
        assert kernel["cwd"] == str(cwd)
        assert kernel["own_group"]


def test_each_forked_kernel_draws_its_own_random_numbers(observed):
    _, (first, second), _ = observed
    assert first["pid"] != second["pid"]
    for generator in ("random", "numpy", "torch"):
        assert first[generator] != second[generator], f"two kernels drew the same first number from {generator}"


def factory_pids():
    """The kernel factories this process runs."""
    return {zygote.process.pid for zygote in kernels.Zygote._running.values()}


def test_the_forked_kernels_come_from_the_factory_and_the_fresh_one_does_not(observed):
    """What the other tests compare: without it, a factory that fell back to new interpreters would pass
    them all (a new interpreter never holds the factory's pipes)."""
    fresh, forked, _ = observed
    factories = factory_pids()
    assert not fresh["preloaded"] and fresh["ppid"] not in factories
    for kernel in forked:
        assert kernel["preloaded"], "a forked kernel starts with the factory's torch already imported"
        assert kernel["ppid"] in factories, (kernel["ppid"], factories)


def test_a_forked_kernel_cannot_reach_the_factory_pipes(observed):
    _, forked, _ = observed
    for kernel in forked:
        # The factory that forked this kernel (this process may run others, for other tests' preloads).
        assert kernel["ppid"] in factory_pids(), "not forked by a factory: this test would prove nothing"
        pipes = {os.readlink(f"/proc/{kernel['ppid']}/fd/{fd}") for fd in (0, 1)}
        assert len(pipes) == 2 and all(p.startswith("pipe:") for p in pipes), pipes
        assert not pipes & set(kernel["fds"].values()), kernel["fds"]
        assert kernel["fds"]["0"] == os.devnull


@pytest.mark.parametrize("code, status", [("import os; os._exit(3)", 3),
                                          ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", -signal.SIGSEGV)])
def test_the_grader_reads_a_forked_kernels_exit_status(tmp_path, code, status):
    async def scenario():
        manager = kernels.SandboxKernelManager(kernel_name="python3")
        manager.preload = PRELOAD
        await manager.start_kernel(cwd=str(tmp_path))
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            client.execute(code)
            return manager.provisioner.process.wait(timeout=30)
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    assert asyncio.run(scenario()) == status
