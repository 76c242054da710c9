"""Build the committed outputs from source/: release/ (the student version), solutions/ (executed
reference solutions) and the executed walk-throughs in notebooks/.

    python -m tools.build                # everything (after bringing the py/ twins in line, tools.build.twins,
                                         # and writing headers and footers, tools.build.navigation)
    python -m tools.build ch01 ch02      # only these chapters' release/ and solutions/
    python -m tools.build --walkthroughs # only re-execute notebooks/
"""

import argparse
import shutil
import sys
import tempfile

from tools import paths
from tools.build.execute import execute
from tools.build import navigation, twins
from tools.grading.scratch_course import Course
from tools.build.solutions import solution_notebook

def build_release(chapter):
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        generated = Course(tmp).generate(chapter)
        dest = paths.RELEASE / chapter
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(generated, dest)
    return dest


def build_solutions(chapter):
    dest = paths.SOLUTIONS / chapter
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in paths.assignment_notebooks(paths.SOURCE, chapter):
        nb = execute(solution_notebook(paths.read(path)), dest)
        paths.write(nb, dest / path.name)
    return dest


def build_walkthroughs(chosen=None):
    for path in chosen or paths.walkthroughs():
        paths.write(execute(paths.read(path), path.parent), path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapters", nargs="*", help="assignment ids (default: all)")
    parser.add_argument("--walkthroughs", action="store_true", help="only re-execute the walk-throughs")
    args = parser.parse_args(argv)
    twins.sync()
    if args.walkthroughs:
        navigation.update(chosen=[*paths.walkthroughs(), navigation.CONTENTS])
        build_walkthroughs()
        return 0
    chosen = args.chapters or paths.chapters()
    unknown = sorted(set(chosen) - set(paths.chapters()))
    if unknown:
        parser.error(f"no such chapter under source/: {', '.join(unknown)}")
    # Headers and footers go into source/ and notebooks/ first: release/ and solutions/ are built from them.
    for path in navigation.update([*chosen, "contents"]):
        print(f"{path.relative_to(paths.REPO)}: navigation written", flush=True)
    for chapter in chosen:
        print(f"{chapter}: release/ ...", flush=True)
        build_release(chapter)
        print(f"{chapter}: solutions/ (executing) ...", flush=True)
        build_solutions(chapter)
    if not args.chapters:
        print("notebooks/ (executing) ...", flush=True)
        build_walkthroughs()
    else:
        build_walkthroughs([p for c in chosen for p in paths.walkthroughs(c)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
