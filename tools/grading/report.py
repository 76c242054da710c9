"""The run's report: one row per student (``reports/<chapter>.csv``) and the table in the terminal."""

import csv
import re

from tools.grading import scores as gradebook_scores, status


REPORT_DIR = "reports"


# Then one column per test cell (its score), in notebook order.
REPORT_FIELDS = ["student_id", "name", "status", "score", "max_score", "answered", "reason", "flags",
                 "edited_cells", "isolation", "seconds"]


def test_cells_of(cells):
    """``[(test cell, points, exercise)]`` in notebook order; a test cell ``test_<exercise>[_part]`` belongs
    to that exercise (the course's naming), otherwise to none."""
    exercises = [c.name for cs in cells.values() for c in cs if c.solution and not c.locked]
    found = []
    for cell in (c for cs in cells.values() for c in cs if c.grade and c.cell_type == "code"):
        owner = next((e for e in sorted(exercises, key=len, reverse=True)
                      if re.fullmatch(rf"test_{re.escape(e)}(_\w+)?", cell.name)), None)
        found.append((cell.name, cell.points, owner))
    return found


def report_rows(course, chapter, outcomes, prepared, absent, cells):
    scores = gradebook_scores.read(course.db_url, chapter)
    tests = test_cells_of(cells)
    exercises = [c.name for cs in cells.values() for c in cs if c.solution and not c.locked]
    rows = []
    for student in sorted(outcomes):
        outcome = outcomes[student]
        edited = prepared[student].edited_cells
        score = scores.get(student, gradebook_scores.StudentScores(""))
        graded = status.Status(outcome["status"]).scored and score.submitted
        answered = prepared[student].answered if prepared[student].notebooks else None
        rows.append({
            "student_id": student, "name": score.name, "status": outcome["status"],
            "score": f"{score.total:g}" if graded else "",
            "max_score": f"{score.max_score:g}" if score.submitted else "",
            "answered": "" if answered is None else f"{len(answered)}/{len(exercises)}",
            "reason": outcome["reason"], "flags": " | ".join(outcome["flags"]),
            "edited_cells": " ".join(edited),
            "isolation": outcome["isolation"], "seconds": outcome["seconds"],
            **{name: (f"{score.cells.get(name, (0, 0))[0]:g}" if graded else "") for name, _, _ in tests},
            "_errors": outcome.get("errors", {}), "_answered": answered or [],
        })
    for student in absent:
        rows.append({"student_id": student, "name": scores[student].name if student in scores else "",
                     "status": status.NO_SUBMISSION,
                     "score": "", "max_score": "", "answered": "", "reason": "on the roster, nothing in submitted/",
                     "flags": "", "edited_cells": "", "isolation": "", "seconds": 0,
                     **{name: "" for name, _, _ in tests}, "_errors": {}, "_answered": []})
    return rows, tests


def print_report(rows, chapter, seconds, report_path, out, tests=()):
    print(f"\n{chapter}: {len(rows)} students in {seconds:.0f} s", file=out)
    width = max([len(r["student_id"]) for r in rows] + [7])
    print(f"{'student':<{width}}  {'score':>9}  status", file=out)
    for row in rows:
        score = f"{row['score']}/{row['max_score']}" if row["score"] != "" else "-"
        blank = " (blank: no answer typed in)" if row.get("answered", "").startswith("0/") else ""
        print(f"{row['student_id']:<{width}}  {score:>9}  {row['status']}{blank}", file=out)
        if row["score"] != "" and tests:
            parts = [f"{name.removeprefix('test_')} {row[name]}/{points:g}" for name, points, _ in tests]
            print(f"{'':<{width}}  {'':>9}    " + " · ".join(parts), file=out)
        for text in ([row["reason"]] if row["reason"] else []) + ([row["flags"]] if row["flags"] else []):
            for part in text.split(" | "):
                print(f"{'':<{width}}  {'':>9}    - {part}", file=out)
    attention = [r for r in rows if status.Status(r["status"]).needs_attention]
    flagged = [r for r in rows if r["flags"]]
    print(f"\n{len(attention)} need attention, {len(flagged)} flagged. Full report: {report_path}", file=out)


def write_csv(rows, tests, report_path):
    """``reports/<chapter>.csv``: the columns of REPORT_FIELDS, then one per test cell (its score)."""
    report_path.parent.mkdir(parents=True, exist_ok=True)
    with open(report_path, "w", newline="", encoding="utf-8") as f:
        table = csv.DictWriter(f, fieldnames=REPORT_FIELDS + [name for name, _, _ in tests], extrasaction="ignore")
        table.writeheader()
        table.writerows(rows)
