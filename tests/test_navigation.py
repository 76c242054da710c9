"""Every notebook opens with the course's header and ends with a footer that leads on; the contents page
lists every chapter. tools/build/navigation.py writes them (`python -m tools.build.navigation`, part of `make build`)."""

import copy
import dataclasses
import os
import re

import pytest

from tools.cells import nbgrader_metadata
from tools import chapters, paths
from tools.build import launch, navigation, solutions

ids = lambda p: p.relative_to(paths.REPO).as_posix()  # noqa: E731
WRITTEN = navigation.targets()  # walk-throughs, source notebooks and the contents page
RELEASED = sorted(paths.RELEASE.glob("ch*/*.ipynb"))
PUBLISHED = sorted(paths.SOLUTIONS.glob("ch*/*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")
LOCKED_MARKDOWN = {"grade": False, "locked": True, "schema_version": 3, "solution": False, "task": False}


def role(cell):
    return cell.metadata.get(navigation.ROLE)


def local_links(text):
    return [link for link in LINK.findall(text) if not link.startswith(("http://", "https://"))]


def resolved(path, cell):
    return {os.path.normpath(path.parent / link) for link in local_links(cell.source)}


def test_the_registry_lists_every_chapter_folder_and_its_notebooks():
    """tools/chapters.py and the files agree: every folder of source/ is a chapter of the registry, and
    each chapter's walk-through and assignment bear the registry's name."""
    assert paths.chapter_folders() == paths.chapters(), "source/ and tools/chapters.py list different chapters"
    for chapter in chapters.CHAPTERS:
        assert [p.name for p in paths.walkthroughs(chapter.id)] == [chapter.notebook]
        assert [p.name for p in paths.assignment_notebooks(paths.SOURCE, chapter.id)] == [chapter.notebook]


def test_readme_and_design_list_the_registrys_chapters():
    for path, text in navigation.documents().items():
        assert path.read_text() == text, f"{path.name}'s chapter block is stale: run `python -m tools.build.navigation`"


@pytest.mark.parametrize("path", WRITTEN, ids=ids)
def test_header_and_footer_are_current(path):
    assert path.exists(), f"{ids(path)} is missing: run `python -m tools.build.navigation`"
    nb = paths.read(path)
    fresh = navigation.apply(nb, path)
    for role_name in (navigation.HEADER, navigation.FOOTER, navigation.CHAPTERS):
        now = [c.source for c in nb.cells if role(c) == role_name]
        assert now == [c.source for c in fresh.cells if role(c) == role_name], (
            f"{ids(path)}: its {role_name} is stale: run `python -m tools.build.navigation {paths.chapter_of(path) or 'contents'}`")
    assert navigation._fingerprint(nb) == navigation._fingerprint(fresh), (
        f"{ids(path)}: navigation cells out of place, or a launch button outside the header: run `python -m tools.build.navigation`")


@pytest.mark.parametrize("path", [*WRITTEN, *RELEASED], ids=ids)
def test_first_cell_is_the_header_and_last_the_footer(path):
    cells = paths.read(path).cells
    assert role(cells[0]) == navigation.HEADER and role(cells[-1]) == navigation.FOOTER
    assert [role(c) for c in cells].count(navigation.HEADER) == 1
    assert [role(c) for c in cells].count(navigation.FOOTER) == 1
    chapter = paths.chapter_of(path)
    assert navigation.COURSE_NAME in cells[0].source
    if chapter:
        assert navigation.chapter_label(chapter) in cells[0].source


@pytest.mark.parametrize("path", [*sorted(paths.SOURCE.glob("ch*/*.ipynb")), *RELEASED], ids=ids)
def test_assignment_header_and_footer_are_locked_nbgrader_cells(path):
    cells = paths.read(path).cells
    for cell, grade_id in ((cells[0], "header"), (cells[-1], "footer")):
        meta = nbgrader_metadata(cell)
        for added in ("checksum", "cell_type"):  # generate_assignment adds these to locked cells
            meta.pop(added, None)
        assert meta == {**LOCKED_MARKDOWN, "grade_id": grade_id}


@pytest.mark.parametrize("path", [*WRITTEN, *RELEASED, *PUBLISHED], ids=ids)
def test_every_relative_link_leads_to_a_notebook(path):
    for cell in paths.read(path).cells:
        if cell.cell_type == "markdown":
            for link in local_links(cell.source):
                target = path.parent / link
                assert target.is_file(), f"{ids(path)}: {link} leads nowhere"


def _neighbours(chapter):
    order = paths.chapters()
    at = order.index(chapter)
    return [c for c in (order[at - 1] if at else None, order[at + 1] if at + 1 < len(order) else None) if c]


@pytest.mark.parametrize("path", paths.walkthroughs(), ids=ids)
def test_a_walkthrough_leads_to_its_neighbours_and_its_assignment(path):
    chapter = paths.chapter_of(path)
    expected = {navigation.walkthrough(c) for c in _neighbours(chapter)}
    expected |= {navigation.CONTENTS, navigation.assignment(chapter, paths.RELEASE)}
    assert resolved(path, paths.read(path).cells[-1]) == {os.path.normpath(p) for p in expected}


@pytest.mark.parametrize("path", [*sorted(paths.SOURCE.glob("ch*/*.ipynb")), *RELEASED, *PUBLISHED], ids=ids)
def test_an_assignment_leads_to_its_neighbours_in_the_same_folder(path):
    """From release/ to release/, from solutions/ to solutions/; and to the walk-throughs."""
    chapter, root = paths.chapter_of(path), path.parents[1]
    expected = {navigation.assignment(c, root) for c in _neighbours(chapter)}
    expected |= {navigation.CONTENTS, navigation.walkthrough(chapter)}
    expected |= {navigation.walkthrough(c) for c in _neighbours(chapter) if c > chapter}
    assert resolved(path, paths.read(path).cells[-1]) == {os.path.normpath(p) for p in expected}


def test_the_contents_page_lists_every_chapter_with_its_three_notebooks():
    nb = paths.read(navigation.CONTENTS)
    [listing] = [c for c in nb.cells if role(c) == navigation.CHAPTERS]
    lines = listing.source.split("\n")
    assert len(lines) == len(paths.chapters())
    for chapter, line in zip(paths.chapters(), lines):
        assert navigation.title(chapter) in line
        targets = [os.path.normpath(navigation.CONTENTS.parent / link) for link in local_links(line)]
        assert targets == [os.path.normpath(p) for p in (navigation.walkthrough(chapter),
                                                          navigation.assignment(chapter, paths.RELEASE),
                                                          navigation.assignment(chapter, paths.SOLUTIONS))]


def _a_source_notebook():
    path = navigation.assignment(paths.chapters()[0])
    return path, paths.read(path)


def test_the_step_is_idempotent_and_touches_only_its_cells():
    path, nb = _a_source_notebook()
    once = navigation.apply(nb, path)
    assert navigation._fingerprint(navigation.apply(once, path)) == navigation._fingerprint(once)
    others = [c for c in once.cells if role(c) is None]
    assert [(c.source, c.get("id")) for c in others] == [(c.source, c.get("id")) for c in nb.cells if role(c) is None]
    assert len({c.get("id") for c in once.cells}) == len(once.cells)


def test_a_stale_or_missing_header_is_rewritten_and_badges_move_into_it():
    path, nb = _a_source_notebook()
    stale = copy.deepcopy(nb)
    stale.cells = [c for c in stale.cells if role(c) != navigation.HEADER]  # as before this step existed
    badges = launch.launch_badges(navigation.launch_path(path))
    stale.cells[0].source = f"# A title\n\n{badges}\n\nSome text."
    stale.cells[-1].source = "---\n\nan old footer"
    fresh = navigation.apply(stale, path)
    assert navigation._fingerprint(fresh) != navigation._fingerprint(stale)
    assert fresh.cells[1].source == "# A title\n\nSome text."
    assert [c.source for c in fresh.cells].count(navigation.header_text(path)) == 1
    assert sum(badges in c.source for c in fresh.cells) == 1
    assert fresh.cells[-1].source == navigation.footer_text(path)


def test_the_check_command_fails_on_a_stale_title(monkeypatch, capsys):
    chapter = paths.chapters()[0]
    assert navigation.main(["--check", chapter]) == 0, "run `python -m tools.build.navigation` first"
    monkeypatch.setitem(chapters.BY_ID, chapter, dataclasses.replace(
        chapters.BY_ID[chapter], title="A title nobody wrote into the notebooks"))
    assert navigation.main(["--check", chapter]) == 1
    assert "stale navigation: notebooks/" in capsys.readouterr().out


def test_a_published_solution_opens_itself_on_colab_and_binder():
    path, nb = _a_source_notebook()
    published = navigation.solution_buttons(solutions.solution_notebook(nb))
    own = f"{paths.SOLUTIONS.name}/{path.parent.name}/{path.name}"
    assert launch.launch_badges(own) in published.cells[0].source
    assert "/release/" not in published.cells[0].source
