"""How a student opens a notebook: the repository's address, the Colab/Binder buttons, and the setup cell
that makes a notebook work on Colab without any other file of this repository."""

# The one place that names where the course is published: the badges, the setup cell and pyproject.toml's
# Homepage (checked by tests/test_environment.py) all follow it.
REPOSITORY_URL = "https://github.com/autograd-course/autograd-from-numpy-to-pytorch"
_GITHUB_PATH = REPOSITORY_URL.split("github.com/")[1]

# The first code cell of every notebook. On Colab it installs what Colab lacks; elsewhere the course
# environment (requirements.txt or environment.yml) already provides both packages.
SETUP_CELL = f'''\
# Setup: on Colab, install the two packages it lacks (torchviz and the course's own package).
# Anywhere else the course environment already has them, and this cell does nothing.
import subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "torchviz==0.0.3",
                    "autograd-course @ git+{REPOSITORY_URL}"], check=True)'''


def colab_url(relative_path):
    return f"https://colab.research.google.com/github/{_GITHUB_PATH}/blob/main/{relative_path}"


def binder_url(relative_path):
    return f"https://mybinder.org/v2/gh/{_GITHUB_PATH}/main?urlpath=lab/tree/{relative_path}"


def launch_badges(relative_path):
    """The Colab and Binder buttons that open the notebook at ``relative_path`` (from the repository root)."""
    return (f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(relative_path)}) "
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder_url(relative_path)})")
