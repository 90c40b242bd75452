"""Mutation check of the line-breaking, justification and page rules, and of what check reports in one
run: remove each in turn, count failures.

    python tests/mutation_check.py [--only NAME ...] [-- extra pytest args]
    python tests/mutation_check.py -- -x -q             # the whole table: ">0" is all it needs to show
    python tests/mutation_check.py --only kashida -- -q tests/layout   # a quick look while writing a test
    python tests/mutation_check.py --moved              # which mutations no longer find their text

Each mutation is applied to a copy of the repository in a temporary folder (the checkout is never
touched) and the whole suite runs there, tests/layout, typeset and e2e first (with -x a held rule
then shows in seconds), with that copy first on PYTHONPATH so subprocesses import it too. A rule
that no test holds down shows 0 failures. A mutation whose source text is no longer found reports
"moved": the rule's code changed and this table needs its new text.
Not a test (nothing here is collected by pytest): it takes one suite run per rule.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# rule -> [(files (a glob), text found in exactly one place in them, replacement)]; every edit of a
# rule must apply. Globs, not file names: the code may move between a package's modules.
MUTATIONS: dict[str, list[tuple[str, str, str]]] = {
    "inseparable ——/……": [
        ("letterpress/layout/*.py",
         "    if before in INSEPARABLE and after in INSEPARABLE:\n        return False\n", ""),
    ],
    "no lone CJK character on the last line": [
        ("letterpress/layout/*.py", "last_alone = _last_alone_from(text)", "last_alone = len(text) + 1"),
    ],
    "hyphenation": [
        ("letterpress/layout/*.py",
         "hyphen_points = _hyphen_points(text, language_at) if hyphenate else set()", "hyphen_points = set()"),
    ],
    "CJK-Latin gap": [
        ("letterpress/layout/*.py",
         "    if mixed and not (a in NO_END or b in NO_START):\n", "    if False:\n"),
    ],
    "kinsoku: no line start": [
        ("letterpress/layout/*.py",
         "    if after in NO_START or before in NO_END:\n", "    if before in NO_END:\n"),
    ],
    "kinsoku: no line end": [
        ("letterpress/layout/*.py",
         "    if after in NO_START or before in NO_END:\n", "    if after in NO_START:\n"),
    ],
    "Korean keep-all": [
        ("letterpress/layout/*.py",
         "    if is_hangul(before) or is_hangul(after):\n        return False  # Korean: keep-all, words break at spaces only\n",
         ""),
        ("letterpress/layout/*.py", "Penalty(0, 5000 if emergency else INFINITE), _NOTHING), (Glue(0, em * 0.04, 0)",
         "Penalty(0, 0), _NOTHING), (Glue(0, em * 0.04, 0)"),
    ],
    "French spacing": [
        ("letterpress/locale/typography.py",
         "        text = french_spacing(text, canadian=language.upper().endswith(\"-CA\"))\n", "        pass\n"),
    ],
    "quotation marks by language": [
        ("letterpress/locale/*.py", "(outer_open, outer_close), (inner_open, inner_close) = _quotes_for(language)",
         "(outer_open, outer_close), (inner_open, inner_close) = _quotes_for(\"en\")"),
    ],
    "an apostrophe is ’": [
        ("letterpress/locale/*.py", "out.append(\"’\")  # apostrophe:", "out.append(\"'\")  # apostrophe:"),
    ],
    "Canadian French: no space before ; ! ?": [
        ("letterpress/locale/*.py", "canadian=language.upper().endswith(\"-CA\")", "canadian=False"),
    ],
    "justification": [
        ("letterpress/layout/*.py",
         "justified = align == \"justify\" and not last", "justified = False"),
    ],
    "CJK punctuation space adjusts first (jlreq 3.8)": [
        ("letterpress/layout/*.py", "    for tier in (True, False):\n", "    for tier in (None,):\n"),
        ("letterpress/layout/*.py", "group = [g for g in glues if g.first == tier]", "group = list(glues)"),
    ],
    "CJK justification between ideographs": [
        ("letterpress/layout/*.py", "return _unless(allowed, Glue(0, em * 0.25, 0), before)",
         "return _unless(allowed, Glue(0, 0, 0), before)"),
    ],
    "the last line at its natural width": [
        ("letterpress/layout/*.py", "justified = align == \"justify\" and not last", "justified = align == \"justify\""),
    ],
    "a word wider than the line is broken, not overflowing": [
        ("letterpress/layout/*.py", "emergency=True, hyphenate=justify)", "emergency=False, hyphenate=justify)"),
    ],
    "an ideographic space does not stretch": [
        ("letterpress/layout/*.py", "ideographic = char == \"\\u3000\"", "ideographic = False"),
    ],
    "ragged text is not hyphenated": [
        ("letterpress/layout/*.py", "emergency=False, hyphenate=justify)", "emergency=False, hyphenate=True)"),
    ],
    "hyphenation: English fragments of 2 and 3 letters at least": [
        ("letterpress/layout/*.py", "\"en\": (\"en_GB\", 2, 3)", "\"en\": (\"en_GB\", 1, 1)"),
    ],
    "no hyphen in short or all-capital words": [
        ("letterpress/layout/*.py", "if len(word) < _MIN_WORD or word.isupper():", "if False:"),
    ],
    "two hyphens in a row cost more": [
        ("letterpress/layout/*.py", "demerits += 10000  # TeX's", "demerits += 0  # TeX's"),
    ],
    "total-fit line breaking (Knuth-Plass, not greedy)": [
        ("letterpress/layout/*.py", "breaks = break_lines(items, width, tolerance=2.5 if justify else 4.0, sums=sums, **options)",
         "breaks = greedy_breaks(items, width)"),
    ],
    "no break at a no-break space": [
        ("letterpress/layout/*.py",
         "            if char in NO_BREAK_SPACES:\n                add_item(Penalty(0, INFINITE))\n                add_piece(_NOTHING)\n",
         "            if char in NO_BREAK_SPACES:\n"),
    ],
    "a narrow no-break space never stretches": [
        ("letterpress/layout/*.py", "(0.0, 0.0) if char == \"\\u202f\" else", ""),
    ],
    "a run of spaces is one space": [
        ("letterpress/layout/*.py", "            elif items and isinstance(items[-1], Glue) and pieces[-1].clusters:",
         "            elif False:"),
    ],
    "break after a hyphen or slash in a compound": [
        ("letterpress/layout/*.py", "    if before in \"-\\u2010/\" and after.isalpha():\n        return True",
         "    if False:\n        return True"),
    ],
    "break beside a dash": [
        ("letterpress/layout/*.py", "    if before in \"—–\" or after in \"—–\":", "    if False:"),
    ],
    "RTL: runs in visual order (UAX #9 L2)": [
        ("letterpress/layout/*.py", "out += chunk[::-1] if rtl else chunk", "out += chunk"),
    ],
    "RTL: brackets mirrored (right-to-left HarfBuzz buffers)": [
        ("letterpress/layout/*.py", "buffer.direction = \"rtl\" if rtl else \"ltr\"", "buffer.direction = \"ltr\""),
        ("letterpress/layout/*.py", "    if rtl:\n        result = _grouped(text, starts, glyphs, advances, offsets, rtl=True)\n    elif",
         "    if False:\n        pass\n    elif"),
    ],
    "RTL: start alignment on the right": [
        ("letterpress/layout/*.py", "side = \"right\" if rtl else \"left\"", "side = \"left\""),
    ],
    "RTL: first-line indent on the right": [
        ("letterpress/layout/*.py", "return (0.0 if rtl else indent) + free", "return indent + free"),
    ],
    "RTL: a hyphen ends the word it breaks": [
        ("letterpress/layout/*.py", "chunk.append((hyphen[0], hyphen[1]))  # the hyphen ends", "pass  # the hyphen ends"),
    ],
    "RTL: a line with no right-to-left letter reads left to right": [
        ("letterpress/layout/*.py", "if has_letters_written(text, other) and not has_letters_written(text, direction):",
         "if False:"),
    ],
    "RTL: a cluster's ActualText in reading order": [
        ("letterpress/layout/*.py", "            return text[::-1]\n", "            return text\n"),
    ],
    "bidi controls (FSI/LRI...PDI) are not drawn": [
        ("letterpress/layout/*.py", "if levels is not None and _CONTROLS.search(piece):", "if False:"),
    ],
    "placeholders in the other direction isolated (FSI...PDI)": [
        ("letterpress/compose/*.py", "return f\"\\u2068{value}\\u2069\" if", "return value if False and"),
    ],
    "grouped numbers left to right in RTL (LRI...PDI)": [
        ("letterpress/compose/*.py", "return _GROUPED_NUMBER.sub(lambda match: f\"\\u2066{match.group()}\\u2069\", text)",
         "return text"),
    ],
    "Thai/Lao/Khmer/Myanmar: breaks only at dictionary word boundaries": [
        ("letterpress/layout/*.py", "allowed = after.start in words", "allowed = True"),
    ],
    "Thai/Lao/Khmer/Myanmar: justified between clusters": [
        ("letterpress/layout/*.py", "glue = Glue(0, em * 0.05, 0)", "glue = Glue(0, 0, 0)"),
    ],
    "hyphenation only for Latin, Greek, Cyrillic, Armenian, Georgian": [
        ("letterpress/layout/*.py", "    return re.compile(\n        \"[A-Za-z", "    return re.compile(\n        r\"\\w+|\" \"[A-Za-z"),
    ],
    "Indic and other spaced scripts stretch at spaces only": [
        ("letterpress/layout/*.py",
         "    if emergency:\n        return [(Penalty(0, 5000), _NOTHING)]\n    return []\n",
         "    if emergency:\n        return [(Penalty(0, 5000), _NOTHING)]\n"
         "    return [(Penalty(0, INFINITE), _NOTHING), (Glue(0, em * 0.05, 0), Piece(gap_after=before))]\n"),
    ],
    "kashida: only in justified lines, never the last": [
        ("letterpress/layout/*.py", "if kashida and justified and excess > 0", "if kashida and excess > 0"),
    ],
    "kashida: only between joining letters": [
        ("letterpress/layout/*.py", "if before.level % 2 and _joins(before.text, after.text):", "if before.level % 2:"),
    ],
    "kashida: one place per word": [
        ("letterpress/layout/*.py", "                places.append(before)\n                break\n",
         "                places.append(before)\n"),
    ],
    "kashida: at most 3 tatweels a word": [
        ("letterpress/layout/*.py", "_KASHIDA_MAX = 3", "_KASHIDA_MAX = 1000"),
    ],
    "kashida: never more than the line lacks": [
        ("letterpress/layout/*.py", "room = int(excess // tatweel.width)", "room = 10 ** 6"),
    ],
    "CJK punctuation: adjacent marks in 1.5 em": [
        ("letterpress/layout/*.py", "    if adjacent and blank >= 0.5:\n        blank -= 0.5\n", ""),
    ],
    "CJK punctuation: adjacent marks never open past 1.5 em": [
        ("letterpress/layout/*.py", "stretch = em * 0.1 if blank and not adjacent else 0.0",
         "stretch = em * 0.1 if blank else 0.0"),
    ],
    "CJK punctuation: a closing mark keeps its blank before a space": [
        ("letterpress/layout/*.py", "            if after:  # a closing mark's blank", "            if False:  # a closing mark's blank"),
    ],
    "CJK punctuation: a closing mark ends a line on its ink": [
        ("letterpress/layout/*.py", "_BLANK = {LEFT: (0.0, 0.5),", "_BLANK = {LEFT: (0.0, 0.0),"),
    ],
    "CJK punctuation: an opening bracket starts a line on its ink": [
        ("letterpress/layout/*.py", "RIGHT: (0.5, 0.0), CENTER", "RIGHT: (0.0, 0.0), CENTER"),
    ],
    "CJK punctuation: Japanese colon, semicolon, middle dot centred": [
        ("letterpress/layout/*.py", "            **dict.fromkeys(\"：；・\\u00b7\", CENTER)},\n", "            },\n"),
    ],
    "CJK punctuation: mainland Chinese sets ：；？！ on the left": [
        ("letterpress/layout/*.py", "_CLOSING + \"，。．、：；？！\", LEFT)", "_CLOSING + \"，。．、\", LEFT)"),
    ],
    "CJK punctuation: traditional Chinese not compressed": [
        ("letterpress/layout/*.py", "if base == \"zh\" and script_of(language) != \"Hant\":", "if base == \"zh\":"),
    ],
    "CJK punctuation: Korean not compressed": [
        ("letterpress/layout/*.py", "        return \"gb\"\n    return None\n", "        return \"gb\"\n    return \"gb\"\n"),
    ],
    "Latin quotes and apostrophes in CJK from the Latin face": [
        ("letterpress/layout/*.py", "if script == \"Latn\" and is_cjk(run.language) and not _WESTERN.isdisjoint(piece):",
         "if False:"),
    ],
    "a quote beside CJK text stays in the CJK face": [
        ("letterpress/layout/*.py", "if latin is not None and char in _WESTERN and _among_latin(text, index):",
         "if latin is not None and char in _WESTERN:"),
    ],
    "a footnote mark never starts a line": [
        ("letterpress/layout/*.py", "    if b in NOTE_MARKS:\n", "    if False:\n"),
    ],
    "no widow (two lines at least carried over)": [
        ("letterpress/typeset/*.py", "take = min(fit, len(lines) - 2)", "take = min(fit, len(lines) - 1)"),
    ],
    "no orphan (two lines at least left at a page foot)": [
        ("letterpress/typeset/*.py", "if take < 2:  # an orphan", "if take < 1:  # an orphan"),
    ],
    "keep with next (subject, last paragraph, closing)": [
        ("letterpress/typeset/*.py", "tail = _kept_after(blocks, index, first_entry_height) if block.keep_with_next else 0.0",
         "tail = 0.0"),
    ],
    "a footnote on the page of its reference": [
        ("letterpress/typeset/*.py", "            if notes:  # lines that bring footnotes", "            if False:  # lines that bring footnotes"),
    ],
    "RTL: block indents on the right": [
        ("letterpress/typeset/*.py", "x = layout.margin_left + (indent if direction_of(language) == \"ltr\" else right)",
         "x = layout.margin_left + indent"),
    ],
    "RTL: signatory columns from the right": [
        ("letterpress/typeset/*.py",
         "        if rtl:\n            x = flow.left + flow.width - column_width - index * (column_width + COLUMN_GAP)\n", ""),
    ],
    "RTL: list numbers hang on the right": [
        ("letterpress/typeset/*.py", "                    start = width - start - mark.width\n", "                    pass\n"),
    ],
    "RTL: the letterhead mirrored": [
        ("letterpress/typeset/*.py", "box = replace(box, x=layout.margin_left + text_right - box.x - box.width)", "pass"),
    ],
    "RTL: the date line on the mirrored side": [
        ("letterpress/typeset/*.py", "align = {\"left\": \"start\", \"right\": \"end\"}.get(side, side)", "align = side"),
    ],
    "a block quotation indented on both sides": [
        ("letterpress/typeset/*.py", "indent, right = indent + BODY_SIZE * 2, BODY_SIZE * 2", "indent, right = indent, 0.0"),
    ],
    "the language's first-line indent (zh 2 em, ja 1 em)": [
        ("letterpress/typeset/*.py", "            first = form.paragraph_indent * BODY_SIZE  #", "            first = 0.0  #"),
    ],
    "CJK leading 1.7 times the size": [
        ("letterpress/typeset/*.py", "1.7 if is_cjk(language) else _TALL_SCRIPTS", "_TALL_SCRIPTS"),
    ],
    "quotation marks from CLDR for languages without a table row": [
        ("letterpress/locale/*.py", "return for_language(QUOTES, language) or _cldr_quotes(language)",
         "return for_language(QUOTES, language, QUOTES[\"en\"])"),
    ],
    "Hebrew gershayim and geresh are not quotes": [
        ("letterpress/locale/*.py", "if _hebrew(text, index - 1) and _hebrew(text, index + 1):", "if False:"),
        ("letterpress/locale/*.py", "if _hebrew(text, index - 1) and not single_open:", "if False:"),
    ],
    "a line break inside a one-line text is a space": [
        ("letterpress/project/*.py", 'text = _BREAKS.sub(" ", str(value)).strip()', "text = str(value).strip()"),
    ],
    "a coordinator's own column no placeholder can name is kept out of the way": [
        ("letterpress/project/rosters.py",
         "            misspelt += misspelt_keys([(key, mapping.key_where[key])], known + ADDRESS_COLUMNS, from_table(mapping))\n            continue",
         "            raise InputError('x')"),
    ],
    "every copy's composition mistake in one run (the survey goes on)": [
        ("letterpress/build/*.py", "composed = compose() if problems is None else attempt(problems, compose)",
         "composed = compose()"),
    ],
    "dates in the language's own digits": [
        ("letterpress/cldr.py", "        text = _in_native_digits(text, str(locale))", "        pass"),
    ],
    "Thai dates in the Buddhist era": [
        ("letterpress/cldr.py", "    if locale.language == \"th\":\n        return _buddhist_date(date)", ""),
    ],
    "a picture is decoded whole when the project is read": [
        ("letterpress/project/images.py", "            image.load()  # the whole file", "            pass  # the whole file"),
    ],
    "the logo is checked as a picture, not only as a file": [
        ("letterpress/project/__init__.py",
         'logo = image_file(root, mapping["logo"], mapping.location("logo"), "the logo", "letter.yaml")',
         'logo = root / mapping["logo"]'),
    ],
    "a forbidden character is its own mistake, not the font's": [
        ("letterpress/preflight.py",
         "if undrawn and all(forbidden_at(char) is not None for char in undrawn if not char.isspace()):",
         "if False:"),
    ],
    "the sender's short name and address are checked like every text": [
        ("letterpress/preflight.py", "    yield from _localized(project.sender.short, languages)\n", ""),
    ],
    "a body with a mistake is merge-checked for the part read right": [
        ("letterpress/project/merge.py", "    for body in bodies + flawed:", "    for body in bodies:"),
    ],
    "no footnote false alarm for a part left out for its own mistake": [
        ("letterpress/project/markdown.py", "if label not in referred and not left_out:", "if label not in referred:"),
        ("letterpress/project/markdown.py", " and span.footnote not in flawed_notes:", ":"),
    ],
    "an unknown placeholder is not reported again per recipient": [
        ("letterpress/project/merge.py", "                and use[1] not in reported]", "                ]"),
    ],
    "a misspelt address column is named": [
        ("letterpress/project/merge.py", "RECIPIENT_KEYS + OVERRIDE_KEYS + ADDRESS_COLUMNS,", "RECIPIENT_KEYS + OVERRIDE_KEYS,"),
    ],
    "spreadsheet habits: 'Person', a plain city beside city:xx": [
        ("letterpress/project/rosters.py", "kind = str(written).strip().lower()", "kind = str(written).strip()"),
        ("letterpress/project/rosters.py", '            city = city.get("*")', "            city = None"),
    ],
    "a refusal to read is told from a refusal to write": [
        ("letterpress/cli.py", "reading=not writing,", "reading=False,"),
        ("letterpress/errors.py", "fix = _READ_FIXES.get(code) or _SYSTEM_FIXES.get(code)", "fix = _SYSTEM_FIXES.get(code)"),
    ],
    "a refused temporary file is named as the file asked for": [
        ("letterpress/cli.py", "written if temporary else None", "None"),
    ],
    "a missing signing key is said before its passphrase is asked for": [
        ("letterpress/commands/build.py", "        check_key_file(args.sign)  #", "        pass  #"),
    ],
    "a JSON that is not a manifest is not read as one": [
        ("letterpress/record/__init__.py", 'raise ValueError(f"it holds a JSON {_json_kind(data)}, not an object")', "pass"),
    ],
    "proof's resolution is bounded": [
        ("letterpress/commands/proof.py", "if not MIN_DPI <= value <= MAX_DPI:", "if False:"),
    ],
    "an empty path is bad usage": [
        ("letterpress/commands/__init__.py", 'raise argparse.ArgumentTypeError("an empty path', 'return Path(".") or ("an empty path'),
    ],
    "a cache file with a damaged schema is dropped, not a crash": [
        ("letterpress/cache/*.py", "_DAMAGED = (sqlite3.DatabaseError, UnicodeDecodeError)", "_DAMAGED = (sqlite3.DatabaseError,)"),
    ],
    "a damaged entry SQLite cannot delete drops its file": [
        ("letterpress/cache/*.py", "self._damaged()  # SQLite cannot delete it: the file is damaged past this entry", "pass"),
    ],
    "--json names a spreadsheet column by its heading": [
        ("letterpress/cli.py", '"heading": where.heading if where is not None else None,', ""),
    ],
    "the French date line names the place: 'Genève, le 8 décembre 2011'": [
        ("letterpress/compose/__init__.py",
         "date_line = form.dated_at.format(place=place, date=date) if place and form.dated_at else date",
         "date_line = date"),
    ],
    "a shard makes whole envelopes, packets and labels, each in one shard": [
        ("letterpress/build/plan.py", "            continue  # another shard's recipient", "            pass"),
    ],
    "an empty --shard is bad usage": [
        ("letterpress/api.py", "shard=Shard.parse(shard) if shard is not None else None", "shard=Shard.parse(shard) if shard else None"),
    ],
    "the API refuses an empty output folder": [
        ("letterpress/api.py", "        if not str(out):  #", "        if False:  #"),
    ],
    "a .p12 without its key is named as such": [
        ("letterpress/sign/__init__.py", "if signer is None and _holds_no_key(path, passphrase):", "if False:"),
    ],
    "a trust root that is not a certificate is refused before validation": [
        ("letterpress/sign/__init__.py", '            if kind != "CERTIFICATE":', "            if False:"),
        ("letterpress/sign/__init__.py", "        certificate.native  # asn1crypto parses lazily", "        pass  #"),
    ],
    "a removed recipient's files leave the manifest": [
        ("letterpress/build/__init__.py", "    for file in report.dropped:\n        del records[file]", ""),
    ],
    "load(languages=...) narrows what build() makes": [
        ("letterpress/api.py", "        if languages is None:\n            languages = self._languages\n", ""),
    ],
    "copy() refuses what build refuses first: a forbidden character at its place": [
        ("letterpress/api.py", "        collect(text_problems(self.data)\n                + address_problems(",
         "        collect(address_problems("),
    ],
    "verify: bytes after the end of the file are a change": [
        ("letterpress/sign/__init__.py", 'if data[data.rfind(b"%%EOF") + 5:].strip(', 'if False and data[data.rfind(b"%%EOF") + 5:].strip('),
    ],
    "an expired signing certificate is refused": [
        ("letterpress/sign/__init__.py", "    _check_validity(path, signer.signing_cert)\n", ""),
    ],
    "an envelope's fingerprint reads what it prints, not the body": [
        ("letterpress/build/products.py", "        return (envelope_digest(batch.document(self.copies[0])),)",
         "        return tuple(batch.survey.printed[copy] for copy in self.copies)"),
    ],
    "verify names an expired signer's validity, not the chain": [
        ("letterpress/sign/__init__.py", "    elif trusted is False and _out_of_bounds(status):", "    elif False:"),
    ],
    "a cache warning is told once across the build's workers": [
        ("letterpress/cache/seal.py", "_told = mmap.mmap(-1, len(_KINDS))", "_told = bytearray(len(_KINDS))  # (per process)"),
    ],
    "more leading for scripts with stacked marks (Burmese, Khmer, Lao)": [
        ("letterpress/typeset/*.py", "_TALL_SCRIPTS.get(script_of(language), 1.35)", "1.35"),
    ],
    "text clear of the running header's rule": [
        ("letterpress/typeset/*.py", "return max(layout.body_top_next, layout.margin_top + HEADER_RULE + HEADER_GAP)",
         "return layout.body_top_next"),
    ],
    "the letterhead name smaller to stay on two lines": [
        ("letterpress/typeset/*.py", "for size in (LETTERHEAD_SIZE, 13.0, 12.0, 11.0, 10.0):", "for size in (LETTERHEAD_SIZE,):"),
    ],
    "signatories: columns of the shortest height that holds them": [
        ("letterpress/typeset/*.py", "height = _balanced_height(share, columns, room)", "height = room"),
    ],
    "signatories: one column for four or fewer": [
        ("letterpress/typeset/*.py", "    if len(entries) <= 4:\n        return 1\n", ""),
    ],
    "signatories: two columns when long names would wrap in three": [
        ("letterpress/typeset/*.py", "return 3 if one_line >= 0.9 * len(entries) else 2", "return 3"),
    ],
    "no sliver page: tighter signatory leading": [
        ("letterpress/typeset/*.py", "if len(tightest.pages) < len(flow.pages) and _shortfall(tightest, signatory_leading) <= 0:",
         "if False:"),
    ],
    "no sliver page: carry more over": [
        ("letterpress/typeset/*.py", "for _ in range(_CARRY_TRIES):", "for _ in range(0):"),
    ],
    "address: wrapped in the window": [
        ("letterpress/typeset/*.py", "wrapped = [_wrap(setter, text, language, size, width) for text in texts]",
         "wrapped = [_wrap(setter, text, language, size, 1e6) for text in texts]"),
    ],
    "address: broken only between words": [
        ("letterpress/typeset/*.py",
         "    if len(lines) > 1 and not is_cjk(language) and not _broken_between_words(text, lines):\n        return None\n",
         ""),
    ],
    "address: set smaller down to address_min_size": [
        ("letterpress/typeset/*.py", "for size in _sizes(nominal, minimum):", "for size in (nominal,):"),
    ],
    "address: titles only at the layout's own size": [
        ("letterpress/typeset/*.py", "if size == nominal and optional:", "if optional:"),
    ],
    "return line: smaller before shorter": [
        ("letterpress/typeset/*.py", "        for size in RETURN_SIZES:\n", "        for size in RETURN_SIZES[:1]:\n"),
    ],
    "envelope: the return address clear of the window": [
        ("letterpress/typeset/*.py", "        if clear:\n", "        if True:\n"),
    ],
    "envelopes and labels checked before anything is written": [
        ("letterpress/build/*.py", "            + product_problems(batch, products))", "            + [])"),
    ],
    "check: every roster entry read, not just up to the first mistake": [
        ("letterpress/project/*.py", "        recipient = attempt(problems, _recipient, entry, entries.item_where[i], letter_languages)",
         "        recipient = _recipient(entry, entries.item_where[i], letter_languages)"),
    ],
    "check: every paragraph of a body read": [
        ("letterpress/project/*.py", "            paragraph = attempt(problems, _paragraph, list(pending), path)",
         "            paragraph = _paragraph(list(pending), path)"),
    ],
    "check: a refused entry raises no false alarm": [
        ("letterpress/project/*.py", "        if every_recipient or not name.startswith(\"recipient.\"):", "        if True:"),
    ],
    "verify: every signature checked, not only the last": [
        ("letterpress/sign/*.py", "    for number in reversed(range(len(signatures))):",
         "    for number in [len(signatures) - 1]:"),
    ],
    "check: the copies a mistake leaves are set in the same run": [
        ("letterpress/commands/*.py", "    if project is not None:\n        problems += project.check(",
         "    if project is not None and not problems:\n        problems += project.check("),
    ],
}


def mutate(root: Path, edits: list[tuple[str, str, str]], write: bool = True) -> bool:
    """Apply every edit of a rule under ``root`` (with ``write`` False, only check that they apply)."""
    texts: dict[Path, str] = {}
    for pattern, old, new in edits:
        for path in sorted(root.glob(pattern)):
            texts.setdefault(path, path.read_text("utf-8"))
        found = [path for path in sorted(root.glob(pattern)) if old in texts[path]]
        if len(found) != 1 or texts[found[0]].count(old) != 1:
            return False
        texts[found[0]] = texts[found[0]].replace(old, new)
    if write:
        for path, text in texts.items():
            path.write_text(text, "utf-8")
    return True


# The folders whose tests hold the rules run first: with -x a held rule shows within seconds,
# and only a rule no test holds costs a whole suite.
FIRST = ("layout", "typeset", "e2e")


def suite_paths(root: Path) -> list[str]:
    """Every top-level folder and test file of tests/, the rule-holding folders first (pytest keeps
    the order of the paths it is given, unless one of them contains the others)."""
    tests = root / "tests"
    rest = sorted(path.name for path in tests.iterdir() if path.name not in FIRST and (
        (path.is_dir() and path.name.isidentifier() and not path.name.startswith("_")) or (path.name.startswith("test_") and path.suffix == ".py")))
    return [f"tests/{name}" for name in (*FIRST, *rest)]


def run_suite(root: Path, extra: list[str]) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    named = any(not arg.startswith("-") and (root / arg.split("::")[0]).exists() for arg in extra)
    paths = [] if named else suite_paths(root)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra, *paths],
                          cwd=root, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    # Counted from the short summary's FAILED/ERROR lines, not from the totals line: with -x -q -q
    # (-x stops at the first failure) pytest prints no totals line at all.
    failed = sum(1 for line in lines if line.startswith(("FAILED ", "ERROR ")))
    totals = [line for line in lines if re.search(r" in [\d.]+s", line)]
    first = next((line for line in lines if line.startswith(("FAILED ", "ERROR "))), "")
    summary = totals[-1].strip("= ") if totals else first or ("no test failed" if lines else done.stderr[-300:])
    if done.returncode not in (0, 1):  # not a test failing: pytest stopped (collection, usage)
        summary = f"pytest exit {done.returncode}: {summary}"
    return failed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="rule names (substrings) to check")
    parser.add_argument("--moved", action="store_true",
                        help="only say which mutations no longer apply (runs no test)")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    if args.moved:
        moved = [rule for rule, edits in MUTATIONS.items() if not mutate(REPO, edits, write=False)]
        print("\n".join(f"{rule}: moved (update MUTATIONS)" for rule in moved) or f"all {len(MUTATIONS)} apply")
        return 1 if moved else 0
    print(f"{'rule removed':66} failing tests")
    for rule, edits in MUTATIONS.items():
        if args.only and not any(part.lower() in rule.lower() for part in args.only):
            continue
        with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
            root = Path(folder) / "repo"
            shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info"))
            if not mutate(root, edits):
                print(f"{rule:66} moved (update MUTATIONS)")
                continue
            failed, summary = run_suite(root, args.pytest_args)
            print(f"{rule:66} {failed:3}   ({summary})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
