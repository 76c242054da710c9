"""A throw-away nbgrader course, driven through nbgrader's own command line.

The build uses it to generate release/, and the tests use it for real grading round trips: generate the
student version (nbgrader's GenerateAssignment converter), drop submissions into submitted/ and read the
gradebook (tests/helpers.grade_course grades them with the course's command). Everything happens in a
temporary folder with its own gradebook, under the repository's nbgrader_config.py (so the settings
exercised here are the settings instructors use).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tools import paths

CONFIG_TEMPLATE = """\
# A temporary course folder: the repository's settings, with this folder as the root and its own gradebook.
c = get_config()
load_subconfig({repo_config!r})
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
"""



class Course:
    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        (self.root / "nbgrader_config.py").write_text(CONFIG_TEMPLATE.format(
            repo_config=str(paths.REPO / "nbgrader_config.py"), root=str(self.root), db_url=self.db_url))

    def nbgrader(self, *args, check=True, timeout=1800):
        """Run ``nbgrader <args>`` in the course folder; return the finished process (output captured)."""
        from tools.grading.course import nbgrader_env
        proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=self.root, capture_output=True,
                              text=True, timeout=timeout, env=nbgrader_env())
        if check and proc.returncode != 0:
            raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def generate(self, chapter):
        """Copy source/<chapter> in and run ``generate_assignment``; return the release folder."""
        dest = self.root / "source" / chapter
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(paths.SOURCE / chapter, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        from tools.grading.course import CourseSettings, generate_assignment
        return generate_assignment(CourseSettings(self.root), chapter)

    def submit(self, chapter, student, files):
        """Place a submission: ``files`` maps a notebook's file name to a notebook or to raw text."""
        folder = self.root / "submitted" / student / chapter
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            if isinstance(content, str):
                (folder / name).write_text(content)
            else:
                nbformat.write(content, str(folder / name))
        return folder

    def autograde(self, chapter):
        """Grade every submission of ``chapter`` with plain ``nbgrader autograde`` (one at a time); nbgrader
        goes on past a broken one and exits non-zero."""
        return self.nbgrader("autograde", chapter, "--force", check=False)

    def scores(self, chapter):
        """``{student: {grade_id: (score, max_score)}}`` for every autograded submission of ``chapter``."""
        from tools.grading import scores
        return {student: found.cells for student, found in scores.read(self.db_url, chapter).items()
                if found.submitted}

    def autograded_notebook(self, chapter, student, name):
        return paths.read(self.root / "autograded" / student / chapter / name)
