"""The class-wide view of a run: per test cell, who lost it and with which message (a table in the
terminal, ``<chapter>-exercises.csv`` and a bar chart beside the report)."""

import csv

from tools.grading import status


def class_summary(rows, tests):
    """Per test cell: how many graded students lost it (those who left its exercise blank apart) and which
    messages they saw, most frequent first: the diagnoses of the classic mistakes."""
    from collections import Counter
    graded = [r for r in rows if status.Status(r["status"]).scored and r["score"] != ""]
    summary = []
    for name, points, exercise in tests:
        lost = [r for r in graded if float(r[name] or 0) < points]
        blank = [r for r in lost if exercise is not None and exercise not in r["_answered"]]
        attempted = [r for r in lost if r not in blank]
        messages = Counter(r["_errors"].get(name, "no error shown") for r in attempted)
        summary.append({"test_cell": name, "exercise": exercise or "", "points": points, "graded": len(graded),
                        "full_marks": len(graded) - len(lost), "lost_blank": len(blank),
                        "lost_attempted": len(attempted), "messages": messages.most_common()})
    return summary


def write_summary(summary, chapter, report_path, out):
    """The class-wide view: a table in the terminal, ``<chapter>-exercises.csv`` and a bar chart beside the
    report."""
    print(f"\nPer test cell ({summary[0]['graded'] if summary else 0} graded):", file=out)
    width = max([len(s["test_cell"]) for s in summary] + [9])
    print(f"{'test cell':<{width}}  full  lost: blank  attempted   most frequent message", file=out)
    for s in summary:
        top = f"{s['messages'][0][0]} ({s['messages'][0][1]})" if s["messages"] else ""
        print(f"{s['test_cell']:<{width}}  {s['full_marks']:>4}  {s['lost_blank']:>11}  {s['lost_attempted']:>9}   "
              f"{top[:100]}", file=out)
    path = report_path.with_name(f"{chapter}-exercises.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        table = csv.writer(f)
        table.writerow(["test_cell", "exercise", "points", "graded", "full_marks", "lost_blank", "lost_attempted",
                        "message", "students"])
        for s in summary:
            base = [s["test_cell"], s["exercise"], f"{s['points']:g}", s["graded"], s["full_marks"], s["lost_blank"],
                    s["lost_attempted"]]
            for message, count in s["messages"] or [("", 0)]:
                table.writerow(base + [message, count])
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return path, None
    names = [s["test_cell"] for s in summary]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(names) + 1.2))
    full = [s["full_marks"] for s in summary]
    blank = [s["lost_blank"] for s in summary]
    tried = [s["lost_attempted"] for s in summary]
    ax.barh(names, full, color="#4c9a2a", label="full marks")
    ax.barh(names, tried, left=full, color="#d1495b", label="lost, attempted")
    ax.barh(names, blank, left=[a + b for a, b in zip(full, tried)], color="#bbbbbb", label="lost, left blank")
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.set_title(f"{chapter}: test cells across the class")
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    picture = report_path.with_name(f"{chapter}-exercises.png")
    fig.savefig(picture, dpi=100)
    plt.close(fig)
    return path, picture
