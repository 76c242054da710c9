"""The py/ text twins, paired by jupytext: a change made in the text keeps every cell's id, so it stays a
small diff."""

import nbformat

from tools import paths
from tools.build import twins
from helpers import HIDDEN_BEGIN


def a_source_notebook():
    return paths.read(sorted(paths.SOURCE.glob("ch*/*.ipynb"))[0])


def test_the_twin_carries_nbgrader_metadata_and_reads_back_the_same_cells():
    nb = a_source_notebook()
    text = twins.to_text(nb)
    assert '"grade_id": "imports"' in text and "jupytext" not in text
    back = twins.merge_into(twins.from_text(text), nb)
    assert [(c.cell_type, c.source, c.metadata, c.id) for c in back.cells] == [
        (c.cell_type, c.source, c.metadata, c.id) for c in nb.cells]


def test_editing_one_line_changes_that_line_only():
    nb = a_source_notebook()
    target = next(i for i, c in enumerate(nb.cells) if HIDDEN_BEGIN in c.source)
    text = twins.to_text(nb).replace(HIDDEN_BEGIN, HIDDEN_BEGIN + "\nassert True", 1)
    edited = twins.merge_into(twins.from_text(text), nb)
    assert [c.id for c in edited.cells] == [c.id for c in nb.cells]
    changed = [i for i, (a, b) in enumerate(zip(edited.cells, nb.cells)) if a.source != b.source]
    assert changed == [target]
    before = nbformat.writes(nb).splitlines()
    after = nbformat.writes(edited).splitlines()
    assert len(after) - len(before) == 1 and len(set(after) - set(before)) == 1


def test_a_new_cell_gets_a_new_id_and_the_others_keep_theirs():
    nb = a_source_notebook()
    text = twins.to_text(nb)
    first_code = text.index("# %% nbgrader")
    text = text[:first_code] + "# %% [markdown]\n# A new paragraph.\n\n" + text[first_code:]
    edited = twins.merge_into(twins.from_text(text), nb)
    old_ids = [c.id for c in nb.cells]
    new_ids = [c.id for c in edited.cells]
    assert len(new_ids) == len(old_ids) + 1 and len(set(new_ids)) == len(new_ids)
    assert len([i for i in new_ids if i not in old_ids]) == 1
    assert [i for i in new_ids if i in old_ids] == old_ids


def test_every_edited_notebook_is_paired_by_jupytext():
    """jupytext's own pairing (jupytext.toml) puts each twin where the course keeps it, and nothing that is
    built (release/, solutions/) is paired."""
    from jupytext.config import load_jupytext_config
    from jupytext.formats import long_form_multiple_formats
    from jupytext.paired_paths import paired_paths
    for nb in paths.edited_notebooks():
        config = load_jupytext_config(str(nb))
        pair = paired_paths(str(nb), "ipynb", long_form_multiple_formats(config.default_formats(str(nb))))
        assert sorted(p for p, _ in pair) == sorted([str(nb), str(twins.twin_path(nb))]), nb
        assert twins.notebook_path(twins.twin_path(nb)) == nb
    for built in [*paths.RELEASE.glob("ch*/*.ipynb"), *paths.SOLUTIONS.glob("ch*/*.ipynb")]:
        config = load_jupytext_config(str(built))
        assert config is None or config.default_formats(str(built)) is None, f"{built} would be paired"


def test_a_notebook_saved_in_jupyterlab_loses_jupytexts_metadata_in_the_sync(tmp_path, monkeypatch):
    """JupyterLab's jupytext extension writes its filters into a paired notebook it saves; the sync takes
    them out again, so that neither the notebook nor its release carries editor metadata."""
    nb = paths.read(paths.WALKTHROUGHS / "ch01_gradients_by_hand.ipynb")
    nb.metadata["jupytext"] = {"notebook_metadata_filter": "-all"}
    saved = tmp_path / "notebooks" / "ch01_gradients_by_hand.ipynb"
    paths.write(nb, saved)
    monkeypatch.setattr(paths, "REPO", tmp_path)
    monkeypatch.setattr(twins, "pairs", lambda: [(saved, tmp_path / "py" / "notebooks" / "ch01_gradients_by_hand.py")])
    twins.strip_editor_metadata()
    assert "jupytext" not in paths.read(saved).metadata
    assert [c.source for c in paths.read(saved).cells] == [c.source for c in nb.cells]
