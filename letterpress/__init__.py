"""letterpress: one multilingual letter, typeset into signed, print-ready PDFs.

The pipeline, one stage per subpackage, data flowing one way:

    project  load and validate the letter project          -> model.Project
    locale   dates, country names, addresses, typography    (per language)
    fonts    find, choose and prepare faces                 -> fonts.FontSet
    compose  one document per (recipient, language)         -> compose.Document
    layout   shape, break and justify lines                 -> layout.Line
    paper    national page layouts and envelope windows     -> paper.PageLayout
    render   draw pages into PDF bytes                      -> bytes
    sign     PAdES signatures                               -> bytes
    record   safe writes and the manifest                   -> files on disk
"""
__version__ = "0.1.0"
