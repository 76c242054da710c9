"""``GuardedExecute``: nbgrader's Execute preprocessor, made safe for a class of untrusted submissions.

- The kernel starts through the sandbox (tools/grading/kernels.py).
- Test cells that ran before a kernel death or a timeout keep their points; every later test cell is
  marked failed with the reason (an unexecuted test cell, having no error, would count as passed).
- What a cell may print or display is capped, so that a flood cannot exhaust the grader's memory.
"""

import contextlib
import signal
import threading
import time

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute

from tools.cells import grade_id, is_test
from tools.grading.kernels import SandboxKernelManager, read_sandbox_report
from tools.grading.probes import is_probe
from tools.grading.records import running


NOT_RUN = "NotRun"


OUTPUT_CAP_BYTES = 1_000_000


DISPLAY_CAP = 20_000


def error_output(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _cell_name(cell, index):
    if is_probe(cell):
        return "a final check"
    return grade_id(cell) or f"cell {index + 1}"


SIGNALS = {signal.SIGSEGV: "a segmentation fault", signal.SIGKILL: "killed (memory exhausted, or out of time)",
           signal.SIGXCPU: "its CPU time limit", signal.SIGABRT: "an abort", signal.SIGBUS: "a bus error",
           signal.SIGXFSZ: "its file size limit", signal.SIGTERM: "terminated"}


class GuardedExecute(Execute):
    """nbgrader's Execute, made robust for a class of untrusted submissions (see the module text)."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)

    def _record(self):
        return getattr(running, "record", None) or {}

    def _kernel_process(self):
        with contextlib.suppress(Exception):
            return self.km.provisioner.process
        return None

    def _death_reason(self):
        record = self._record()
        if record.get("deadline_hit"):
            return f"the submission ran past its total time limit of {record['deadline_s']:.0f} s"
        process = self._kernel_process()
        code = None
        if process is not None:
            with contextlib.suppress(Exception):
                code = process.wait(timeout=5)
        if code is None:
            return "the kernel died"
        if code < 0:
            return f"the kernel died of {SIGNALS.get(-code, f'signal {-code}')}"
        return f"the kernel exited with status {code} (os._exit, sys.exit or a crash)"

    def preprocess(self, nb, resources=None, km=None):
        record = self._record()
        timer = None
        deadline = record.get("deadline_s")
        if deadline:
            def kill():
                process = self._kernel_process()
                record["deadline_hit"] = True
                if process is not None:
                    with contextlib.suppress(Exception):
                        process.kill()
            timer = threading.Timer(deadline, kill)
            timer.daemon = True
            timer.start()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if timer is not None:
                timer.cancel()

    def output(self, outs, msg, display_id, cell_index):
        # A flood of printed text would otherwise be held in the grader's memory before LimitOutput
        # trims it: beyond the cap, stream text is counted and dropped.
        record = self._record()
        if msg["msg_type"] == "display_data":
            # Check reports are small and few (a few hundred a cell); a flood of them is dropped and
            # counted, like printed text, and the cell then cannot pass (its reports are incomplete).
            shown = record.setdefault("displayed", {})
            shown[cell_index] = shown.get(cell_index, 0) + 1
            if shown[cell_index] > DISPLAY_CAP:
                return None
        if msg["msg_type"] == "stream":
            size = len(msg["content"].get("text", ""))
            printed = record.setdefault("printed", {})
            printed[cell_index] = printed.get(cell_index, 0) + size
            if printed[cell_index] > OUTPUT_CAP_BYTES:
                return None
        return super().output(outs, msg, display_id, cell_index)

    def preprocess_cell(self, cell, resources, index):
        record = self._record()
        if "sandbox" not in record and self.km is not None:
            record["sandbox"] = read_sandbox_report(record.get("workdir"))
        if record.get("stopped"):
            if cell.cell_type == "code" and (is_test(cell) or is_probe(cell)):
                cell.outputs = [error_output(NOT_RUN, f"not run: {record['stopped']}")]
            return cell, resources
        started = time.monotonic()
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            reason = self._death_reason()
            record["stopped"] = f"{reason} while running {_cell_name(cell, index)}"
            record["stop_kind"] = "timeout" if record.get("deadline_hit") else "kernel died"
            cell.outputs.append(error_output("DeadKernelError", record["stopped"]))
            return cell, resources
        except CellTimeoutError:
            record["stopped"] = f"{_cell_name(cell, index)} ran past the time limit of {self.timeout} s"
            record["stop_kind"] = "timeout"
            cell.outputs.append(error_output("CellTimeoutError", record["stopped"]))
            self._kill_kernel()
            return cell, resources
        timed_out = any(o.get("output_type") == "error" and o.get("ename") == self.error_on_timeout.get("ename")
                        for o in cell.get("outputs", []))
        if timed_out:
            record["stopped"] = (f"{_cell_name(cell, index)} ran past the time limit of {self.timeout} s "
                                 f"({time.monotonic() - started:.0f} s)")
            record["stop_kind"] = "timeout"
            # An interrupted loop may keep the kernel busy: later cells would each wait a full timeout.
            self._kill_kernel()
        printed = record.get("printed", {}).get(index, 0)
        if printed > OUTPUT_CAP_BYTES:
            record.setdefault("flags", []).append(
                f"huge output in {_cell_name(cell, index)}: {printed:,} characters printed, "
                f"only the first {OUTPUT_CAP_BYTES:,} kept")
            cell.outputs.append(nbformat.v4.new_output(
                "stream", name="stdout", text=f"\n[... {printed - OUTPUT_CAP_BYTES:,} more characters not kept]\n"))
        return cell, resources

    def _kill_kernel(self):
        process = self._kernel_process()
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()
