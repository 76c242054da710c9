"""A student's and an instructor's first minutes, in a real browser.

README's first command (`make lab`) starts JupyterLab headless on a free port; Chromium, driven by
Playwright, then does what a student does with chapter 1's student version (a wrong answer, its
diagnosis, a right answer, nbgrader's Validate button) and what an instructor does first (open the
Formgrader). Every walk-through is then run as a reader runs it: Run All Cells, judged by the notebook
JupyterLab saves. Screenshots land in build/test-artifacts/browser/.

Chromium comes from the system (`apt-get install chromium`; .ci/run installs it). Without it the test is
skipped on a workstation and fails in CI, where CI=true.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tools import paths

ARTIFACTS = paths.REPO / "build" / "test-artifacts" / "browser"
CHAPTER = "ch01"
EXERCISE = "mse_loss"
CASES = Path(__file__).parent / "cases" / CHAPTER / EXERCISE
WAIT_MS = 240_000  # a cell's first run starts a kernel and imports torch; a loaded 2-core machine is slow


def chromium():
    found = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                  if shutil.which(name)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyterlab_settings(root):
    """Settings a fresh profile would otherwise ask about: render every cell (JupyterLab draws only the
    cells in view by default), and no news pop-up over the notebook."""
    for plugin, text in {"notebook-extension/tracker": '{"windowingMode": "none"}',
                         "apputils-extension/notification": '{"fetchNews": "false"}'}.items():
        path = root / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def wait_until_up(server, base, token, log_path, wait_s=300):
    """Wait until the Jupyter server process ``server`` answers at ``base``; fail with its log if it exits
    or takes longer than ``wait_s``."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab`, headless, on a free localhost port, shared by this file's tests; stopped (with its
    kernels) afterwards."""
    tmp_path = tmp_path_factory.mktemp("lab")
    port, token = free_port(), "course-browser-test"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(jupyterlab_settings(tmp_path / "settings")))
    log = open(tmp_path / "lab.log", "w")
    # A workspace of its own: JupyterLab would otherwise reopen the tabs of an earlier session.
    args = (f"--no-browser --ServerApp.ip=127.0.0.1 --port={port} --ServerApp.token={token} "
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}")
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=paths.REPO, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    gradebook = paths.REPO / "gradebook.db"
    had_gradebook = gradebook.exists()
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}", token, tmp_path / "lab.log")
        yield f"http://127.0.0.1:{port}", token
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        if not had_gradebook:  # the Formgrader creates an empty gradebook at the course root
            gradebook.unlink(missing_ok=True)


def case(name):
    """A case-library answer, and the diagnosis its test must show."""
    code = (CASES / name).read_text()
    diagnosis = next((line.split(":", 1)[1].strip() for line in code.splitlines()
                      if line.startswith("# diagnosis:")), None)
    return code, diagnosis


@pytest.mark.slow
def test_student_and_instructor_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # The student's copy of the released notebook: autosave must not touch the committed release/.
    workdir = paths.REPO / "build" / "browser-test"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    [released] = paths.assignment_notebooks(paths.RELEASE, CHAPTER)
    shutil.copy(released, workdir / released.name)
    wrong_code, diagnosis = case("wrong_sum_instead_of_mean.py")
    right_code, _ = case("correct_python_loop.py")
    assert diagnosis, "the wrong case must name the diagnosis its test shows"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(f"{base}/lab/tree/{workdir.relative_to(paths.REPO).as_posix()}/{released.name}?token={token}")
            code_cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
            code_cells.filter(has_text="raise NotImplementedError").first.wait_for()
            # Pinned by position: a locator filtered on the stub would move on to the next exercise once
            # this one is answered.
            first = next(i for i, text in enumerate(code_cells.all_inner_texts()) if "NotImplementedError" in text)
            exercise, test_cell = code_cells.nth(first), code_cells.nth(first + 1)
            output = test_cell.locator(".jp-OutputArea")

            # Opening the notebook changes nothing: it was built with the metadata JupyterLab would write.
            page.locator(f"{OPEN_NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for()
            time.sleep(2)  # the kernel's language_info arrives just after it is idle
            tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
            assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "opening the notebook marked it changed"

            def answer(code):
                exercise.click(position={"x": 5, "y": 5})  # selects the cell, in command mode
                page.keyboard.press("Enter")  # into its editor
                page.keyboard.press("Control+a")
                page.keyboard.insert_text(code)  # as pasted: no auto-indent or bracket closing
                page.keyboard.press("Escape")

            def run_answer_and_test():
                exercise.click(position={"x": 5, "y": 5})
                page.keyboard.press("Shift+Enter")
                page.keyboard.press("Shift+Enter")

            # A wrong answer: the test cell names the mistake.
            answer(wrong_code)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Above Selected Cell").click()
            run_answer_and_test()
            page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                                   arg=[output.element_handle(), diagnosis], timeout=WAIT_MS)
            page.screenshot(path=ARTIFACTS / "1-wrong-answer-diagnosed.png")
            # The student reads the message and the test line that found it, not the checking code.
            shown = [line for line in output.inner_text().splitlines() if line.strip()]
            assert len(shown) <= 4 and not any(line.lstrip().startswith("File ") for line in shown), shown

            # A right answer: the test cell says the visible tests pass, and shows no error.
            answer(right_code)
            run_answer_and_test()
            page.wait_for_function("(el) => el.innerText.includes('the visible tests pass')",
                                   arg=output.element_handle(), timeout=WAIT_MS)
            assert "Error" not in output.inner_text()
            page.screenshot(path=ARTIFACTS / "2-right-answer-passes.png")

            # nbgrader's Validate button runs the saved notebook: the other exercises are still open.
            page.keyboard.press("Control+s")
            # JupyterLab compares the file's time on disk with the one it loaded; on a coarse-grained file
            # system a notebook copied just before opening can look changed on disk. Keep this version.
            conflict = page.locator(".jp-Dialog").filter(has_text="changed on disk")
            page.wait_for_timeout(1000)
            if conflict.count():
                conflict.get_by_role("button", name="Overwrite").click()
            page.get_by_text("Saving completed").or_(page.locator(".jp-Dialog")).first.wait_for()
            page.get_by_role("button", name="Validate").click()
            dialog = page.locator(".jp-Dialog")
            dialog.wait_for(timeout=WAIT_MS)
            verdict = dialog.inner_text()
            page.screenshot(path=ARTIFACTS / "3-validate-verdict.png")
            assert "NotImplementedError" in verdict or "failed" in verdict.lower(), verdict

            # The instructor's first look: the Formgrader lists the chapters.
            page.goto(f"{base}/formgrader?token={token}")
            for chapter in paths.chapters():
                page.get_by_text(chapter, exact=True).first.wait_for(timeout=WAIT_MS)
            page.screenshot(path=ARTIFACTS / "4-formgrader-chapters.png")
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png")
            print("DEBUG", code_cells.count(), exercise.locator(".cm-content").count(), exercise.inner_text()[:300])
            raise
        finally:
            browser.close()


# The notebook in the tab on view (a background tab's toolbar is hidden, with its own indicator).
OPEN_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def run_all_and_save(page, path, wait_s=600):
    """Run All Cells in the open notebook, saving every few seconds until the saved copy at ``path`` shows
    every code cell run or an error; return that saved notebook. JupyterLab draws only the cells in view,
    so the page cannot say what ran: the file can."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    conflict = page.locator(".jp-Dialog").filter(has_text="changed on disk")
    deadline = time.monotonic() + wait_s
    while True:
        page.wait_for_timeout(3000)
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1000)
        if conflict.count():
            conflict.get_by_role("button", name="Overwrite").click()
            page.wait_for_timeout(1000)
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        idle = page.locator(f"{OPEN_NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0
        if errors or (idle and all(c.execution_count for c in code)) or time.monotonic() > deadline:
            return nb


@pytest.mark.slow
@pytest.mark.parametrize("walkthrough", [p.name for p in paths.walkthroughs()])
def test_walkthrough_runs_all_in_jupyterlab(lab, walkthrough):
    """Run All on a walk-through, in Chromium: every code cell runs, in order, and none shows an error
    (headless nbclient and JupyterLab differ, e.g. in how a cell's error stops the run)."""
    from playwright.sync_api import sync_playwright

    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    folder = paths.REPO / "build" / "browser-walkthroughs"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / walkthrough
    nb = paths.read(paths.WALKTHROUGHS / walkthrough)
    for cell in nb.cells:  # outputs cleared: what the saved copy shows is what this run made
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    paths.write(nb, copy)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT_MS)
        try:
            # A workspace of the test's own: the shared server would otherwise reopen the earlier tests'
            # notebooks beside this one.
            page.goto(f"{base}/lab/workspaces/run-all-{copy.stem}/tree/{copy.relative_to(paths.REPO).as_posix()}"
                      f"?token={token}")
            page.locator(f"{OPEN_NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for()
            page.wait_for_timeout(2000)
            ran = run_all_and_save(page, copy)
            page.screenshot(path=ARTIFACTS / f"walkthrough-{copy.stem}.png")
        finally:
            browser.close()
    code = [c for c in ran.cells if c.cell_type == "code"]
    errors = [f"cell {i}: {o.ename}: {o.evalue}" for i, c in enumerate(code) for o in c.outputs
              if o.output_type == "error"]
    assert not errors, f"{walkthrough}: Run All stopped at an error: {errors}"
    never_ran = [i for i, c in enumerate(code) if not c.execution_count]
    assert not never_ran, f"{walkthrough}: {len(never_ran)} code cells never ran (first: cell {never_ran[0]})"
    counts = [c.execution_count for c in code]
    assert counts == sorted(counts) and len(set(counts)) == len(counts), f"{walkthrough}: not run in order: {counts}"
