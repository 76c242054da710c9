"""Collecting an LMS download safely: the plugins behind ``nbgrader zip_collect CHAPTER``.

nbgrader's own plugins unpack whatever an archive holds and give each notebook to the student whose id
its file name starts with, wherever the file sits. In a class download, most names are the LMS's, but
a student's own zip upload is unpacked too, and the names inside it are the student's: a file named
``victim_ch01_gradients_by_hand.ipynb`` there would land in another student's folder, and two files
for one student and notebook stop nbgrader for the whole class. These plugins, enabled in
nbgrader_config.py, make three rules hold:

- Nothing is written outside ``downloaded/<chapter>/extracted/``. An archive member with an absolute
  path, a ``..`` component or a link (symbolic or hard) is refused with a message naming it; the rest of
  the archive is unpacked.
- A notebook belongs to the student the LMS named: a notebook's own name when the LMS gave it
  (``downloaded/<chapter>/archive/*.ipynb``, or a member of a class download there), or, for a file
  inside a student's uploaded archive, the name of that upload. A name inside an upload never decides
  whose it is.
- Several files for the same student and notebook are a resubmission: the one with the LMS's highest
  number is collected (a resubmitted name ends in ``-1``, ``-2``, or `` (2)``; no number counts as 0, and
  late work, ``_LATE_``, counts like any other), and the summary names the others. For a file inside a
  student's upload the number is the upload's (``jdoe_1_2_work-1.zip``): numbers on the names inside it
  are the student's, and count for nothing. A clash (two files with the same highest number) collects
  neither of them and says which they are; every other student is collected as usual.
- Besides the LMS's prefixes, a notebook's name may carry a copy's prefix (``Copy of ``, ``Copy_of_``, as
  Colab names a notebook saved as a copy) and a resubmission's number: the notebook is still the
  assignment's.

The command ends with a summary of the earlier submissions it left out and of everything not collected,
with the reason for each, and exits with status 1 when anything was not collected (0 otherwise: leaving
out an earlier submission is the rule, not a failure).
"""

import os
import re
import shutil
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from typing import Optional

from nbgrader.plugins import ExtractorPlugin, FileNameCollectorPlugin
from nbgrader.utils import find_all_notebooks
from traitlets import Int, Unicode

SHOWN_SEPARATOR = " > "

# A resubmission's number as LMSs append it to a name: "-2" (Canvas) or " (2)".
REVISION = r"(?:-(?P<dash>\d+)|\s?\((?P<paren>\d+)\))"
# The prefix of a notebook saved as a copy ("Copy of x.ipynb" in Colab; "Copy_of_" once the spaces have
# been replaced).
COPY_PREFIX = r"^[Cc]opy[ _]of[ _]"


def revision_number(text):
    """The number in a revision suffix as the named_regexp captured it ("-2", " (2)"), or 0 for none."""
    match = re.fullmatch(REVISION, text or "")
    return int(match.group("dash") or match.group("paren")) if match else 0


def upload_revision(name):
    """The resubmission number of a student's upload, from the name the LMS gave it ("jdoe_1_2_work-1.zip"
    is 1, "jdoe_1_2_work.tar.gz" is 0)."""
    base = os.path.basename(name)
    match = re.search(REVISION + r"(?=\.[A-Za-z0-9.]+$)", base)
    return int(match.group("dash") or match.group("paren")) if match else 0


def plain_notebook_name(name):
    """A notebook's name without a copy's prefix or a resubmission number: "Copy of x-2.ipynb" -> "x.ipynb"."""
    stem, ext = os.path.splitext(re.sub(COPY_PREFIX, "", name))
    return re.sub(REVISION + "$", "", stem) + ext


@dataclass(frozen=True)
class Origin:
    """Where an extracted file came from."""
    lms_name: str                # the path the LMS gave: the notebook itself, or the student's upload
    inner: Optional[str]         # the path inside the student's upload; None for a file the LMS named
    shown: str                   # for messages: "submissions.zip > jdoe_1_2_work.zip > ch01_x.ipynb"


class ArchiveError(Exception):
    pass


def unsafe_reason(name, kind):
    """Why an archive member may not be unpacked, or "" when it may. Backslashes count as folder
    separators: an archive made on Windows uses them, and unpacked there they would climb out too."""
    if kind == "symlink":
        return "is a symbolic link"
    if kind == "hardlink":
        return "is a hard link"
    if kind == "special":
        return "is not a regular file or folder"
    if "\x00" in name:
        return "has a NUL character in its name"
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return "has an absolute path"
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return "climbs out of its folder ('..' in its path)"
    if not parts:
        return "has an empty name"
    return ""


def member_parts(name):
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def ignorable(parts):
    """Folders and files an archive tool adds by itself: macOS resource forks, Jupyter checkpoints,
    hidden files. They are nobody's answer, and a checkpoint would otherwise clash with the notebook."""
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def archive_members(path):
    """Yield ``(name, kind, open)`` for each member of a zip or tar archive; ``kind`` is "file", "dir",
    "symlink", "hardlink" or "special", and ``open()`` returns a binary file of a "file" member."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                mode = info.external_attr >> 16
                kind = ("symlink" if stat.S_ISLNK(mode) else "dir" if info.is_dir() or stat.S_ISDIR(mode) else
                        "special" if stat.S_IFMT(mode) not in (0, stat.S_IFREG) else "file")
                yield info.filename, kind, (lambda info=info: zf.open(info))
    elif tarfile.is_tarfile(path):
        with tarfile.open(path) as tf:
            for member in tf:
                kind = ("dir" if member.isdir() else "file" if member.isfile() else "symlink" if member.issym()
                        else "hardlink" if member.islnk() else "special")
                yield member.name, kind, (lambda member=member: tf.extractfile(member))
    else:
        raise ArchiveError("it is neither a zip nor a tar archive")


def inside(path, folder):
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


class SafeExtractorPlugin(ExtractorPlugin):
    """Unpacks ``downloaded/<chapter>/archive/`` into ``extracted/`` member by member, refusing unsafe
    members, and remembers where every extracted file came from (for SafeCollectorPlugin)."""

    max_depth = Int(4, help="Archives nested deeper than this (a zip in a zip in ...) are refused.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.origins = {}    # normalised extracted path -> Origin
        self.problems = []   # what was not extracted, and why
        self.ignored = []    # hidden files and archive tools' own (macOS __MACOSX/, checkpoints)

    def refuse(self, shown, reason):
        message = f"{shown} {reason}: not extracted"
        self.problems.append(message)
        self.log.error("Refused %s", message)

    def is_archive(self, name):
        lowered = name.lower()
        return any(lowered.endswith(ext) for ext in self.zip_ext)

    def extract(self, archive_path, extracted_path):
        self.origins.clear()
        self.problems.clear()
        self.ignored.clear()
        for root, dirs, files in os.walk(archive_path):
            dirs.sort()
            relative = os.path.relpath(root, archive_path)
            for name in list(dirs):
                if os.path.islink(os.path.join(root, name)):
                    self.refuse(os.path.normpath(os.path.join(relative, name)), "is a symbolic link to a folder")
                    dirs.remove(name)
            dest_dir = os.path.normpath(os.path.join(extracted_path, relative))
            for name in sorted(files):
                path = os.path.join(root, name)
                shown = os.path.normpath(os.path.join(relative, name))
                if os.path.islink(path):
                    self.refuse(shown, "is a symbolic link")
                elif self.is_archive(name):
                    # A download the LMS made for the class: the LMS named each member.
                    self.log.info("Extracting %s", shown)
                    self._extract(path, shown, os.path.join(dest_dir, name + ".contents"), upload=None, depth=1)
                else:
                    os.makedirs(dest_dir, exist_ok=True)
                    dest = os.path.join(dest_dir, name)
                    shutil.copyfile(path, dest)
                    self.origins[os.path.normpath(dest)] = Origin(name, None, shown)

    def _extract(self, path, shown, dest_root, upload, depth):
        """Unpack the archive at ``path`` into ``dest_root``. ``upload`` is None for a class download
        (its members are named by the LMS) and the LMS's name of the student's upload otherwise."""
        if depth > self.max_depth:
            self.refuse(shown, f"is an archive nested more than {self.max_depth} deep")
            return
        os.makedirs(dest_root, exist_ok=True)
        try:
            for name, kind, open_member in archive_members(path):
                member_shown = shown + SHOWN_SEPARATOR + name
                reason = unsafe_reason(name, kind)
                if reason:
                    self.refuse(member_shown, reason)
                    continue
                parts = member_parts(name)
                if kind == "dir":
                    continue
                if ignorable(parts):
                    self.ignored.append(member_shown)
                    self.log.info("Ignored %s (hidden, or added by an archive tool)", member_shown)
                    continue
                dest = os.path.join(dest_root, *parts)
                if not inside(os.path.dirname(dest), dest_root):  # cannot happen after unsafe_reason; kept as a guard
                    self.refuse(member_shown, "would be written outside the extraction folder")
                    continue
                if os.path.lexists(dest):
                    self.refuse(member_shown, "has the same path as an earlier member of its archive")
                    continue
                try:
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    # "x": never replaces, and never writes through, anything already there.
                    with open_member() as source, open(dest, "xb") as target:
                        shutil.copyfileobj(source, target)
                except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, RuntimeError) as error:
                    self.refuse(member_shown, f"could not be unpacked ({type(error).__name__}: {error})")
                    continue
                lms_name = upload if upload is not None else "/".join(parts)
                inner = None if upload is None else "/".join(parts)
                if self.is_archive(parts[-1]):
                    # A student's own upload (or an archive inside one): its names are the student's.
                    self._extract(dest, member_shown, dest + ".contents", upload=lms_name, depth=depth + 1)
                    os.remove(dest)  # unpacked: its files are what gets collected
                else:
                    self.origins[os.path.normpath(dest)] = Origin(lms_name, inner, member_shown)
        except (ArchiveError, OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, RuntimeError) as error:
            self.refuse(shown, f"could not be read as an archive ({error})")


class SafeCollectorPlugin(FileNameCollectorPlugin):
    """Gives each extracted notebook to the student the LMS named (see the module's docstring).

    ``named_regexp`` is matched against the path the LMS gave a notebook inside its download (or the
    file name of a notebook in archive/); ``upload_regexp`` against the path of a student's uploaded
    archive, and gives only the student id."""

    upload_regexp = Unicode(
        r"^(?P<student_id>[A-Za-z0-9.@-]+)_",
        help="Regular expression with a (?P<student_id>...) group, matched against the name the LMS gave "
             "a student's uploaded archive.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.plan = {}       # normalised extracted path -> what collect() returns
        self.released = []
        self.problems = []   # what is not collected, and why
        self.left_out = []   # earlier submissions of a student who resubmitted
        self.notes = []      # collected, but worth a look
        app = self.parent
        if app is not None and hasattr(app, "process_extracted_files"):
            # nbgrader asks the collector about one file at a time and exits 0 whatever it skipped; it has
            # no hook after collecting. Planning every file first is what lets a clash skip only the files
            # concerned, and the summary afterwards is what sets the exit status.
            collect_files = app.process_extracted_files

            def process_extracted_files():
                self.make_plan(app)
                collect_files()
                self.summarise(app)
            app.process_extracted_files = process_extracted_files

    # -- deciding -----------------------------------------------------------------------------

    def make_plan(self, app):
        extractor = app.extractor_plugin_inst
        if not isinstance(extractor, SafeExtractorPlugin):
            app.fail("tools.grading.collect.SafeCollectorPlugin needs ZipCollectApp.extractor_plugin = "
                     "'tools.grading.collect.SafeExtractorPlugin' (it tells who uploaded what): nothing collected")
        self.problems = list(extractor.problems)
        self.released = released = find_all_notebooks(app.coursedir.format_path(app.coursedir.release_directory, ".",
                                                                app.coursedir.assignment_id))
        claims = {}
        for path, origin in sorted(extractor.origins.items()):
            if os.path.splitext(path)[1] not in self.valid_ext:
                self.log.info("Not a notebook, not collected: %s", origin.shown)
                continue
            attributed = self.attribute(origin, released)
            if attributed is not None:
                info, revision = attributed
                key = (info["student_id"], os.path.splitext(info["file_id"])[0])
                claims.setdefault(key, []).append((revision, path, origin, info))
        for (student, file_id), entries in sorted(claims.items()):
            newest = max(revision for revision, _, _, _ in entries)
            kept = [entry for entry in entries if entry[0] == newest]
            if len(kept) > 1:
                # Nothing tells which of them the student meant: the instructor decides.
                shown = "; ".join(origin.shown for _, _, origin, _ in entries)
                self.problems.append(
                    f"{len(entries)} files for student {student}, notebook {file_id}.ipynb, so neither was "
                    f"collected: {shown}. Put the right one into "
                    f"{app.coursedir.submitted_directory}/{student}/{app.coursedir.assignment_id}/ by hand.")
                continue
            _, path, chosen, info = kept[0]
            self.plan[path] = info
            for _, _, origin, _ in entries:
                if origin is not chosen:
                    self.left_out.append(f"{origin.shown}: an earlier submission; collected the newest, "
                                         f"{chosen.shown}")

    def attribute(self, origin, released):
        """``({"student_id", "file_id", ...}, resubmission number)`` for a notebook, or None (the reason is
        in self.problems)."""
        if origin.inner is None:
            match = re.match(self.named_regexp, origin.lms_name) if self.named_regexp else None
            if not match:
                self.problems.append(f"{origin.shown}: the name does not match the course's file-name pattern "
                                     "(FileNameCollectorPlugin.named_regexp), so it names no student")
                return None
            info = {k: v for k, v in match.groupdict().items() if v is not None}
            revision = revision_number(info.pop("revision", None))
        else:
            match = re.match(self.upload_regexp, origin.lms_name)
            if not match or not match.groupdict().get("student_id"):
                self.problems.append(f"{origin.shown}: the upload's name {origin.lms_name} names no student "
                                     "(SafeCollectorPlugin.upload_regexp)")
                return None
            student = match.group("student_id")
            revision = upload_revision(origin.lms_name)
            base = os.path.basename(origin.inner)
            own = re.match(self.named_regexp, base) if self.named_regexp else None
            if plain_notebook_name(base) in released:
                file_id = os.path.splitext(plain_notebook_name(base))[0]
            elif not own:
                file_id = os.path.splitext(base)[0]
            else:
                # A student who uploads a zip of a file the LMS once named ("jdoe_ch01_x.ipynb").
                file_id = own.group("file_id")
                if own.groupdict().get("student_id") not in (None, student):
                    self.notes.append(f"{origin.shown} is named for student {own.group('student_id')}, but "
                                      f"{student} uploaded it: collected for {student}")
            info = {"student_id": student, "file_id": file_id}
        student = info.get("student_id", "")
        if not student or student.startswith(".") or "/" in student or "\\" in student:
            self.problems.append(f"{origin.shown}: {student!r} cannot be a student id (it is no folder name)")
            return None
        return info, revision

    def collect(self, submitted_file):
        if os.path.splitext(submitted_file)[1] not in self.valid_ext:
            return None
        return self.plan.get(os.path.normpath(submitted_file))

    # -- telling --------------------------------------------------------------------------------

    def summarise(self, app):
        # With --strict, nbgrader itself leaves out notebooks not named as in the release (and says so).
        kept = [info for info in self.plan.values()
                if not app.strict or os.path.splitext(info["file_id"])[0] + ".ipynb" in self.released]
        collected = sorted({info["student_id"] for info in kept})
        ignored = app.extractor_plugin_inst.ignored
        if ignored:
            self.log.info("%d hidden or archive-tool files ignored (e.g. %s)", len(ignored), ignored[0])
        for note in self.notes:
            self.log.warning("Check: %s", note)
        for older in self.left_out:
            self.log.warning("Left out: %s", older)
        for problem in self.problems:
            self.log.error("Not collected: %s", problem)
        summary = (f"zip_collect {app.coursedir.assignment_id}: {len(kept)} notebooks collected for "
                   f"{len(collected)} students")
        if self.left_out:
            summary += f"; {len(self.left_out)} earlier submissions left out (each is listed above)"
        if self.problems:
            app.fail(f"{summary}; {len(self.problems)} not collected (each is listed above with the reason). "
                     "Every other submission was collected.")
        self.log.info("%s; nothing refused.", summary)
