"""One status type (tools/grading/status.py): README's table of statuses is exactly what the code can
produce, and whether a status has a score or needs the instructor is decided in one place."""

import re

from tools.grading import status
from tools import paths

PARTIAL_KINDS = ("kernel died", "timeout")


def readme_statuses():
    text = (paths.REPO / "README.md").read_text()
    table = text[text.index("| status | what happened | what to do |"):]
    table = table[:table.index("\n\n")]
    return [re.match(r"\| `([^`]+)` \|", line.strip()).group(1) for line in table.splitlines()[2:]]


def test_readme_lists_every_status_the_grader_gives():
    produced = {*status.ALL_FIXED, *(status.partial(kind) for kind in PARTIAL_KINDS)}
    assert set(readme_statuses()) == produced


def test_only_real_grades_have_scores_and_only_plain_ones_need_no_look():
    assert status.GRADED.scored and not status.GRADED.needs_attention
    assert not status.NO_SUBMISSION.scored and not status.NO_SUBMISSION.needs_attention
    for kind in PARTIAL_KINDS:
        cut_short = status.partial(kind)
        assert cut_short.scored and cut_short.needs_attention, cut_short
    for scored in (status.GRADED_UNTRUSTED, status.ADOPTED):
        assert scored.scored and scored.needs_attention
    for unscored in (status.NOT_GRADABLE, status.GRADING_ERROR):
        assert not unscored.scored and unscored.needs_attention


def test_a_status_read_back_from_a_report_means_the_same():
    for fixed in status.ALL_FIXED:
        again = status.Status(str(fixed))
        assert (again.scored, again.needs_attention) == (fixed.scored, fixed.needs_attention)
