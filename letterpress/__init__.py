"""letterpress: one multilingual letter, typeset into signed, print-ready PDFs.

The pipeline, one stage per subpackage, data flowing one way:

    project    load and validate the letter project          -> model.Project
    locale     dates, country names, addresses, typography    (per language)
    fonts      find, choose and prepare faces                 -> fonts.FontSet
    compose    one document per (recipient, language)         -> compose.Document
    preflight  every character no face draws, before setting  -> errors
    layout     shape, break and justify lines                 -> layout.Line
    paper      national page layouts and envelope windows     -> paper.PageLayout
    typeset    place the lines on the pages of a layout       -> typeset.TypesetDocument
    render     draw pages into PDF bytes                      -> bytes
    sign       PAdES signatures                               -> bytes
    record     safe writes and the manifest                   -> files on disk

Every stage shares the text model (:mod:`letterpress.text`: runs, styles, a language's script and
direction); ``tests/test_architecture.py`` holds the stages to this order.

The public API (see :mod:`letterpress.api`)::

    import letterpress
    project = letterpress.load("my-letter")     # or letterpress.Project.from_data(...)
    problems = project.check()
    problems = letterpress.check("my-letter")   # the same, and every mistake in the files, in one run
    report = project.build("out")
    pdf = project.copy("london", "en")
"""
from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing would double the cost of `import letterpress`
if TYPE_CHECKING:
    from .api import BuiltFile, LetterError, Problem, Project, Report, check, load

__version__ = "0.1.0"

# The cyclic collector's thresholds while a command runs and while a build writes: what they make
# (the command's modules and classes, the project, a batch's clusters and boxes) mostly lives to the
# end or dies by reference counting, and at CPython's default pace (every 700 allocations) the
# collector would scan it again and again. Cycles are still collected, every 50,000 allocations
# (benchmarks/layout_paragraphs.py measures both paces).
RUN_COLLECTIONS = (50_000, 20, 20)

__all__ = ["BuiltFile", "LetterError", "Problem", "Project", "Report", "check", "load", "__version__"]


def __getattr__(name: str) -> object:
    # The API is imported on first use, so `import letterpress` (and every `letterpress` command,
    # which imports the package first) costs nothing for it.
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'letterpress' has no attribute {name!r}")
