"""The one place letterpress uses reportlab's private API.

reportlab writes the document structure (pages, images, compression, the info dictionary,
/Lang). Seven things letterpress needs have no public API, so they are done here and nowhere
else, and :func:`reportlab_problems` checks each of them against the installed reportlab (a
test runs it: an upgrade that changes one fails by name, not with a wrong PDF):

- ``Canvas._make_preamble``: overridden so that a page selects no initial font (reportlab's
  preamble sets an unembedded Helvetica, which a print-ready PDF must not reference);
- ``Canvas._doc``: the document being written, to hang our own font objects on;
- ``PDFDocument.delayedFonts`` and ``PDFDocument.idToObject[BasicFonts]``: the hook reportlab
  calls when it writes the file, and the dictionary behind every page's ``/Font`` resources;
- ``rl_config.useA85``: reportlab ASCII85-encodes compressed page streams by default. There is
  no per-document setting, so the process-wide one is changed only while a document is saved,
  then restored;
- ``PDFDocument.Pages.pages``, ``PDFPage.stream`` and ``PDFPage.Contents``: each page's content
  stream, compressed by the caller (who keeps what it compressed) and given to the page as
  reportlab would make it when the file is written;
- ``PDFDocument.idToObject``, ``idToObjectNumberAndVersion`` and ``PDFPage``'s attributes: a page
  with nothing but its size, content stream and fonts (every page letterpress draws without an
  image) is written from its dictionary as reportlab formatted it once for that state, its three
  references filled in (:class:`_PageFromTemplate`);
- ``PDFDocument.info``, ``PDFDocument._timeStamp`` and ``PDFDocument.encrypt``: the information
  dictionary is written from a template reportlab formatted once for the document's dates, its
  texts formatted by reportlab's ``PDFString`` once each (:class:`_InfoFromTemplate`).

A stream filter (``pdfname``, ``encode``) is reportlab's protocol too: :class:`AlreadyFlated`; so is
an object's ``format(document)``, through which :class:`Preformatted` hands reportlab bytes made once
(:func:`preformat`) for objects that are the same in every copy, and :func:`flated_stream` writes a
stream compressed already as reportlab writes a ``PDFStream`` with that filter, its dictionary from
a template reportlab formatted once.
"""
from __future__ import annotations

import contextlib
import io
import re
import zlib
from typing import BinaryIO, Callable, Iterator

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..cache import Memo

__all__ = ["AlreadyFlated", "REFERENCE", "Preformatted", "flate", "flated_stream", "new_canvas", "on_save", "preformat", "save",
           "reportlab_problems"]


class _Canvas(Canvas):
    """A canvas whose pages select no initial font."""

    def _make_preamble(self) -> None:
        self._preamble = "1 0 0 1 0 0 cm"


def new_canvas(output: BinaryIO, width: float, height: float, *, invariant: bool, lang: str) -> Canvas:
    """A canvas writing a compressed PDF to ``output``, its first page ``width`` x ``height``
    points, whose pages select no font of their own (every font is one of ours)."""
    return _Canvas(output, pagesize=(width, height), pageCompression=1, invariant=1 if invariant else 0, lang=lang)


def on_save(canvas: Canvas, add_fonts: Callable[[pdfdoc.PDFDocument, dict], None]) -> None:
    """Have ``add_fonts(document, fonts)`` called when the canvas is saved (after every page is
    drawn, so every glyph used is known): it makes its font objects in ``document`` and names
    them in ``fonts``, the dictionary behind every page's /Font resources."""
    canvas._doc.delayedFonts.append(_DelayedFonts(add_fonts))


class _DelayedFonts:
    """reportlab's delayed-font protocol: ``addObjects(document)``, called while the file is written."""

    def __init__(self, add_fonts: Callable[[pdfdoc.PDFDocument, dict], None]):
        self.add_fonts = add_fonts

    def addObjects(self, document: pdfdoc.PDFDocument) -> None:  # noqa: N802 (reportlab's name)
        """Called by reportlab as it writes ``document``: our fonts join the pages' resources."""
        self.add_fonts(document, document.idToObject[pdfdoc.BasicFonts].dict)


def save(canvas: Canvas, compress: Callable[[list[bytes]], list[bytes]] | None = None) -> None:
    """Write the document, with compressed streams left binary (no ASCII85: 25% smaller, and
    slow in pure Python). ``compress(contents)``: each page's content stream compressed as
    :func:`flate` does, given in one call for all pages (reportlab's own compressing when None;
    then reportlab formats every page and the information dictionary itself too)."""
    if compress is not None:
        _compress_pages(canvas, compress)
        info = _InfoFromTemplate()
        vars(info).update(vars(canvas._doc.info))
        canvas._doc.info = info
    with _without_ascii85():
        canvas.save()


def flate(data: bytes) -> bytes:
    """``data`` compressed as reportlab compresses a page's content stream."""
    return pdfdoc.PDFZCompress.encode(data)


def _compress_pages(canvas: Canvas, compress: Callable[[list[bytes]], list[bytes]]) -> None:
    """Give each page the content stream reportlab would make of it when the file is written
    (PDFPage.check_format), its bytes compressed by ``compress``: a page it already has is kept.
    Each such page is then written from a template of its dictionary when it has one."""
    document = canvas._doc
    pages = [page for page in document.Pages.pages
             if not page.Contents and page.compression and isinstance(page.stream, str) and page.stream]
    contents = compress([page.stream.encode("utf8") for page in pages])
    for page, content in zip(pages, contents, strict=True):
        stream = flated_stream(content)
        stream.__Comment__ = "page stream"
        page.Contents = stream
        template = _page_template(page)
        if template is not None:
            document.idToObject[page.__InternalName__] = _PageFromTemplate(page, template)


# What a page's dictionary refers to, in a template: numbers no PDF of a letter reaches, so that
# the references are told from everything else reportlab writes in the dictionary.
_CONTENTS, _PARENT, _FONTS = 10**12 + 1, 10**12 + 2, 10**12 + 3
_SENTINEL = re.compile(rb"(\d+) 0 R")
# the page's own attributes that a template leaves out: the references are filled in per page
_NOT_IN_KEY = frozenset({"Contents", "stream", "__InternalName__"})


def _page_key(page: pdfdoc.PDFPage) -> tuple | None:
    """What the page's dictionary is made of besides its references (every attribute reportlab's
    showPage set on it), or None when it holds more than plain values (an image's XObjects, an
    annotation, a transition): such a page is formatted by reportlab itself."""
    # and what reportlab formats by process-wide settings
    key = [("rl_config", rl_config.pdfMultiLine, rl_config.pdfComments, rl_config.invariant)]
    for name, value in vars(page).items():
        if value is None:
            key.append((name, None))
            continue
        if name in _NOT_IN_KEY:
            continue
        kind = type(value)
        if kind is int or kind is float or kind is str:
            key.append((name, value))
        elif kind is list or kind is dict:
            if value:
                return None
            key.append((name, kind.__name__))
        elif kind is pdfdoc.PDFDictionary and not value.dict:
            key.append((name, "<<>>"))  # an empty transition
        else:
            return None
    return tuple(key)


def _page_template(page: pdfdoc.PDFPage) -> tuple[tuple[bytes, ...], tuple[int, ...]] | None:
    """The page's dictionary as reportlab formats it, split at its references, and which
    reference stands at each split (see :func:`_formatted_template`); None when it has no
    template (formatted by reportlab then)."""
    key = _page_key(page)
    if key is None:
        return None
    return _PAGE_TEMPLATES.get_or_compute(key, lambda: _formatted_template(page))


def _split_template(formatted: bytes, sentinel: re.Pattern, expected: list[int]) -> \
        tuple[tuple[bytes, ...], tuple[int, ...]] | None:
    """A template: ``formatted`` split at each match of ``sentinel``, and the number each match
    captured, in order; None unless those numbers are ``expected``, each once."""
    pieces = sentinel.split(formatted)
    order = tuple(int(number) for number in pieces[1::2])
    if sorted(order) != sorted(expected):
        return None
    return tuple(pieces[::2]), order


def _filled(template: tuple[tuple[bytes, ...], tuple[int, ...]], values: list[bytes]) -> list[bytes]:
    """A template's pieces with ``values`` between them, each where the template's order puts it."""
    parts, order = template
    out = [parts[0]]
    for index, part in zip(order, parts[1:]):
        out += (values[index], part)
    return out


def _formatted_template(page: pdfdoc.PDFPage) -> tuple[tuple[bytes, ...], tuple[int, ...]] | None:
    """A copy of ``page`` formatted by reportlab in a scratch document whose page tree, content
    stream and font dictionary are numbered with the sentinels above, split at them; None if the
    dictionary refers to anything else."""
    scratch = pdfdoc.PDFDocument()
    copy = pdfdoc.PDFPage.__new__(pdfdoc.PDFPage)
    vars(copy).update({name: value for name, value in vars(page).items() if name != "__InternalName__"})
    copy.Contents = pdfdoc.PDFStream(content=b"")
    numbers = scratch.idToObjectNumberAndVersion
    for target, number in ((scratch.Pages, _PARENT), (copy.Contents, _CONTENTS)):
        numbers[scratch.Reference(target).name] = (number, 0)
    numbers[pdfdoc.BasicFonts] = (_FONTS, 0)
    return _split_template(pdfdoc.format(copy, scratch, toplevel=1), _SENTINEL, [_CONTENTS, _PARENT, _FONTS])


class _PageFromTemplate(pdfdoc.PDFObject):
    """A page written from its template: the references reportlab's PDFPage.check_format and
    PDFCatalog.format make, made in their order (the page tree, then the content stream: that
    order numbers the objects), filled in where the template has them."""

    __Comment__ = pdfdoc.PDFPage.__Comment__

    def __init__(self, page: pdfdoc.PDFPage, template: tuple[tuple[bytes, ...], tuple[int, ...]]):
        self.page = page
        self.template = template

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        """The page's dictionary, as reportlab writes it (reportlab's object protocol)."""
        parent = document.Reference(document.Pages)
        contents = document.Reference(self.page.Contents)
        references = {_CONTENTS: contents, _PARENT: parent, _FONTS: pdfdoc.PDFObjectReference(pdfdoc.BasicFonts)}
        parts, order = self.template
        return Preformatted(parts, tuple(references[number] for number in order)).format(document)


# a template for each state of page a batch draws (a size or two, with or without images)
_PAGE_TEMPLATES: Memo[tuple, tuple[tuple[bytes, ...], tuple[int, ...]] | None] = Memo(
    "pages' dictionaries as reportlab formats them, by what they are made of", 32)


@contextlib.contextmanager
def _without_ascii85() -> Iterator[None]:
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class AlreadyFlated:
    """A Flate filter whose input is already compressed: font programs are compressed once per
    batch (at level 9) and reused by every copy, instead of once per PDF."""

    pdfname = "FlateDecode"

    @staticmethod
    def encode(data: bytes) -> bytes:
        """``data`` as it is (it is compressed already)."""
        return data


# The information dictionary's texts, in the order of _InfoFromTemplate._TEXTS, stand in its
# template as these (reportlab writes them as they are, in parentheses).
_INFO_TEXT = re.compile(rb"\(LPtext(\d)Q\)")


class _InfoFromTemplate(pdfdoc.PDFInfo):
    """The information dictionary, written as reportlab's PDFInfo.format writes it: the
    dictionary (its keys, dates and /Trapped) from a template reportlab formatted once for the
    document's time stamp, each text formatted by reportlab's PDFString once per process (the
    title, the author, the producer and the creator are those of every copy of a language)."""

    _TEXTS = ("title", "author", "subject", "keywords", "creator", "producer")

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        """The dictionary (reportlab's object protocol)."""
        texts = [getattr(self, name) for name in self._TEXTS]
        if type(document.encrypt) is not pdfdoc.NoEncryption or not all(type(text) is str for text in texts):
            return super().format(document)  # an encrypted document encrypts each text: formatted as it is
        stamp = document._timeStamp
        key = (stamp.YMDhms, stamp.dhh, stamp.dmm, self._dateFormatter, self.trapped,
               rl_config.pdfMultiLine, rl_config.pdfComments, rl_config.invariant)
        template = _INFO_TEMPLATES.get_or_compute(key, lambda: self._template(stamp))
        if template is None:
            return super().format(document)
        return b"".join(_filled(template, [_INFO_STRINGS.get_or_compute(text, lambda: pdfdoc.PDFString(text).format(document))
                                           for text in texts]))

    def _template(self, stamp) -> tuple[tuple[bytes, ...], tuple[int, ...]] | None:
        """A PDFInfo like this one, its texts standing as sentinels, formatted by reportlab in a
        scratch document of the same time stamp; split at the sentinels, and which text is at each
        (None if each text is not there once: then reportlab formats it)."""
        scratch = pdfdoc.PDFDocument()
        scratch._timeStamp = stamp
        info = pdfdoc.PDFInfo()
        info.trapped = self.trapped
        info._dateFormatter = self._dateFormatter
        for index, name in enumerate(self._TEXTS):
            setattr(info, name, f"LPtext{index}Q")
        return _split_template(pdfdoc.PDFInfo.format(info, scratch), _INFO_TEXT, list(range(len(self._TEXTS))))


# one template for the build's time stamp (SOURCE_DATE_EPOCH) or for each second of a build
_INFO_TEMPLATES: Memo[tuple, tuple[tuple[bytes, ...], tuple[int, ...]] | None] = Memo(
    "the information dictionary as reportlab formats it, by its dates", 4)
# each text of the information dictionary as reportlab's PDFString writes it: a batch's titles,
# authors, and its copies' subjects and keywords
_INFO_STRINGS: Memo[str, bytes] = Memo("the information dictionary's texts as reportlab writes them", 256)


def flated_stream(content: bytes, **entries: int | str) -> pdfdoc.PDFObject:
    """A stream of ``content``, Flate-compressed already, with ``entries`` in its dictionary beside
    /Filter and /Length (a number, or a name such as ``pdfdoc.PDFName("CIDFontType0C")``): the
    bytes reportlab writes for ``PDFStream(content=content, filters=[AlreadyFlated])`` with those
    entries. Its dictionary comes from a template reportlab formatted once for the entries' names
    (and the names' values), the numbers written in by reportlab's ``fp_str`` as its ``format``
    writes a number: formatting a stream's dictionary anew was a share of every PDF written."""
    return _FlatedStream(content, entries)


class _FlatedStream(pdfdoc.PDFObject):
    __RefOnly__ = 1  # as a PDFStream: written as an object of its own, never inside another

    def __init__(self, content: bytes, entries: dict[str, int | str]):
        self.content = content
        self.entries = entries

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        """What PDFStream.format writes (reportlab's object protocol)."""
        content = document.encrypt.encode(self.content)
        numbers = [len(content)] + [value for value in self.entries.values() if type(value) is int]
        shape = tuple((name, None if type(value) is int else value) for name, value in self.entries.items())
        template = _STREAM_TEMPLATES.get_or_compute(shape, lambda: _stream_template(shape))
        if template is None:
            stream = pdfdoc.PDFStream(content=self.content, filters=[AlreadyFlated])
            stream.dictionary.dict.update(self.entries)
            return stream.format(document)
        out = _filled(template, [fp_str(number).encode("ascii") for number in numbers])
        out += (b"\nstream\n", content, b"endstream\n")
        return b"".join(out)


# Stand for a stream dictionary's numbers in its template: its /Length, then each number entry.
_NUMBER = 10**12 + 100
_NUMBERS = re.compile(rb"\b10000000001(\d\d)\b")


def _stream_template(shape: tuple[tuple[str, str | None], ...]) -> tuple[tuple[bytes, ...], tuple[int, ...]] | None:
    """The dictionary PDFStream.format makes for a stream filtered by :class:`AlreadyFlated` with
    entries of ``shape`` (a None value: a number), formatted by reportlab, split at its numbers;
    and which number stands at each split (0: the length, then the number entries in order).
    None if each number is not there once: then the stream is a PDFStream, formatted by reportlab."""
    entries: dict[str, object] = {"Filter": pdfdoc.PDFArray([pdfdoc.PDFName(AlreadyFlated.pdfname)]), "Length": _NUMBER}
    count = 1
    for name, value in shape:
        if value is None:
            entries[name] = _NUMBER + count
            count += 1
        else:
            entries[name] = value
    return _split_template(pdfdoc.format(pdfdoc.PDFDictionary(entries), pdfdoc.PDFDocument()), _NUMBERS,
                           list(range(count)))


# a template for each shape of stream a batch writes (a page's; a TrueType or a CFF font program)
_STREAM_TEMPLATES: Memo[tuple, tuple[tuple[bytes, ...], tuple[int, ...]] | None] = Memo(
    "stream dictionaries as reportlab formats them, by their entries' names", 16)


# Stands for a reference to another object in an object given to :func:`preformat`: reportlab
# writes bytes as they are, and a reference's number is only known in the document it goes into.
REFERENCE = b"\x00reference\x00"


def preformat(obj: pdfdoc.PDFObject, document: pdfdoc.PDFDocument) -> tuple[bytes, ...]:
    """``obj`` as reportlab writes it as an indirect object of ``document`` (its body, between
    ``obj`` and ``endobj``), split at each :data:`REFERENCE` it holds: the parts of a
    :class:`Preformatted`. ``document`` must not encrypt (it never does here)."""
    return tuple(pdfdoc.format(obj, document, toplevel=1).split(REFERENCE))


class Preformatted(pdfdoc.PDFObject):
    """An object written as bytes made earlier (:func:`preformat`), with the references it holds
    filled in: for an object every copy writes the same, formatting it through reportlab once."""

    def __init__(self, parts: tuple[bytes, ...], references: tuple[pdfdoc.PDFObjectReference, ...] = ()):
        if len(parts) != len(references) + 1:
            raise ValueError(f"{len(parts) - 1} references in the bytes, {len(references)} given")
        self.parts = parts
        self.references = references

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        """The bytes, each reference written as ``document`` numbers it (reportlab's object protocol)."""
        parts = self.parts
        if not self.references:
            return parts[0]
        out = [parts[0]]
        for reference, part in zip(self.references, parts[1:]):
            out += (reference.format(document), part)
        return b"".join(out)


def reportlab_problems() -> list[str]:
    """What of reportlab's private API this module relies on is missing or behaves differently
    in the installed reportlab: one sentence per problem, naming the private; empty when all is
    as tested. Writes one small PDF in memory through this module and reads its bytes."""
    problems: list[str] = []
    if "_make_preamble" not in vars(Canvas):
        problems.append("reportlab.pdfgen.canvas.Canvas._make_preamble is gone: letterpress overrides it so "
                        "that pages select no unembedded Helvetica")
    if not isinstance(getattr(rl_config, "useA85", None), int):
        problems.append("reportlab.rl_config.useA85 is gone: letterpress turns it off while saving "
                        "(compressed streams without ASCII85)")
    output = io.BytesIO()
    canvas = new_canvas(output, 100, 100, invariant=True, lang="en")
    document = getattr(canvas, "_doc", None)
    if not isinstance(document, pdfdoc.PDFDocument):
        problems.append("reportlab.pdfgen.canvas.Canvas._doc is not the PDFDocument being written any more")
    elif not isinstance(getattr(document, "delayedFonts", None), list):
        problems.append("reportlab.pdfbase.pdfdoc.PDFDocument.delayedFonts is gone: no font could be embedded")
    elif pdfdoc.BasicFonts not in getattr(document, "idToObject", {}):
        problems.append("reportlab.pdfbase.pdfdoc.PDFDocument.idToObject[BasicFonts] is gone: embedded fonts "
                        "could not be named in the pages' /Font resources")
    if problems:
        return problems

    program = b"x\x9c\x03\x00\x00\x00\x00\x01"  # zlib.compress(b"")
    added: list[dict] = []

    def add(document: pdfdoc.PDFDocument, fonts: dict) -> None:
        stream = document.Reference(pdfdoc.PDFStream(content=program, filters=[AlreadyFlated]))
        probe = preformat(pdfdoc.PDFDictionary({"Probe": REFERENCE, "Kind": pdfdoc.PDFName("LPpreformatted")}),
                          document)
        fonts["LPprobe"] = document.Reference(Preformatted(probe, (stream,)))
        added.append(fonts)

    saved = rl_config.useA85
    try:
        on_save(canvas, add)
        canvas.addLiteral("BT /LPprobe 1 Tf ET")
        canvas.showPage()
        save(canvas)
    except Exception as exc:  # whatever broke, it is reported, never raised
        missing = getattr(exc, "name", None)
        return [f"saving a PDF through letterpress.render.reportlab_adapter failed ({type(exc).__name__}: {exc})"
                + (f"; reportlab no longer has {missing!r}" if missing else "")]
    pdf = output.getvalue()
    if rl_config.useA85 != saved:
        problems.append("reportlab.rl_config.useA85 was not restored after saving")
    if b"Helvetica" in pdf:
        problems.append("reportlab.pdfgen.canvas.Canvas._make_preamble is no longer how reportlab starts a page: "
                        "the PDF names an unembedded Helvetica")
    if not added:
        problems.append("reportlab.pdfbase.pdfdoc.PDFDocument.delayedFonts is no longer called when a document "
                        "is saved: no font would be embedded")
    elif not _font_resources_name(pdf, b"LPprobe"):
        problems.append("reportlab.pdfbase.pdfdoc.PDFDocument.idToObject[BasicFonts] is no longer the pages' "
                        "/Font resources: fonts would be embedded but not found")
    if b"ASCII85Decode" in pdf:
        problems.append("reportlab.rl_config.useA85 no longer governs page streams: they are ASCII85-encoded")
    if added and (program not in pdf or b"/FlateDecode" not in pdf):
        problems.append("reportlab's stream filter protocol (pdfname, encode) changed: a font program "
                        "would be compressed twice or written unfiltered")
    try:
        pages_as_given, pages_as_reportlab = _pages_compressed_as_given()
    except Exception as exc:  # whatever broke, it is reported, never raised
        missing = getattr(exc, "name", None)
        return problems + [f"compressing page streams through letterpress.render.reportlab_adapter.save failed "
                           f"({type(exc).__name__}: {exc})" + (f"; reportlab no longer has {missing!r}" if missing else "")]
    if not pages_as_given:
        problems.append("reportlab.pdfbase.pdfdoc.PDFDocument.Pages.pages, PDFPage.stream or PDFPage.Contents "
                        "changed: page streams would be compressed by reportlab again, not taken as given")
    elif not pages_as_reportlab:
        problems.append("reportlab.pdfbase.pdfdoc.PDFPage.check_format writes page streams otherwise, or "
                        "PDFPage.check_format and PDFCatalog.format number a page's objects otherwise, or PDFInfo.format "
                        "writes the information dictionary otherwise: pages compressed ahead of saving, written from "
                        "their templates (PDFDocument.idToObject, PDFDocument.info), would change the PDF")
    if added and not _preformatted_as_made(pdf, program):
        problems.append("reportlab's object protocol (Preformatted.format(document), pdfdoc.format at the top "
                        "level) changed: preformatted font objects would be written wrongly")
    try:
        streams_as_reportlab = _flated_streams_as_reportlab()
    except Exception as exc:  # whatever broke, it is reported, never raised
        streams_as_reportlab = False
        problems.append(f"writing a stream through letterpress.render.reportlab_adapter.flated_stream failed "
                        f"({type(exc).__name__}: {exc})")
    if not streams_as_reportlab:
        problems.append("reportlab.pdfbase.pdfdoc.PDFStream.format writes a stream otherwise: font programs and "
                        "page streams written through flated_stream would change the PDF")
    return problems


def _flated_streams_as_reportlab() -> bool:
    """Whether :func:`flated_stream` writes, for each shape of stream letterpress writes, the bytes
    reportlab writes for the PDFStream (templates made afresh here, and not kept)."""
    data = zlib.compress(b"0 0 m 10 10 l S")
    _STREAM_TEMPLATES.clear()
    try:
        for entries in ({}, {"Length1": 4764}, {"Subtype": pdfdoc.PDFName("CIDFontType0C")}):
            stream = pdfdoc.PDFStream(content=data, filters=[AlreadyFlated])
            stream.dictionary.dict.update(entries)
            document = pdfdoc.PDFDocument()
            if pdfdoc.format(flated_stream(data, **entries), document, toplevel=1) != pdfdoc.format(stream, document, toplevel=1):
                return False
        return True
    finally:
        _STREAM_TEMPLATES.clear()


def _pages_compressed_as_given() -> tuple[bool, bool]:
    """Whether pages saved with a ``compress`` are written with the bytes it gives, and whether
    giving them :func:`flate`'s bytes (the pages, their streams and the information dictionary
    then written from their templates, made afresh here) writes the PDF reportlab writes alone."""
    contents = ["0 0 m 10 10 l S", "BT ET", "BT ET"]
    given: list[bytes] = []

    def fast(streams: list[bytes]) -> list[bytes]:
        given.extend(streams)
        return [zlib.compress(stream, 1) for stream in streams]

    pdfs = []
    made_here = (_PAGE_TEMPLATES, _STREAM_TEMPLATES, _INFO_TEMPLATES, _INFO_STRINGS)
    for memo in made_here:
        memo.clear()  # made by this reportlab, not kept from before (nor kept after: see the finally)
    try:
        for compress in (None, lambda streams: [flate(stream) for stream in streams], fast):
            output = io.BytesIO()
            canvas = new_canvas(output, 100, 100, invariant=True, lang="en")
            # texts in PDFDocEncoding and not, with characters to escape
            canvas.setTitle("Access (for) monitors \u2014 \uc778\uad8c")
            canvas.setAuthor("A coalition\\of 40")
            canvas.setSubject("Kim Jong-il \u2014 Embassy")
            canvas.setKeywords("icnk-2011 bangkok en")
            canvas.setCreator("letterpress")
            for size, content in zip(((100, 100), (100, 100), (60.5, 80.25)), contents):
                canvas.setPageSize(size)  # two sizes: two templates
                canvas.addLiteral(content)
                canvas.showPage()
            save(canvas, compress)
            pdfs.append(output.getvalue())
    finally:
        for memo in made_here:
            memo.clear()
    as_given = (len(given) == len(contents) and all(content.encode() in stream for content, stream in zip(contents, given))
                and all(zlib.compress(stream, 1) in pdfs[2] for stream in given))
    return as_given, pdfs[1] == pdfs[0]


def _preformatted_as_made(pdf: bytes, program: bytes) -> bool:
    """Whether the probe's preformatted dictionary is in ``pdf`` as reportlab writes a dictionary,
    its reference pointing at the stream holding ``program``."""
    found = re.search(rb"(?:^|\n)\d+ 0 obj\n<<\s*/Kind /LPpreformatted\s+/Probe (\d+) 0 R\s*>>\nendobj\n", pdf)
    if found is None:
        return False
    stream = re.search(rb"(?:^|\n)" + found.group(1) + rb" 0 obj\n<<[^>]*>>\nstream\n(.*?)endstream", pdf, re.S)
    return stream is not None and stream.group(1) == program


def _font_resources_name(pdf: bytes, name: bytes) -> bool:
    """Whether the first page's /Font resources (an indirect object) name ``name``."""
    found = re.search(rb"/Font (\d+) 0 R", pdf)
    if found is None:
        return False
    body = re.search(rb"(?:^|\n)" + found.group(1) + rb" 0 obj(.*?)endobj", pdf, re.S)
    return body is not None and b"/" + name + b" " in body.group(1)
