"""Chapter 6's device cells with the GPU reported absent: they fall back to the CPU, say so, and never fail.

The machine running these tests may or may not have a GPU; each test decides what torch reports, so the
result is the same everywhere. ``autograd_course.devices`` is tested directly, then every code cell of the
walk-through runs in order with CUDA and Apple's ``mps`` reported unavailable.
"""

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import torch

from autograd_course import devices

WALKTHROUGH = Path(__file__).resolve().parents[1] / "notebooks" / "ch06_modules_and_devices.ipynb"


@pytest.fixture
def no_gpu(monkeypatch):
    """torch reports neither CUDA nor mps, and the course's device variable is unset."""
    monkeypatch.delenv(devices.DEVICE_VARIABLE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    if getattr(torch.backends, "mps", None) is not None:
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


@pytest.fixture
def fake_cuda(monkeypatch):
    """torch reports one CUDA device (nothing is ever run on it); returns the list of synchronize calls."""
    synced = []
    monkeypatch.delenv(devices.DEVICE_VARIABLE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: "Test GPU")
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: synced.append(device))
    return synced


def test_pick_device_falls_back_to_the_cpu_and_says_so(no_gpu):
    device, description = devices.pick_device()
    assert device == torch.device("cpu")
    assert "no GPU found" in description and "ran on the CPU" in description
    assert "\n" not in description


def test_pick_device_prefers_cuda(fake_cuda):
    device, description = devices.pick_device()
    assert device == torch.device("cuda", 0)
    assert description == "cuda:0: Test GPU"


def test_pick_device_takes_mps_when_there_is_no_cuda(no_gpu, monkeypatch):
    if getattr(torch.backends, "mps", None) is None:
        pytest.skip("this PyTorch has no mps backend module")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    device, description = devices.pick_device()
    assert device == torch.device("mps") and description.startswith("mps")


@pytest.mark.parametrize("value", ["cpu", "CPU", " cpu "])
def test_the_environment_variable_forces_the_cpu_even_with_a_gpu(fake_cuda, monkeypatch, value):
    monkeypatch.setenv(devices.DEVICE_VARIABLE, value)
    device, description = devices.pick_device()
    assert device == torch.device("cpu")
    assert devices.DEVICE_VARIABLE in description and "ran on the CPU" in description


def test_allow_gpu_false_forces_the_cpu(fake_cuda):
    device, description = devices.pick_device(allow_gpu=False)
    assert device == torch.device("cpu") and "ran on the CPU" in description


def test_synchronize_waits_on_cuda_only(fake_cuda):
    devices.synchronize("cpu")
    assert fake_cuda == []
    devices.synchronize(torch.device("cuda", 0))
    assert fake_cuda == [torch.device("cuda", 0)]


def test_seconds_per_call_leaves_warm_up_out_and_synchronizes_before_each_clock_read(fake_cuda):
    durations = iter([0.3, 0.3] + [0.01] * 3)  # two slow warm-up calls, then fast ones
    calls = []

    def work():
        calls.append(len(fake_cuda))
        time.sleep(next(durations))

    seconds = devices.seconds_per_call(work, torch.device("cuda", 0), warmup=2, repeats=3)
    assert len(calls) == 5
    assert 0.005 < seconds < 0.2, "the warm-up calls must not be timed"
    assert len(fake_cuda) == 1 + 3, "once after the warm-up, then once after every timed call"


def test_seconds_per_call_rejects_no_repeats():
    with pytest.raises(ValueError):
        devices.seconds_per_call(lambda: None, "cpu", repeats=0)


def _device_cells():
    nb = nbformat.read(str(WALKTHROUGH), as_version=4)
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


@pytest.mark.slow
def test_walkthrough_device_cells_fall_back_to_the_cpu(no_gpu, monkeypatch):
    """Every code cell of the walk-through, in order, with no GPU: none fails, and the device cells say
    that they ran on the CPU and that only the CPU was timed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    cells = _device_cells()
    tagged = [i for i, c in cells if "device" in c.metadata.get("tags", [])]
    assert len(tagged) >= 5, "the walk-through's device cells carry the tag 'device'"
    namespace = {"__name__": "__main__"}
    printed = {}
    for index, cell in cells:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(cell.source, f"<cell {index}>", "exec"), namespace)  # raises if a cell fails
        printed[index] = buffer.getvalue()
    assert namespace["device"] == torch.device("cpu")
    device_text = "".join(printed[i] for i in tagged)
    assert "no GPU found" in printed[tagged[0]] and "ran on the CPU" in printed[tagged[0]]
    assert "No GPU on this machine: only the CPU was timed." in device_text
    assert "ms per step" in device_text
    assert "outputs produced on: cpu" in device_text
    assert set(namespace["timings"]) == {"cpu"}
    plt.close("all")


def test_the_gpu_script_runs_the_walkthrough_and_checks_the_solution_on_the_cpu():
    """benchmarks/ch06_on_device.py, kept runnable here so that it still works the day a GPU is at hand."""
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "MPLBACKEND": "Agg"}
    env.pop(devices.DEVICE_VARIABLE, None)
    done = subprocess.run([sys.executable, "-m", "benchmarks.ch06_on_device"], cwd=WALKTHROUGH.parents[1],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    device_cells = [i for i, c in enumerate(nbformat.read(WALKTHROUGH, as_version=4).cells)
                    if c.cell_type == "code" and "device" in c.metadata.get("tags", [])]
    assert device_cells, "the walk-through has no cell tagged 'device'"
    for index in device_cells:  # every device cell ran, whatever its position in the notebook
        assert f"--- cell {index} [device]" in done.stdout, index
    assert "leaf_parameter((2, 3), cpu): leaf on cpu, grad arrived there" in done.stdout
    assert "summary: cpu: no GPU found" in done.stdout
