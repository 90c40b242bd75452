"""Stage 2a: what a copy's language and destination decide, with CLDR (through Babel) where it knows.

    dates       long dates in the copy's language
    names       country names, fixed labels ("page x of y"), collation for sorting
    address     postal addresses as the destination's post reads them
    typography  quotes, apostrophes and French spacing applied to the author's text
"""
