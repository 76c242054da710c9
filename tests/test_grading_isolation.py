"""Submissions that attack the grading sandbox, graded next to honest ones by the real command
(``python -m tools.grading ch01 --workers 2``), as root.

Every attacker answers the exercises correctly and adds an attack to its first answer cell: a helper
that outlives its kernel and kills every process of its user, a thread hog that takes the whole
process limit, a filler of the working folder and /tmp, a snoop into the course's files and the
kernel's history, and (with ``--fresh-kernels``) a thief that finds other kernels through /proc and
poisons them with their own connection keys. Each submission runs as its own user in its own PID
namespace with its own limits (README, "What grading protects"), so for every class: the honest
students get full marks, no process of a grading user id survives the run, and /tmp keeps nothing.
"""

import contextlib
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import grading_class
from tools import paths
from tools.grading import tasks
from tools.grading.scratch_course import Course

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="per-submission users and namespaces need root; "
                                                   "README says what holds otherwise"),
]

CHAPTER = "ch01"
# The hog's helper may take half a minute to start its threads on a loaded machine; the cell waits up to
# 60 s for it, within the cell's time limit.
CELL_TIMEOUT = 90
MARK = "isolation-attack"
# A range of user ids of this test's own, so that kernels of another grading run on the machine are not
# taken for survivors of this one.
FIRST_UID = 2_100_000_000 + (os.getpid() % 10_000) * 64
UIDS = range(FIRST_UID, FIRST_UID + 64)
DISK = tasks.DEFAULT_LIMITS["disk_bytes"]
PROCESSES = tasks.DEFAULT_LIMITS["processes"]

# Each attack is Python source put before the first answer of a correct submission. A helper started
# in a session of its own (os.posix_spawn(..., setsid=True)) used to outlive its kernel.
SPAWN = "import os as _os, sys as _sys\n_os.posix_spawn(_sys.executable, [_sys.executable, '-c', {code!r}{args}], dict(_os.environ), setsid=True)\n"

KILLER = SPAWN.format(args="", code=(
    "import os, signal, time\n"
    "end = time.time() + 90\n"
    "while time.time() < end:\n"
    "    try:\n"
    "        os.kill(-1, signal.SIGKILL)\n"
    "    except OSError:\n"
    "        pass\n"
    "    time.sleep(0.05)\n")) + "import time as _t\n_t.sleep(2)\n"

HOG = SPAWN.format(args="", code=(
    "import threading, time\n"
    "threading.stack_size(64 * 1024)\n"
    "count = 0\n"
    "while count < 5000:\n"
    "    try:\n"
    "        threading.Thread(target=time.sleep, args=(90,), daemon=True).start()\n"
    "    except RuntimeError:\n"
    "        break\n"
    "    count += 1\n"
    f"open('{MARK}-hog', 'w').write(str(count))\n"
    "time.sleep(90)\n")) + (
    "import os as _os, time as _t\n"
    "for _ in range(600):\n"
    f"    if _os.path.exists('{MARK}-hog'):\n"
    "        break\n"
    "    _t.sleep(0.1)\n"
    f"print('threads held:', open('{MARK}-hog').read())\n")

FILLER = (
    "import os as _os\n"
    "def _fill(folder, cap=1024 * 2**20):\n"
    "    written, block = 0, b'x' * 2**20\n"
    "    for index in range(cap // (16 * 2**20)):\n"
    "        try:\n"
    f"            with open(_os.path.join(folder, f'{MARK}-{{index}}'), 'wb') as _f:\n"
    "                for _ in range(16):\n"
    "                    _f.write(block)\n"
    "                    _f.flush()\n"
    "                    written += len(block)\n"
    "        except OSError:\n"
    "            break\n"
    "    return written\n"
    "print('filled:', _fill('.'), _fill('/tmp'))\n")

SNOOP = (
    "import os as _os, shutil as _shutil\n"
    "for _p in {targets!r}:\n"
    "    try:\n"
    "        _seen = _os.listdir(_p) if _os.path.isdir(_p) else len(open(_p, 'rb').read())\n"
    "        print('snoop', _p, 'VISIBLE', _seen)\n"
    "    except OSError as _e:\n"
    "        print('snoop', _p, 'hidden', type(_e).__name__)\n"
    "_ip = get_ipython()\n"
    "print('history kept:', _ip.history_manager.enabled)\n"
    "print('no new privileges:', [l.split()[1] for l in open('/proc/self/status') if l.startswith('NoNewPrivs')][0])\n"
    "for _line in open('/proc/self/cgroup'):\n"
    "    _, _kind, _path = _line.strip().split(':', 2)\n"
    "    for _name, _file in (('pids', 'pids.max'), ('memory', 'memory.limit_in_bytes')):\n"
    "        if _name in _kind.split(','):\n"
    "            print('limit', _name, open(f'/sys/fs/cgroup/{{_name}}{{_path}}/{{_file}}').read().strip())\n"
    "for _folder in ('/run/lock', '/var/tmp', '.'):\n"
    "    try:\n"
    f"        open(_os.path.join(_folder, '{MARK}-probe'), 'w').close()\n"
    "        print('writable', _folder)\n"
    "    except OSError as _e:\n"
    "        print('not writable', _folder, type(_e).__name__)\n"
    "def _leak(*_args):\n"
    "    try:\n"
    f"        with open('/tmp/{MARK}-inputs.txt', 'w') as _f:\n"
    "            _f.write('\\n'.join(_ip.user_ns.get('In', [])))\n"
    f"        _os.chmod('/tmp/{MARK}-inputs.txt', 0o644)\n"
    "        if _os.path.isfile(str(_ip.history_manager.hist_file)):\n"
    f"            _shutil.copy(str(_ip.history_manager.hist_file), '/tmp/{MARK}-history.sqlite')\n"
    f"            _os.chmod('/tmp/{MARK}-history.sqlite', 0o644)\n"
    "    except Exception:\n"
    "        pass\n"
    "_ip.events.register('post_run_cell', _leak)\n")

# Run in another kernel with its connection key: from then on, every function the student defined is
# replaced by one that returns None before each cell runs, so every later test fails, silently.
POISON = (
    "_ip = get_ipython()\n"
    "def _zero(*_args):\n"
    "    for _name, _value in list(_ip.user_ns.items()):\n"
    "        if callable(_value) and getattr(_value, '__module__', None) == '__main__' and not _name.startswith('_'):\n"
    "            _ip.user_ns[_name] = lambda *a, **k: None\n"
    "_ip.events.register('pre_run_cell', _zero)\n")

THIEF = SPAWN.format(args=", __import__('ipykernel').get_connection_file()", code=(
    "import glob, json, os, sys, time\n"
    "from jupyter_client import BlockingKernelClient\n"
    "own = json.load(open(sys.argv[1]))['key']\n"
    "done = {own}\n"
    "end = time.time() + 90\n"
    "while time.time() < end:\n"
    "    found = set(glob.glob('/tmp/autograd-grading-*/s-*/work-*/.kernel-connection.json'))\n"
    "    found.update(glob.glob(os.path.expanduser('~root/.local/share/jupyter/runtime/kernel-*.json')))\n"
    "    for pid in os.listdir('/proc'):\n"
    "        try:\n"
    "            args = open(f'/proc/{pid}/cmdline', 'rb').read().decode(errors='replace').split('\\0')\n"
    "        except OSError:\n"
    "            continue\n"
    "        if '-f' in args[:-1]:\n"
    "            path = args[args.index('-f') + 1]\n"
    "            found.update({path, f'/proc/{pid}/root{path}', f'/proc/{pid}/cwd/' + os.path.basename(path)})\n"
    "    for path in found:\n"
    "        try:\n"
    "            info = json.load(open(path))\n"
    "        except (OSError, ValueError):\n"
    "            continue\n"
    "        if info.get('key') in done:\n"
    "            continue\n"
    "        done.add(info.get('key'))\n"
    "        client = BlockingKernelClient()\n"
    "        client.load_connection_info(info)\n"
    "        client.start_channels()\n"
    f"        client.execute({POISON!r})\n"
    "        time.sleep(0.5)\n"
    "        client.stop_channels()\n"
    "    time.sleep(0.2)\n"))


def snoop_targets(course):
    """Files of the repository and of the course (all there when the class is graded) that must not
    exist for a kernel."""
    repo = paths.REPO
    targets = [p for p in (repo / "py" / "source" / CHAPTER, repo / "source" / CHAPTER, repo / ".git",
                           repo / "tools" / "grading" / "run.py") if p.exists()]
    targets += [course.root / "source" / CHAPTER, course.root / "gradebook.db", course.root / "submitted"]
    return [str(p) for p in targets]


def attack_class(ch, course, kinds):
    """``{student: notebook}``: one attacker per kind, then two honest students (graded after the
    attackers, which are first in the command's order, so the attacks have started when they run)."""
    first = ch.exercises[0]
    attacks = {"killer": KILLER, "hog": HOG, "filler": FILLER, "snoop": SNOOP.format(targets=snoop_targets(course)),
               "thief": THIEF}
    students = {f"attack-{i}-{kind}": ch.crashing_at(first, attacks[kind]) for i, kind in enumerate(kinds, 1)}
    students.update({"honest-1": ch.solved(), "honest-2": ch.solved()})
    return students




def grading_uids(rows):
    """The user ids this run's kernels ran as: this test's range, and any the report names."""
    import pwd
    uids = set(UIDS)
    for row in rows.values():
        match = re.search(r"user (\S+)(?: \(uid (\d+)\))?", row["isolation"])
        if match and match.group(2):
            uids.add(int(match.group(2)))
        elif match and match.group(1) != "grader's":
            try:
                uids.add(pwd.getpwnam(match.group(1)).pw_uid)
            except KeyError:
                pass
    return uids


def survivors(uids):
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                status = Path(f"/proc/{name}/status").read_text()
            except OSError:
                continue
            line = next(l for l in status.splitlines() if l.startswith("Uid:"))
            if {int(n) for n in line.split()[1:4]} & uids:
                found.append((int(name), Path(f"/proc/{name}/cmdline").read_bytes()[:80]))
    return found


def left_in_tmp(grader_tmp, uids):
    """What the run left: anything in the grader's temporary folder, what the attacks wrote to /tmp,
    and anything in /tmp owned by a grading user id (two levels deep)."""
    # (torch's compile cache of the grading process itself, torchinductor_root, is kept on purpose)
    left = [str(p) for p in Path(grader_tmp).iterdir() if not p.name.startswith("torchinductor_")]
    left += [n for n in os.listdir("/tmp") if n.startswith(MARK)]
    for name in os.listdir("/tmp"):
        for path in [Path("/tmp", name), *(Path("/tmp", name).iterdir() if Path("/tmp", name).is_dir()
                                           and os.access(Path("/tmp", name), os.R_OK) else [])]:
            try:
                if path.lstat().st_uid in uids:
                    left.append(str(path))
            except OSError:
                pass
    return left


def grade_class(course, ch, students, fresh=False):
    for student, nb in students.items():
        course.submit(CHAPTER, student, {ch.name: nb})
    # The grader's own temporary folder, apart from those of other runs on this machine (in /tmp, which
    # every user may cross, like the default one).
    grader_tmp = Path(tempfile.mkdtemp(prefix="grading-isolation-", dir="/tmp"))
    os.chmod(grader_tmp, 0o711)
    env = dict(os.environ, PYTHONPATH=str(paths.REPO), AUTOGRAD_GRADING_UIDS=f"{UIDS.start}-{UIDS.stop - 1}",
               TMPDIR=str(grader_tmp))
    command = [sys.executable, "-m", "tools.grading", CHAPTER, "--workers", "2", "--cell-timeout", str(CELL_TIMEOUT),
               "--no-progress"] + (["--fresh-kernels"] if fresh else [])
    proc = subprocess.run(command, cwd=course.root, capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(course.root / "reports" / f"{CHAPTER}.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    uids = grading_uids(rows)
    run = {"rows": rows, "chapter": ch, "course": course, "output": proc.stdout,
           "survivors": survivors(uids), "left_in_tmp": left_in_tmp(grader_tmp, uids)}
    shutil.rmtree(grader_tmp, ignore_errors=True)
    for pid, _ in run["survivors"]:  # never left running for the rest of the suite
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return run


def printed(run, student):
    nb = run["course"].autograded_notebook(CHAPTER, student, run["chapter"].name)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream")


@pytest.fixture(scope="module")
def generated(scratch):
    course = Course(scratch / "isolation-template")
    release = course.generate(CHAPTER)
    return course, grading_class.read_chapter(course.root / "source" / CHAPTER, release)


def new_course(generated, scratch, name):
    template, ch = generated
    root = scratch / name
    shutil.copytree(template.root, root, ignore=shutil.ignore_patterns("nbgrader_config.py"))
    return Course(root), ch


@pytest.fixture(scope="module")
def forked_run(generated, scratch):
    course, ch = new_course(generated, scratch, "isolation-forked")
    return grade_class(course, ch, attack_class(ch, course, ["killer", "hog", "filler", "snoop"]))


@pytest.fixture(scope="module")
def fresh_run(generated, scratch):
    course, ch = new_course(generated, scratch, "isolation-fresh")
    return grade_class(course, ch, attack_class(ch, course, ["thief"]), fresh=True)


def assert_honest_students_unharmed(run):
    for student in ("honest-1", "honest-2"):
        row = run["rows"][student]
        assert row["status"] == "graded" and float(row["score"]) == float(row["max_score"]) > 0, (row, run["output"])
        for part in ("own PID namespace and /proc", "instructor folders hidden", "private /tmp"):
            assert part in row["isolation"], row["isolation"]
        assert "skipped" not in row["isolation"], row["isolation"]


@pytest.mark.parametrize("which", ["forked_run", "fresh_run"])
def test_nothing_of_a_submission_survives_the_run(request, which):
    run = request.getfixturevalue(which)
    assert_honest_students_unharmed(run)
    assert run["survivors"] == [], run["survivors"]
    assert run["left_in_tmp"] == [], run["left_in_tmp"]


def test_a_helper_that_kills_every_process_of_its_user_kills_only_its_own_kernel(forked_run):
    assert_honest_students_unharmed(forked_run)
    row = forked_run["rows"]["attack-1-killer"]
    assert row["status"] == "graded, partial: kernel died", row


def test_a_thread_hog_takes_only_its_own_process_limit(forked_run):
    assert_honest_students_unharmed(forked_run)
    held = int(re.search(r"threads held: (\d+)", printed(forked_run, "attack-2-hog")).group(1))
    assert 0 < held < PROCESSES


def test_a_disk_filler_fills_only_its_own_space(forked_run):
    assert_honest_students_unharmed(forked_run)
    workdir, tmp = (int(n) for n in re.search(r"filled: (\d+) (\d+)", printed(forked_run, "attack-3-filler")).groups())
    assert 0 < workdir <= DISK and 0 < tmp <= DISK, (workdir, tmp)


def test_a_kernel_sees_no_course_file_and_keeps_no_history(forked_run):
    assert_honest_students_unharmed(forked_run)
    row, text = forked_run["rows"]["attack-4-snoop"], printed(forked_run, "attack-4-snoop")
    # It still imports the course's package and the Python environment: the whitelist is enough to run.
    assert row["status"] == "graded" and float(row["score"]) == float(row["max_score"]), row
    lines = [l for l in text.splitlines() if l.startswith("snoop ")]
    assert len(lines) == len(snoop_targets(forked_run["course"])) >= 6, text
    assert all(" hidden " in l for l in lines), text
    assert "history kept: False" in text, text
    assert "no new privileges: 1" in text, text
    assert f"limit pids {PROCESSES}" in text and f"limit memory {tasks.DEFAULT_LIMITS['memory_bytes']}" in text, text
    # Where the kernel may write: its own folder and its private /var/tmp; not a world-writable folder
    # of the machine's disk.
    said = set(text.splitlines())
    assert {"writable /var/tmp", "writable ."} <= said, text
    if os.path.isdir("/run/lock") and os.stat("/run/lock").st_mode & 0o002:
        assert "not writable /run/lock OSError" in said, text
    assert not [n for n in os.listdir("/tmp") if n.startswith(MARK)]


def test_a_kernel_cannot_find_or_drive_another_kernel(fresh_run):
    assert_honest_students_unharmed(fresh_run)
