"""The py/ text twins: a change made in the text keeps every cell's id, so it stays a small diff."""

import nbformat

from tools import paths, twins


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
    target = next(i for i, c in enumerate(nb.cells) if "### BEGIN HIDDEN TESTS" in c.source)
    text = twins.to_text(nb).replace("### BEGIN HIDDEN TESTS", "### BEGIN HIDDEN TESTS\nassert True", 1)
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
