"""The course's autograde pipeline (nbgrader's Autograde preprocessors), cut in two at SaveAutoGrades: the
part before it runs in a worker, on a private copy of the gradebook, with nbgrader's Execute replaced by
GuardedExecute; the part from it on runs in the coordinator, against the course's gradebook."""

from nbgrader.preprocessors import Execute, SaveAutoGrades

from tools.grading.execute import GuardedExecute


def split_pipeline(autograde_preprocessors):
    """The course's autograde pipeline, cut at SaveAutoGrades: what runs before it runs here (with
    Execute replaced), what runs from it on runs in the coordinator, against the real gradebook."""
    names = [p if isinstance(p, str) else p.__name__ for p in autograde_preprocessors]
    cut = next((i for i, n in enumerate(names) if n.rsplit(".", 1)[-1] == SaveAutoGrades.__name__), len(names))
    here = [GuardedExecute if n.rsplit(".", 1)[-1] == Execute.__name__ else p
            for n, p in zip(names[:cut], autograde_preprocessors[:cut])]
    return here, list(autograde_preprocessors[cut:])


def sanitize_pipeline(config):
    """The course's sanitize preprocessors (nbgrader's Autograde runs them before executing), less
    DeduplicateIds: a submission is repaired in one place, tools/grading/scan.prepare, which keeps one copy
    of a duplicated cell (the last answer before its test) and flags it. nbgrader's DeduplicateIds, after
    that, would find nothing to do; on its own it keeps the last copy's role and runs the other copies as
    plain code. What else sanitizing does (outputs cleared, the kernelspec and the locked cells overwritten
    from the gradebook, metadata checked) stays nbgrader's."""
    from nbgrader.converters import Autograde
    configured = list(config.get("Autograde", {}).get("sanitize_preprocessors", []) or []) \
        or list(Autograde.class_traits()["sanitize_preprocessors"].default())
    name = lambda p: (p if isinstance(p, str) else p.__name__).rsplit(".", 1)[-1]  # noqa: E731
    return [p for p in configured if name(p) != "DeduplicateIds"]
