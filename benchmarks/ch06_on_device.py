"""Run chapter 6 on whatever accelerator this machine has, outside Jupyter, and print what a learner would see.

    python -m benchmarks.ch06_on_device

The test suite runs chapter 6 with the GPU reported absent (``tests/test_ch06_devices.py``), so that its
result is the same on every machine. This script is the other half, for a machine that has a GPU:

1. every code cell of the walk-through runs in order in one namespace, as "Run All" would, and its
   printed output is shown under the cell's number (the device cells pick CUDA, then ``mps``);
2. the published solution's ``leaf_parameter`` and ``evaluate`` run on that device, and the properties the
   assignment asks for are checked there: a leaf that requires grad and lives on the device it was given,
   and an evaluation that is deterministic, fills no gradient and restores the model's mode.

It needs only the Python standard library, NumPy, matplotlib and PyTorch, so it runs on a machine that
has no Jupyter. It exits non-zero if a cell raises or a check fails.
"""

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import torch  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WALKTHROUGH = REPO / "notebooks" / "ch06_modules_and_devices.ipynb"
SOLUTION = REPO / "solutions" / "ch06" / "ch06_modules_and_devices.ipynb"


def code_cells(path):
    for index, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] == "code":
            yield index, "".join(cell["source"]), cell.get("metadata", {}).get("tags", [])


def run_walkthrough():
    namespace = {"__name__": "__main__"}
    for index, source, tags in code_cells(WALKTHROUGH):
        printed = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, f"<cell {index}>", "exec"), namespace)
        label = " [device]" if "device" in tags else ""
        print(f"--- cell {index}{label} ({time.perf_counter() - started:.2f} s)")
        print(printed.getvalue().rstrip() or "(no output)")
    return namespace


def solution_functions():
    """The solution notebook run top to bottom, its visible tests included (each prints one line)."""
    namespace = {"__name__": "solution"}
    for index, source, _ in code_cells(SOLUTION):
        exec(compile(source, f"<solution cell {index}>", "exec"), namespace)
    return namespace


def check_solution_on(device, solution):
    leaf = solution["leaf_parameter"]((2, 3), device)
    assert leaf.device.type == device.type, leaf.device
    assert leaf.is_leaf and leaf.requires_grad and leaf.dtype == torch.float32
    (leaf * 2).sum().backward()
    assert torch.equal(leaf.grad, torch.full((2, 3), 2.0, device=device))
    print(f"leaf_parameter((2, 3), {device}): leaf on {leaf.device}, grad arrived there")

    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Dropout(0.5), torch.nn.Linear(8, 1)).to(device)
    model.train()
    x, y = torch.randn(16, 3, device=device), torch.randn(16, 1, device=device)
    loss = solution["evaluate"](model, torch.nn.MSELoss(), x, y)
    assert isinstance(loss, float), type(loss)
    assert model.training, "evaluate must return the model to training mode"
    assert all(p.grad is None for p in model.parameters()), "evaluate must not fill gradients"
    assert loss == solution["evaluate"](model, torch.nn.MSELoss(), x, y), "dropout must be off during evaluate"
    print(f"evaluate on {device}: loss {loss:.4f}, deterministic, no gradients, training mode restored")


def main():
    print("torch", torch.__version__, "| CUDA available:", torch.cuda.is_available(),
          "|", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no CUDA device")
    namespace = run_walkthrough()
    device = namespace["device"]
    solution = solution_functions()
    check_solution_on(device, solution)
    print("summary:", namespace["device_description"], "|", {
        where: f"{1000 * seconds:.2f} ms per step" for where, seconds in namespace["timings"].items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
