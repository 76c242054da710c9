"""Where tensors live: choosing a device, and timing work on it fairly.

Chapter 6's notebooks use these so that every cell runs on a GPU when the machine has one and says in
one line that it ran on the CPU when it has none:

* ``pick_device()`` returns ``(device, description)``: CUDA first, then Apple's ``mps``, else the CPU.
  Setting the environment variable ``AUTOGRAD_COURSE_DEVICE=cpu`` (or passing ``allow_gpu=False``)
  keeps everything on the CPU even where a GPU exists, which is how the tests check the fallback.
* ``synchronize(device)`` waits until the device has finished the work queued on it. GPU calls return
  as soon as the work is *queued*, so a clock read without it measures the queueing, not the work.
* ``seconds_per_call(fn, device)`` times ``fn()`` with warm-up calls left out and a synchronisation
  before every clock read, and returns the median.
"""

import os
import statistics
import time

import torch

DEVICE_VARIABLE = "AUTOGRAD_COURSE_DEVICE"


def _mps_available():
    backend = getattr(torch.backends, "mps", None)
    return backend is not None and backend.is_available()


def pick_device(allow_gpu=True):
    """The device to compute on, and a one-line description of it.

    Returns ``(torch.device, str)``: ``cuda`` when ``torch.cuda.is_available()``, else ``mps`` when
    Apple's GPU backend is available, else ``cpu``, with a description that says which and why.
    ``allow_gpu=False``, or the environment variable ``AUTOGRAD_COURSE_DEVICE=cpu``, forces the CPU.
    """
    if os.environ.get(DEVICE_VARIABLE, "").strip().lower() == "cpu":
        return torch.device("cpu"), f"cpu: GPUs switched off by {DEVICE_VARIABLE}=cpu, so this ran on the CPU"
    if not allow_gpu:
        return torch.device("cpu"), "cpu: GPUs not requested, so this ran on the CPU"
    if torch.cuda.is_available():
        index = torch.cuda.current_device()
        return torch.device("cuda", index), f"cuda:{index}: {torch.cuda.get_device_name(index)}"
    if _mps_available():
        return torch.device("mps"), "mps: the Apple-silicon GPU"
    return torch.device("cpu"), "cpu: no GPU found (neither CUDA nor Apple's mps), so this ran on the CPU"


def synchronize(device):
    """Block until every operation queued on ``device`` has finished (a no-op on the CPU)."""
    device = torch.device(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def seconds_per_call(fn, device, warmup=2, repeats=5):
    """Median wall-clock seconds of one call of ``fn()`` whose work runs on ``device``.

    The first ``warmup`` calls are run but not timed: they pay one-off costs (memory allocation, kernel
    selection, CUDA context set-up) that a training loop pays once, not every step. Each timed call is
    bracketed by ``synchronize(device)``, so the clock stops when the device has finished, not when the
    work was queued. The median of ``repeats`` calls resists the odd slow call.
    """
    if warmup < 0 or repeats < 1:
        raise ValueError("need warmup >= 0 and repeats >= 1")
    for _ in range(warmup):
        fn()
    synchronize(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
