"""The course's navigation: a header and a footer on every notebook, and the contents page.

Every walk-through (``notebooks/chNN_*.ipynb``), every assignment source (``source/chNN/*.ipynb``, and
through the build its student version in ``release/`` and its solution in ``solutions/``) and the contents
page (``notebooks/contents.ipynb``) opens with a header cell (the course's name, the chapter's number and
title, the Colab and Binder buttons) and ends with a footer cell (previous / contents / next). The
contents page also holds a generated list of the chapters. This module writes those cells, and only
those: it finds them by their cell metadata ``"navigation": "header" | "footer" | "chapters"``, rewrites
them, and removes the launch buttons from every other cell so that they appear once, in the header.
It also keeps each notebook's setup cell (its first code cell, ``tools.build.launch.setup_cell``) pinned to the
newest commit of the course's package, so that on Colab a notebook installs the package it was built with.

    python -m tools.build.navigation                 # every chapter and the contents page
    python -m tools.build.navigation ch01 contents   # only these
    python -m tools.build.navigation --check         # name the notebooks whose navigation is stale; exit 1

Each notebook changed is written together with its ``py/`` twin, so the two stay in step. ``make build``
runs this step after bringing the twins in line and before building release/ and solutions/.

Where the links lead (all relative, so that they work on GitHub and in JupyterLab alike):

- a walk-through's footer goes to the previous and next walk-throughs, and to its own chapter's
  assignment (the next thing a learner does after reading);
- an assignment's footer goes to the previous and next chapter's notebook *of the same folder*: from
  ``release/`` to ``release/``, and, as ``solutions/`` is built from the same cells and lies at the same
  depth, from ``solutions/`` to ``solutions/``. It also links this chapter's walk-through (to look
  something up) and the next chapter's (where the course goes on).
"""

import argparse
import copy
import os
import re
import sys

import nbformat

from tools import chapters, paths
from tools.build import launch, twins

COURSE_NAME = "Autograd, from NumPy to PyTorch"

CONTENTS = paths.WALKTHROUGHS / "contents.ipynb"
ROLE = "navigation"  # the cell metadata key that marks the cells this module owns
HEADER, FOOTER, CHAPTERS = "header", "footer", "chapters"
# A line that shows a launch button: after this step, only the header holds one.
BADGE_LINE = re.compile(r"^.*\]\((https://colab\.research\.google\.com/assets/colab-badge\.svg|"
                        r"https://mybinder\.org/badge_logo\.svg)\)\]\(.*$")


def title(chapter):
    return chapters.get(chapter).title


def chapter_label(chapter):
    return f"Chapter {int(chapter[2:])}: {title(chapter)}"


def _one(found, what):
    if len(found) != 1:
        raise RuntimeError(f"navigation expects one {what}, found {[str(p) for p in found]}")
    return found[0]


def walkthrough(chapter):
    return _one(paths.walkthroughs(chapter), f"walk-through of {chapter} in notebooks/")


def assignment(chapter, root=paths.SOURCE):
    """The chapter's assignment notebook under ``root`` (source/, release/ or solutions/)."""
    return root / chapter / _one(paths.assignment_notebooks(paths.SOURCE, chapter), f"notebook in source/{chapter}/").name


def _link(text, target, start):
    return f"[{text}]({os.path.relpath(target, start.parent).replace(os.sep, '/')})"


def launch_path(path):
    """The path the launch buttons of ``path`` open: a source notebook's buttons open its student version
    (generate_assignment copies them into release/)."""
    relative = path.relative_to(paths.REPO)
    if relative.parts[0] == paths.SOURCE.name:
        relative = paths.RELEASE.relative_to(paths.REPO) / relative.relative_to(paths.SOURCE.name)
    return relative.as_posix()


def _is_assignment(path):
    return path.is_relative_to(paths.SOURCE)


def header_text(path):
    chapter = paths.chapter_of(path)
    where = chapter_label(chapter) if chapter else "Contents"
    lines = f"**{COURSE_NAME}** · {where}"
    if chapter:
        lines += " · " + _link("Contents", CONTENTS, path)
    return f"{lines}\n\n{launch.launch_badges(launch_path(path))}"


def footer_text(path):
    if path == CONTENTS:
        first = paths.chapters()[0]
        return f"---\n\nStart with {_link(chapter_label(first), walkthrough(first), path)} →"
    chapter = paths.chapter_of(path)
    order = paths.chapters()
    at = order.index(chapter)
    before = order[at - 1] if at > 0 else None
    after = order[at + 1] if at + 1 < len(order) else None
    # An assignment links ../chNN/ of its own folder: built into release/ or solutions/, it leads to the
    # neighbour in that folder.
    neighbour = assignment if _is_assignment(path) else walkthrough
    bar = [_link("Contents", CONTENTS, path)]
    if before:
        bar.insert(0, "← previous: " + _link(chapter_label(before), neighbour(before), path))
    if after:
        bar.append("next: " + _link(chapter_label(after), neighbour(after), path) + " →")
    if _is_assignment(path):
        walks = [_link("this chapter's", walkthrough(chapter), path)]
        if after:
            walks.append(_link("the next chapter's", walkthrough(after), path))
        other = "Walk-throughs: " + " · ".join(walks)
    else:
        other = "Practise this chapter: " + _link("its assignment", assignment(chapter, paths.RELEASE), path)
    return "---\n\n" + " · ".join(bar) + "\n\n" + other


def chapters_text():
    lines = []
    for chapter in paths.chapters():
        links = [_link("walk-through", walkthrough(chapter), CONTENTS),
                 _link("assignment", assignment(chapter, paths.RELEASE), CONTENTS),
                 _link("solution", assignment(chapter, paths.SOLUTIONS), CONTENTS)]
        lines.append(f"- **{chapter_label(chapter)}** — " + " · ".join(links))
    return "\n".join(lines)


# README's chapter table and DESIGN's syllabus are written from the registry too, between these lines.
DOCUMENT_BLOCK = re.compile(r"(<!-- chapters: written by python -m tools\.build\.navigation from tools/chapters\.py -->\n)"
                            r"(.*?)(<!-- end of chapters -->)", re.S)


def readme_table():
    rows = ["| chapter | walk-through | assignment (student version) | solutions |", "|---|---|---|---|"]
    for chapter in chapters.CHAPTERS:
        name = chapter.notebook
        rows.append(f"| {chapter.number}. {chapter.title} | [notebook](notebooks/{name}) | "
                    f"[release/{chapter.id}](release/{chapter.id}/{name}) | "
                    f"[solutions/{chapter.id}](solutions/{chapter.id}/{name}) |")
    return "\n".join(rows) + "\n"


def design_syllabus():
    return "".join(f"{c.number}. **{c.title}**: {c.summary}\n" for c in chapters.CHAPTERS)


def documents():
    """``{path: text}`` of the Markdown files whose chapter block this module writes, as it writes them."""
    found = {}
    for path, body in ((paths.REPO / "README.md", readme_table()), (paths.REPO / "DESIGN.md", design_syllabus())):
        text = path.read_text()
        if not DOCUMENT_BLOCK.search(text):
            raise RuntimeError(f"{path.name} lacks the chapter block: the line "
                               "'<!-- chapters: written by python -m tools.build.navigation from tools/chapters.py -->', "
                               "then '<!-- end of chapters -->'")
        found[path] = DOCUMENT_BLOCK.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)
    return found


def owned_cell(role, text, path, existing=None):
    """A cell this module owns; in an assignment, a locked nbgrader markdown cell (nbgrader wants metadata
    on every cell of a source notebook, and a learner must not edit or delete it)."""
    cell = nbformat.v4.new_markdown_cell(text, metadata={ROLE: role})
    if _is_assignment(path):
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": role, "locked": True, "schema_version": 3,
                                     "solution": False, "task": False}
    cell["id"] = existing["id"] if existing is not None else f"navigation-{role}"
    return cell


def without_badges(source):
    lines = source.split("\n")
    kept = [line for line in lines if not BADGE_LINE.match(line)]
    if len(kept) == len(lines):
        return source
    # The removed line stood between blank lines: keep one, and none at either end.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def apply(nb, path, commit=None):
    """``nb`` (the notebook at ``path``) with its navigation cells and its setup cell current (the setup
    cell pinned to ``commit``, by default ``launch.package_commit()``; left as it is outside a git
    checkout); ``nb`` itself is not changed."""
    nb = copy.deepcopy(nb)
    commit = commit or launch.package_commit()
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    if commit and setup is not None and setup.source.startswith(launch.SETUP_MARKER):
        setup.source = launch.setup_cell(commit)
    owned = {c.metadata[ROLE]: c for c in nb.cells if ROLE in c.metadata}
    body = [c for c in nb.cells if ROLE not in c.metadata]
    for cell in body:
        if cell.cell_type == "markdown":
            cell.source = without_badges(cell.source)
    used_ids = {c.get("id") for c in body}
    for existing in owned.values():
        if existing.get("id") in used_ids:  # never two cells with one id
            existing["id"] = nbformat.v4.new_markdown_cell().id
    cells = [owned_cell(HEADER, header_text(path), path, owned.get(HEADER)), *body]
    if path == CONTENTS:
        listing = owned_cell(CHAPTERS, chapters_text(), path, owned.get(CHAPTERS))
        at = next((i for i, c in enumerate(nb.cells) if c.metadata.get(ROLE) == CHAPTERS), None)
        # Where the list stood among the other cells, or after them when it is new.
        position = len(cells) if at is None else 1 + sum(1 for c in nb.cells[:at] if ROLE not in c.metadata)
        cells.insert(position, listing)
    cells.append(owned_cell(FOOTER, footer_text(path), path, owned.get(FOOTER)))
    nb.cells = cells
    return nb


_RELEASE_BUTTONS = re.compile(r"^.*\]\(https://mybinder\.org/v2/gh/\S+\?urlpath=lab/tree/release/([^)\s]+)\).*$", re.M)


def solution_buttons(nb):
    """Point the launch buttons of a solution built from a source notebook (which open the student version)
    at the solution itself, in ``solutions/``; ``nb`` is changed in place and returned."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _RELEASE_BUTTONS.sub(
                lambda m: launch.launch_badges(f"{paths.SOLUTIONS.name}/{m.group(1)}"), cell.source)
    return nb


def _fingerprint(nb):
    return [(c.cell_type, c.source, c.metadata, c.get("id")) for c in nb.cells]


def targets(names=None):
    """The notebooks this step writes, for chapter ids and ``contents`` (default: all of them)."""
    names = list(names or [*paths.chapters(), "contents"])
    unknown = sorted(set(names) - {*paths.chapters(), "contents"})
    if unknown:
        raise ValueError(f"not a chapter of source/ nor 'contents': {', '.join(unknown)}")
    found = []
    for name in names:
        if name == "contents":
            found.append(CONTENTS)
        else:
            found += [*paths.walkthroughs(name), *paths.assignment_notebooks(paths.SOURCE, name)]
    return found


def stale(names=None):
    """The notebooks whose navigation cells (or setup cell) differ from what this step writes, and, when
    no names are given, README.md and DESIGN.md when their chapter blocks do."""
    commit = launch.package_commit()
    found = [p for p in targets(names)
             if not p.exists() or _fingerprint(apply(paths.read(p), p, commit)) != _fingerprint(paths.read(p))]
    if not names:
        found += [path for path, text in documents().items() if path.read_text() != text]
    return found


def update(names=None, chosen=None):
    """Write the navigation of ``names`` (or of the notebook paths ``chosen``), each notebook with its
    py/ twin; returns the paths that changed."""
    changed, commit = [], launch.package_commit()
    for path in chosen if chosen is not None else targets(names):
        nb = twins.current(path)
        fresh = apply(nb, path, commit)
        twin = twins.twin_path(path)
        text = twins.to_text(fresh)
        if not path.exists() or _fingerprint(fresh) != _fingerprint(paths.read(path)):
            paths.write(fresh, path)
            changed.append(path)
        if not twin.exists() or twin.read_text() != text:
            twin.parent.mkdir(parents=True, exist_ok=True)
            twin.write_text(text)
    for path, text in documents().items():
        if path.read_text() != text:
            path.write_text(text)
            changed.append(path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="chapter ids and/or 'contents' (default: all)")
    parser.add_argument("--check", action="store_true", help="only name the notebooks whose navigation is stale")
    args = parser.parse_args(argv)
    try:
        chosen = targets(args.names)
    except ValueError as error:
        parser.error(str(error))
    if args.check:
        bad = stale(args.names)
        for path in bad:
            print(f"stale navigation: {path.relative_to(paths.REPO)} (run python -m tools.build.navigation)")
        return 1 if bad else 0
    for path in update(chosen=chosen):
        print(f"navigation written: {path.relative_to(paths.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
