"""The batch: every stage, in order, for every copy of a project.

    load -> plan copies -> survey (compose) -> prepare fonts -> preflight -> typeset -> render -> (sign) -> write

``build_project`` is the library's main entry point; the CLI is a thin shell around it.

    options   BuildOptions: what a build is asked to do
    plan      which copies (Shard) and files (products), and each file's fingerprint
    survey    one pass composing every copy: the composed copies, and what fonts and preflight need
    products  one type per kind of file (letter copy, envelope, packet, label sheet), one write path
    runner    the files in this process or in a pool of forked workers; the collector's thresholds

Fonts are prepared and copies composed once per batch, and shared with the worker processes;
each file is written as soon as it is made and only its record is kept.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..cache import CacheContext
from ..cache import flush as flush_caches
from ..compose import Copy, plan_copies
from ..errors import InputError, collect
from ..fonts import font_index, prepare_fonts
from ..fonts.batch import font_overrides, prepare_batch_fonts
from ..fonts.face import FontSet
from ..model import Project
from ..preflight import coverage_problems, generated_text_problems, once_per_script, text_problems
from ..record import (FileRecord, Manifest, OutputLock, current_record, earlier_records, ensure_output_dir,
                      read_journal, read_manifest, remove_journal, remove_stale_temporaries, write_manifest)
from ..typeset import address_problems
from .options import BuildOptions
from .plan import Shard, fingerprint, plan_products
from .products import Batch, CopyResult, Product, build_copy
from .runner import Work, fewer_collections, write_all
from .survey import Survey, survey_project


@dataclass
class BuildReport:
    """What a build did: every file's result (written or unchanged), the manifest, seconds per phase."""

    results: list[CopyResult] = field(default_factory=list)
    manifest: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # files an earlier build wrote for a recipient no longer in the roster, or a language it no
    # longer receives: left in the folder, no longer in the manifest
    dropped: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        """How many files were written (not left unchanged)."""
        return sum(1 for r in self.results if not r.skipped)

    @property
    def pages(self) -> int:
        """Pages in every file of the build."""
        return sum(r.record.pages for r in self.results)


def prepare_project_fonts(project: Project, options: BuildOptions, survey: Survey | None = None) -> FontSet:
    """The letter's faces for every copy the project can make (not just this batch's, so the
    cache is shared), from ``survey`` (made here if not given)."""
    cache = CacheContext(options.cache_dir)
    survey = survey if survey is not None else survey_project(project, cache=cache)
    return prepare_fonts(survey.font_texts, project_dir=project.root, font_dirs=options.font_dirs,
                         overrides=font_overrides(project), cache=cache)


def build_project(project: Project, options: BuildOptions,
                  on_copy: Callable[[CopyResult], None] | None = None,
                  on_start: Callable[[int], None] | None = None,
                  on_wait: Callable[[str], None] | None = None) -> BuildReport:
    """Build the project's copies into ``options.out_dir``. One build at a time writes to a
    folder: another one waits (``on_wait`` is told which process it waits for)."""
    # Every cache of the build is in one folder, options.cache_dir's when given: the context is
    # passed to every stage (survey/compose, fonts, typeset, render, through the Batch to the
    # workers); it is also the active one for the memoized lookups no stage can pass it to
    # (packaged YAML, a language's likely script: see CacheContext).
    cache = CacheContext(options.cache_dir)
    with fewer_collections(), cache.active(), OutputLock(ensure_output_dir(options.out_dir), on_wait=on_wait):
        try:
            return _build_project(project, options, cache, on_copy, on_start)
        finally:
            cache.close()


def _copies_asked_for(project: Project, options: BuildOptions) -> tuple[Copy, ...]:
    """The copies asked for (by --recipient and --language), of which a shard makes its share."""
    copies = plan_copies(project, recipients=options.recipients, languages=options.languages)
    if options.shard is not None:
        return copies  # a share may be empty
    if not copies:
        raise InputError("nothing to build: no recipient receives the languages asked for",
                         hint="check --recipient and --language against recipients.yaml")
    return copies


def _refuse_before_writing(batch: Batch, copies: tuple[Copy, ...], products: list[Product]) -> None:
    """Tofu (in the input or in what letterpress adds: dates, country names, page labels), and
    addresses that do not fit their windows, envelopes or labels: every problem at once, before any
    file is written."""
    project, survey, fonts = batch.project, batch.survey, batch.fonts
    wanted = {copy.recipient_id for copy in copies}
    collect(text_problems(project) + once_per_script(coverage_problems(project, fonts.default)
                            + generated_text_problems(survey.texts, fonts.default))
            + address_problems({rid: a for rid, a in survey.addresses.items() if rid in wanted}, fonts.of,
                               batch.cache)
            + product_problems(batch, products))


def _no_longer_made(project: Project, record: FileRecord) -> bool:
    """Whether an earlier build's file is of a recipient no longer in the roster, or a letter in a
    language its recipient no longer receives: no build of the project makes it any more."""
    if not record.recipient:
        return False  # the label sheet
    try:
        recipient = project.recipient(record.recipient)
    except KeyError:
        return True
    return record.kind == "letter" and record.language not in recipient.languages


def product_problems(batch: Batch, products: list[Product] | None = None) -> list[InputError]:
    """What would stop ``products`` (default: every file of a build of all the project's copies
    with ``batch.options``: for ``check``) beyond the copies' own checks: envelope windows, labels."""
    if products is None:  # the copies the survey composed (check leaves out a copy with a mistake of its own)
        products = [product for product in plan_products(batch.project, plan_copies(batch.project), batch.options)
                    if all(copy in batch.survey.documents for copy in product.copies)]
    return [problem for product in products for problem in product.problems(batch)]


def _build_project(project: Project, options: BuildOptions, cache: CacheContext,
                   on_copy: Callable[[CopyResult], None] | None,
                   on_start: Callable[[int], None] | None) -> BuildReport:
    started = time.perf_counter()
    asked = _copies_asked_for(project, options)
    copies = options.shard.select(asked) if options.shard is not None else asked  # the letters made here
    out_dir = ensure_output_dir(options.out_dir)
    remove_stale_temporaries(out_dir)
    # The font index first: it needs only the font folders, and a cold build's survey would wait
    # meanwhile for the country names and dates asked of CLDR ahead (letterpress.cldr.ask_ahead).
    index = font_index(project.root, options.font_dirs, cache).read()
    not_composed: list[InputError] = []
    survey = survey_project(project, sort_signatories=options.sort_signatories, cache=cache, problems=not_composed)
    collect(not_composed)  # every copy's (an address its post refuses), not only the first one's
    fonts = prepare_batch_fonts(project, survey.font_texts, font_dirs=options.font_dirs, cache=cache, index=index)
    batch = Batch(project, fonts, replace(options, out_dir=out_dir), survey, cache)
    products = plan_products(project, asked, options)
    _refuse_before_writing(batch, asked, products)  # (every shard refuses alike)
    report = BuildReport()
    report.timings["prepare"] = time.perf_counter() - started
    if on_start is not None:
        on_start(len(copies))

    manifest_before = read_manifest(out_dir)
    earlier_files = earlier_records(manifest_before, read_journal(out_dir))
    planned = {product.file for product in products}
    # The files this build does not make stay recorded if they are there unchanged; a file it makes
    # is read (and hashed) only when it may be kept: not with --force, not when no record of it
    # has the inputs it has now.
    records: dict[str, FileRecord] = {file: record for file, older in earlier_files.items() if file not in planned
                                      and (record := current_record(out_dir, older)) is not None}
    report.dropped = sorted(file for file, record in records.items() if _no_longer_made(project, record))
    for file in report.dropped:
        del records[file]
    work: Work = []
    for product in products:
        inputs = fingerprint(batch, product)
        older = earlier_files.get(product.file, [])
        earlier = current_record(out_dir, older) \
            if not options.force and any(record.inputs == inputs for record in older) else None
        if earlier is not None and earlier.inputs == inputs:
            records[product.file] = earlier
            result = CopyResult(earlier, skipped=True)
            report.results.append(result)
            if on_copy is not None:
                on_copy(result)
        else:
            work.append((product, inputs))  # being rebuilt: not complete until written again

    def manifest() -> Manifest:
        return Manifest(letter=project.id, date=project.date.isoformat(),
                        inputs={item.path: item.sha256 for item in project.inputs}, files=tuple(records.values()))

    # The manifest never lists a file whose bytes differ: the entries of files about to be
    # replaced leave it before any is; each file that lands is journalled at once (a kill keeps it).
    if manifest_before is not None and {r.file for r in manifest_before.files} - set(records):
        write_manifest(out_dir, manifest())

    def done(result: CopyResult) -> None:
        records[result.record.file] = result.record
        report.results.append(result)
        if on_copy is not None:
            on_copy(result)

    try:
        write_all(batch, work, done)
        flush_caches()
    finally:
        # Even when interrupted, the manifest lists exactly the complete files.
        report.manifest = write_manifest(out_dir, manifest())
        remove_journal(out_dir)
        report.timings["total"] = time.perf_counter() - started
    return report


__all__ = ["Batch", "BuildOptions", "BuildReport", "CopyResult", "Shard", "Survey", "build_copy", "build_project",
           "fewer_collections", "prepare_project_fonts", "product_problems", "survey_project"]
