"""The public Python API: load or describe a letter project, check it, build it.

::

    import letterpress

    project = letterpress.load("letters/icnk-2011")
    for problem in project.check():
        print(problem)
    report = project.build("out", languages=["ko"])
    pdf = project.copy("london", "en")          # bytes; nothing written

Every mistake in the input raises :class:`LetterError`, which names the file (or, for
:meth:`Project.from_data`, the field), the line and column where there is one, and the fix.
The ``letterpress`` command is a thin shell over this module.

The pipeline's modules are imported by the calls that need them, not here: importing
``letterpress`` stays as cheap as importing an empty package.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from .errors import InputError

if TYPE_CHECKING:
    from .build import BuildOptions, CopyResult, Survey
    from .cache import CacheContext
    from .fonts.batch import BatchFonts
    from .model import Project as ProjectData

__all__ = ["BuiltFile", "LetterError", "Problem", "Project", "Report", "check", "load"]

StrPath = str | os.PathLike[str]

#: Every problem in a user's input: ``file`` (or ``field``), ``line``, ``column``, ``message``, ``fix``.
#: Several found in one pass arrive together as one of these with ``errors`` listing each.
LetterError = InputError


# The result types are named tuples, not frozen dataclasses: as immutable, and made at import
# for a tenth of the cost (every `letterpress build` imports this module).
class Problem(NamedTuple):
    """A problem :meth:`Project.check` found (``error`` set: the exception a build would raise) or a
    warning :meth:`Project.warnings` gives (``error`` None); ``str()`` is what the CLI prints."""

    message: str
    file: Path | None = None
    field: str | None = None  # for data given to Project.from_data: where in it
    line: int | None = None
    column: int | None = None
    fix: str | None = None
    error: LetterError | None = None  # the exception, as build would raise it

    @classmethod
    def from_error(cls, error: LetterError) -> Problem:
        """The problem an input error describes, its parts copied out and the error kept."""
        return cls(error.message, error.file, error.field, error.line, error.column, error.fix, error)

    def __str__(self) -> str:
        if self.error is not None:
            return str(self.error)
        from .errors import Location

        # A warning: worded as the CLI prints it.
        text = f"{Location(self.file, self.line, self.column, self.field)}: warning: {self.message}"
        return text + (f"\n  fix: {self.fix}" if self.fix else "")


class BuiltFile(NamedTuple):
    """One file of a build: a letter copy (or, when asked for, an envelope, packet or label sheet)."""

    path: Path
    recipient: str  # "" for the label sheet
    language: str  # "" for a file in several languages (envelopes, packets, labels)
    pages: int
    sha256: str
    bytes: int
    kind: str = "letter"  # letter | envelope | packet | labels
    unchanged: bool = False  # its inputs had not changed since the last build: not written again

    @property
    def file(self) -> str:
        """The file's name in the output folder: ``london.ko.pdf``."""
        return self.path.name


class Report(NamedTuple):
    """What :meth:`Project.build` did: every file (written or unchanged) and the manifest."""

    files: tuple[BuiltFile, ...]  # sorted by file name
    manifest: Path
    seconds: float
    timings: Mapping[str, float]  # seconds per phase, for --json
    # files in the folder that no build of the project makes any more (a recipient taken out of the
    # roster, a language it no longer receives): left there, taken out of the manifest
    dropped: tuple[str, ...] = ()

    @property
    def written(self) -> tuple[BuiltFile, ...]:
        """The files this build wrote (those left unchanged excluded)."""
        return tuple(f for f in self.files if not f.unchanged)

    @property
    def pages(self) -> int:
        """The pages of every file of the build, written or unchanged."""
        return sum(f.pages for f in self.files)


def load(path: StrPath, *, font_dirs: Iterable[StrPath] = (), languages: Iterable[str] | None = None,
         cache_dir: StrPath | None = None) -> Project:
    """The project in the folder ``path`` (or its ``letter.yaml``), validated.

    ``font_dirs``: more folders to find fonts in, besides the project's ``fonts/`` and the
    packaged ones. ``languages``: only copies in these will be built, so another language's
    body may still be missing (its copies are left out). ``cache_dir``: the folder every cache
    of this project's stages is kept in (default: ``LETTERPRESS_CACHE_DIR``, else the user cache
    folder). Raises :class:`LetterError` for the mistakes in the files: every one found (several
    are one error, whose ``errors`` lists them); :func:`check` gives them as problems instead.
    """
    from .project import load_project

    wanted = _names(languages) if languages is not None else None
    cache = _cache_context(cache_dir)
    project = Project(load_project(Path(path), languages_wanted=wanted, cache=cache), font_dirs=font_dirs,
                      cache_dir=cache_dir)
    project._cache = cache  # the context the files were parsed with, not a second one for the same folder
    if wanted is not None:
        from .compose import plan_copies

        plan_copies(project.data, languages=wanted)  # a tag the letter does not have: said here
        project._languages = wanted  # what build() makes when not told otherwise
    return project


def _names(value: Iterable[str] | str) -> tuple[str, ...]:
    """Ids or language tags given as a list, or as one string (``"ko"``, not its letters)."""
    return (value,) if isinstance(value, str) else tuple(value)


def check(path: StrPath, *, font_dirs: Iterable[StrPath] = (), envelopes: bool = False, labels: bool = False,
          cache_dir: StrPath | None = None) -> list[Problem]:
    """Every problem a build of the project in the folder ``path`` would meet, found in one run: the
    mistakes in its files, and what :meth:`Project.check` finds in the copies they leave (a roster
    entry or a body with a mistake leaves its copies out, the rest are composed and set). Empty:
    the project builds. Never raises for a problem in the project; the arguments are as for
    :func:`load` and :meth:`Project.check`."""
    project, problems = load_for_checking(path, font_dirs=font_dirs, cache_dir=cache_dir)
    if project is not None:
        problems += project.check(envelopes=envelopes, labels=labels)
    return problems


def load_for_checking(path: StrPath, *, font_dirs: Iterable[StrPath] = (), cache_dir: StrPath | None = None
                      ) -> tuple[Project | None, list[Problem]]:
    """The project in the folder ``path``, and every mistake in its files: with mistakes, the project
    holds the recipients and bodies that have none (None: not even those can be read). For
    ``letterpress check``, which goes on to check the copies it can make."""
    from .errors import InputErrors
    from .project import load_project_for_checking

    cache = _cache_context(cache_dir)
    try:
        data, errors = load_project_for_checking(Path(path), cache=cache)
    except InputError as error:  # the letter itself cannot be read (no letter.yaml, say)
        data, errors = None, [error]
    problems = [Problem.from_error(each) for error in errors
                for each in (error.errors if isinstance(error, InputErrors) else (error,))]
    if data is None:
        return None, problems
    project = Project(data, font_dirs=font_dirs, cache_dir=cache_dir)
    project._cache = cache  # the context the files were parsed with, not a second one for the same folder
    return project, problems


def _cache_context(cache_dir: StrPath | None) -> CacheContext:
    from .cache import CacheContext, default_context

    return CacheContext(Path(cache_dir)) if cache_dir is not None else default_context()


class Project:
    """A validated letter project. Make one with :func:`load` or :meth:`Project.from_data`."""

    def __init__(self, data: ProjectData, *, font_dirs: Iterable[StrPath] = (),
                 cache_dir: StrPath | None = None) -> None:
        self.data = data  # the validated model (letterpress.model.Project): read-only
        self.font_dirs = tuple(Path(d) for d in font_dirs)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._survey: Survey | None = None
        self._languages: tuple[str, ...] | None = None  # load(languages=...): the copies build() makes
        self._not_composed: list[InputError] = []  # the survey's copies that could not be composed
        self._fonts: BatchFonts | None = None
        self._cache: CacheContext | None = None

    @property
    def cache(self) -> CacheContext:
        """Where this project's stages keep their caches, passed to every stage it runs: ``cache_dir``
        when given, else the environment's folder (``LETTERPRESS_CACHE_DIR``, else the user cache folder)."""
        if self._cache is None:
            self._cache = _cache_context(self.cache_dir)
        return self._cache

    @classmethod
    def from_data(cls, *, letter: Mapping[str, Any], bodies: Mapping[str, str],
                  signatories: Sequence[Mapping[str, Any]], recipients: Sequence[Mapping[str, Any]],
                  root: StrPath | None = None, font_dirs: Iterable[StrPath] = (),
                  cache_dir: StrPath | None = None) -> Project:
        """A project from plain data, validated exactly as the files are.

        ``letter`` is what ``letter.yaml`` holds (without the ``signatories`` and ``recipients``
        file names); ``bodies`` maps each language to the text of its ``body/<lang>.md`` (front
        matter and text); ``signatories`` and ``recipients`` are the rosters' entries. Relative
        paths in the data (a logo, signature images) and a ``fonts/`` folder are looked for in
        ``root`` (default: the current folder); ``cache_dir`` as for :func:`load`. A mistake raises
        :class:`LetterError` naming the field (``recipients[2].address.country``) or, in a body,
        ``bodies[ko]`` and the line.
        """
        from .project.data import project_from_data

        data = project_from_data(letter=letter, bodies=bodies, signatories=signatories, recipients=recipients,
                                 root=Path(root) if root is not None else Path.cwd())
        return cls(data, font_dirs=font_dirs, cache_dir=cache_dir)

    def __repr__(self) -> str:
        return f"<letterpress.Project {self.id!r}: {len(self.copies)} copies in {', '.join(self.languages)}>"

    @property
    def id(self) -> str:
        """The letter's id, from ``letter.yaml``."""
        return self.data.id

    @property
    def date(self) -> dt.date:
        """The letter's date, as every copy prints it."""
        return self.data.date

    @property
    def languages(self) -> tuple[str, ...]:
        """The letter's languages, in ``letter.yaml``'s order."""
        return self.data.languages

    @property
    def recipients(self) -> tuple[str, ...]:
        """The recipients' ids, in roster order."""
        return tuple(r.id for r in self.data.recipients)

    @property
    def copies(self) -> tuple[tuple[str, str], ...]:
        """Every (recipient id, language) copy the project makes, in roster order."""
        from .compose import plan_copies

        return tuple((c.recipient_id, c.language) for c in plan_copies(self.data))

    def check(self, *, envelopes: bool = False, labels: bool = False) -> list[Problem]:
        """Every problem a build would meet (missing glyphs, addresses that do not fit their window,
        text that cannot be set), for every copy; nothing is written. Empty: the project builds.
        ``envelopes``, ``labels``: as for :meth:`build`, the envelopes' and the label sheet's too
        (an address that fits the letter's window may not fit a label)."""
        from .errors import InputErrors
        from .preflight import once_per_script

        found: list[InputError] = []
        # active too: the packaged page layouts and letter forms are read by lookups no caller passes a
        # context to (see CacheContext.active); they keep their parsed form in this project's cache
        with self.cache.active():
            self._check_into(found, envelopes=envelopes, labels=labels)
        flat: list[InputError] = []
        for each in found:
            flat.extend(each.errors if isinstance(each, InputErrors) else (each,))
        return [Problem.from_error(problem) for problem in once_per_script(flat)]

    def _check_into(self, found: list[InputError], *, envelopes: bool, labels: bool) -> None:
        from .preflight import coverage_problems, document_problems, text_problems, tofu_problems
        from .typeset import typeset_document

        try:
            fonts = self._batch_fonts()
            found += text_problems(self.data) + coverage_problems(self.data, fonts.default)
            found += self._not_composed
            for copy, document in self._surveyed().documents.items():
                try:
                    problems = document_problems(document, fonts.of(copy.recipient_id))
                    found += problems
                    if not problems:
                        typeset = typeset_document(document, fonts.of(copy.recipient_id), cache=self.cache)
                        found += tofu_problems(typeset, self.data, copy.language)
                except InputError as error:
                    found.append(error)
            if envelopes or labels:
                from .build import Batch, BuildOptions, product_problems

                options = BuildOptions(out_dir=Path("."), envelopes=envelopes, labels=labels)
                found += product_problems(Batch(self.data, fonts, options, self._surveyed(), self.cache))
        except InputError as error:
            found.append(error)

    def warnings(self, languages: Iterable[str] | None = None) -> list[Problem]:
        """What a build warns about without refusing: bodies still the template ``letterpress new``
        wrote, or with the same text as another language's (not translated yet?). ``languages``:
        only those of the copies to be built."""
        from .project.unfinished import template_body_text, unfinished_bodies

        wanted = set(languages) if languages is not None else None
        return [Problem(w.message, w.location.file, w.location.field, w.location.line, w.location.column, w.hint)
                for w in unfinished_bodies(self.data, template_body_text())
                if wanted is None or w.language in wanted]

    def build(self, out: StrPath, *, recipients: Iterable[str] | None = None,
              languages: Iterable[str] | None = None, jobs: int | None = None, sign: StrPath | None = None,
              passphrase: str | bytes | None = None, timestamp_url: str | None = None,
              signature_stamp: bool = False, force: bool = False, envelopes: bool = False,
              packets: bool = False, labels: bool = False, sort_signatories: bool = False,
              show_windows: bool = False, shard: str | None = None,
              on_start: Callable[[int], None] | None = None,
              on_file: Callable[[BuiltFile], None] | None = None,
              on_wait: Callable[[str], None] | None = None) -> Report:
        """Write ``out/<recipient>.<lang>.pdf`` for every copy (or those asked for) and ``out/manifest.json``.

        A copy whose inputs did not change since the last build into ``out`` is kept as it is
        (``force=True`` rebuilds it). ``jobs``: worker processes (default one per CPU).
        ``sign``: a PKCS#12 key file; its passphrase from ``passphrase`` or the
        ``LETTERPRESS_SIGN_PASSPHRASE`` environment variable. ``shard``: ``"K/N"``, the K-th of N
        deterministic shares. ``on_start(count)`` and ``on_file(file)`` report progress;
        ``on_wait(message)`` is told when another build is writing to ``out`` (this one waits for it).
        """
        from .build import build_project

        if languages is None:
            languages = self._languages
        options = self._options(out, recipients=recipients, languages=languages, jobs=jobs, force=force,
                                envelopes=envelopes, packets=packets, labels=labels,
                                sort_signatories=sort_signatories, show_windows=show_windows, shard=shard)
        if sign is not None:
            options = _with_key(options, Path(sign), passphrase, timestamp_url, signature_stamp)
        elif timestamp_url or signature_stamp:
            raise LetterError("a timestamp URL or signature stamp goes with a signing key",
                              hint="pass sign='key.p12' too")
        out_dir = Path(out)

        def built(result: CopyResult) -> BuiltFile:
            record = result.record
            return BuiltFile(out_dir / record.file, record.recipient, record.language, record.pages,
                             record.sha256, record.bytes, record.kind, result.skipped)

        def each(result: CopyResult) -> None:
            if on_file is not None:
                on_file(built(result))

        report = build_project(self.data, options, on_copy=each, on_start=on_start, on_wait=on_wait)
        files = tuple(sorted((built(r) for r in report.results), key=lambda f: f.file))
        assert report.manifest is not None  # written even when a build fails half-way
        return Report(files, report.manifest, report.timings.get("total", 0.0), dict(report.timings),
                      tuple(report.dropped))

    def copy(self, recipient: str, language: str, *, sort_signatories: bool = False,
             show_windows: bool = False) -> bytes:
        """The PDF of one copy, checked as a build checks it; nothing is written."""
        with self.cache.active():  # as in check()
            return self._copy(recipient, language, sort_signatories, show_windows)

    def _copy(self, recipient: str, language: str, sort_signatories: bool, show_windows: bool) -> bytes:
        from .build import build_copy
        from .cache import flush
        from .compose import compose_copy, plan_copies
        from .errors import collect
        from .preflight import text_problems
        from .typeset import address_problems, page_layout

        wanted = plan_copies(self.data, recipients=(recipient,), languages=(language,))
        if not wanted and language in self.data.recipient(recipient).languages:
            raise LetterError(f"the letter's {language} text is not written yet: body/{language}.md is missing",
                              hint=f"write body/{language}.md, or ask for a copy in another language")
        if not wanted:
            raise LetterError(f"recipient {recipient!r} receives no copy in {language}",
                              hint=f"its languages are {', '.join(self.data.recipient(recipient).languages)}")
        fonts = self._batch_fonts()
        surveyed = self._surveyed().documents
        document = surveyed[wanted[0]] if not sort_signatories and wanted[0] in surveyed else \
            compose_copy(self.data, wanted[0], sort_signatories=sort_signatories, cache=self.cache)  # (or its mistake)
        # as a build refuses it first: a character no letter may hold, an address too big for its window
        collect(text_problems(self.data)
                + address_problems({recipient: (document.address, page_layout(document).name)}, fonts.of, self.cache))
        data, _ = build_copy(self.data, document, fonts.of(recipient), show_windows=show_windows, cache=self.cache)
        flush()
        return data

    def _options(self, out: StrPath, *, recipients: Iterable[str] | None, languages: Iterable[str] | None,
                 jobs: int | None, force: bool, envelopes: bool, packets: bool, labels: bool,
                 sort_signatories: bool, show_windows: bool, shard: str | None) -> BuildOptions:
        from .build import BuildOptions, Shard
        from .errors import UsageError

        if jobs is not None and jobs < 0:
            raise UsageError("jobs must be 0 (one per CPU) or more")
        if not str(out):  # (Path("") is the current folder: a build would write its PDFs there)
            raise UsageError("an empty output folder: give a folder name (. for the current folder)")
        return BuildOptions(out_dir=Path(out), recipients=_names(recipients or ()), languages=_names(languages or ()),
                            font_dirs=self.font_dirs, force=force, jobs=jobs or 0,
                            shard=Shard.parse(shard) if shard is not None else None, envelopes=envelopes, packets=packets,
                            labels=labels, show_windows=show_windows, sort_signatories=sort_signatories,
                            cache_dir=self.cache.folder)

    def _surveyed(self) -> Survey:
        """Every copy composed, and what they draw: once per Project."""
        if self._survey is None:
            from .build import survey_project

            # a copy that cannot be composed is left out, its mistake kept for check()
            self._survey = survey_project(self.data, cache=self.cache, problems=self._not_composed)
        return self._survey

    def _batch_fonts(self) -> BatchFonts:
        """The faces every copy needs, prepared once per Project (the files are cached on disk too)."""
        if self._fonts is None:
            from .fonts.batch import prepare_batch_fonts

            self._fonts = prepare_batch_fonts(self.data, self._surveyed().font_texts, font_dirs=self.font_dirs,
                                              cache=self.cache)
        return self._fonts


def _with_key(options: BuildOptions, key_file: Path, passphrase: str | bytes | None, timestamp_url: str | None,
              stamp: bool) -> BuildOptions:
    from dataclasses import replace

    from .sign import load_signing_key, passphrase_from_env_or_prompt

    secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    if secret is None:
        secret = passphrase_from_env_or_prompt(interactive=False)
    key = load_signing_key(key_file, secret)
    return replace(options, signing_key=key, timestamp_url=timestamp_url, signature_stamp=stamp)
