"""The course's autograde pipeline (nbgrader's Autograde preprocessors), cut in two at SaveAutoGrades: the
part before it runs in a worker, on a private copy of the gradebook, with nbgrader's Execute replaced by
GuardedExecute; the part from it on runs in the coordinator, against the course's gradebook."""

from nbgrader.preprocessors import Execute, SaveAutoGrades

from tools.grading.execute import GuardedExecute


def configured(config, trait):
    """The preprocessors of Autograde's ``trait`` (``autograde_preprocessors``, ``sanitize_preprocessors``)
    that ``config`` sets, or nbgrader's default list."""
    from nbgrader.converters import Autograde
    return list(config.get("Autograde", {}).get(trait, []) or []) or list(Autograde.class_traits()[trait].default())


def _class_name(preprocessor):
    """``"SaveAutoGrades"`` for the class or for its dotted path."""
    return (preprocessor if isinstance(preprocessor, str) else preprocessor.__name__).rsplit(".", 1)[-1]


def split_pipeline(autograde_preprocessors):
    """The course's autograde pipeline, cut at SaveAutoGrades: what runs before it runs here (with
    Execute replaced), what runs from it on runs in the coordinator, against the real gradebook."""
    names = [_class_name(p) for p in autograde_preprocessors]
    cut = next((i for i, n in enumerate(names) if n == SaveAutoGrades.__name__), len(names))
    here = [GuardedExecute if n == Execute.__name__ else p for n, p in zip(names[:cut], autograde_preprocessors[:cut])]
    return here, list(autograde_preprocessors[cut:])


def sanitize_pipeline(config):
    """The course's sanitize preprocessors (nbgrader's Autograde runs them before executing), less
    DeduplicateIds: a submission is repaired in one place, tools/grading/scan.prepare, which keeps one copy
    of a duplicated cell (the last answer before its test) and flags it. nbgrader's DeduplicateIds, after
    that, would find nothing to do; on its own it keeps the last copy's role and runs the other copies as
    plain code. What else sanitizing does (outputs cleared, the kernelspec and the locked cells overwritten
    from the gradebook, metadata checked) stays nbgrader's."""
    return [p for p in configured(config, "sanitize_preprocessors") if _class_name(p) != "DeduplicateIds"]
