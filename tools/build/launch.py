"""How a student opens a notebook: the repository's address, the Colab/Binder buttons, and the setup cell
that makes a notebook work on Colab without any other file of this repository."""

import subprocess

from tools.paths import REPO as _REPO

# The one place that names where the course is published: the badges, the setup cell and pyproject.toml's
# Homepage (checked by tests/test_environment.py) all follow it.
REPOSITORY_URL = "https://github.com/autograd-course/autograd-from-numpy-to-pytorch"
_GITHUB_PATH = REPOSITORY_URL.split("github.com/")[1]

# What `pip install` of the course's package reads: its code and its build description.
PACKAGE_PATHS = ("autograd_course", "pyproject.toml")
# The setup cell's first line, by which tools.build.navigation finds the cell it rewrites.
SETUP_MARKER = "# Setup: on Colab,"


def package_commit():
    """The newest commit that changed the course's package (``PACKAGE_PATHS``), or None outside a git
    checkout. The setup cell installs the package as of this commit, not the newest one: a notebook a
    student saved to Drive weeks ago keeps the checks and helpers it was built with."""
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%H", "--", *PACKAGE_PATHS], cwd=_REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return found or None


def setup_cell(commit):
    """The first code cell of every notebook. On Colab it installs what Colab lacks, the course's package
    pinned to ``commit``; elsewhere the course environment (requirements.txt or environment.yml) already
    provides both packages."""
    return f'''\
{SETUP_MARKER} install the two packages it lacks (torchviz and the course's own package,
# as of the commit this notebook was built with). Anywhere else the course environment already has them,
# and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+{REPOSITORY_URL}@{commit}"], check=True)'''


def colab_url(relative_path):
    return f"https://colab.research.google.com/github/{_GITHUB_PATH}/blob/main/{relative_path}"


def binder_url(relative_path):
    return f"https://mybinder.org/v2/gh/{_GITHUB_PATH}/main?urlpath=lab/tree/{relative_path}"


def launch_badges(relative_path):
    """The Colab and Binder buttons that open the notebook at ``relative_path`` (from the repository root)."""
    return (f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(relative_path)}) "
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder_url(relative_path)})")
