"""reportlab's private API is used in one module, letterpress.render.reportlab_adapter, and checked there.

A reportlab upgrade that changes one of those privates must fail here, by name, before it
writes a PDF with an unembedded Helvetica, ASCII85 streams or fonts missing from the pages'
resources. The canary is itself tested: each private, broken in turn, is reported by name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

import letterpress
from letterpress.render.reportlab_adapter import reportlab_problems

ADAPTER = "render/reportlab_adapter.py"
PRIVATES = re.compile(r"\._doc\b|delayedFonts|idToObject|useA85|_make_preamble|rl_config|_preamble|Pages\.pages|"
                      r"\.Contents\b|__InternalName__")


def test_the_installed_reportlab_has_every_private_the_adapter_uses():
    problems = reportlab_problems()
    assert not problems, ("reportlab changed under letterpress.render.reportlab_adapter (update the adapter, "
                          "then the reportlab range in pyproject.toml):\n" + "\n".join(problems))


def _without_make_preamble(monkeypatch):
    monkeypatch.delattr(Canvas, "_make_preamble")


def _without_use_a85(monkeypatch):
    monkeypatch.delattr(rl_config, "useA85")


def _delayed_fonts_not_called(monkeypatch):
    write = pdfdoc.PDFDocument.GetPDFData

    def get_pdf_data(self, canvas):
        self.delayedFonts = []
        return write(self, canvas)

    monkeypatch.setattr(pdfdoc.PDFDocument, "GetPDFData", get_pdf_data)


def _doc_renamed(monkeypatch):
    start = Canvas.__init__

    def init(self, *args, **kwargs):
        start(self, *args, **kwargs)
        self._document = self.__dict__.pop("_doc")

    monkeypatch.setattr(Canvas, "__init__", init)


def _font_resources_elsewhere(monkeypatch):
    start = pdfdoc.PDFDocument.__init__

    def init(self, *args, **kwargs):
        start(self, *args, **kwargs)
        self.idToObject.pop(pdfdoc.BasicFonts)

    monkeypatch.setattr(pdfdoc.PDFDocument, "__init__", init)


def _ascii85_regardless(monkeypatch):
    check = pdfdoc.PDFPage.check_format

    def check_format(self, document):
        check(self, document)
        self.Contents.filters = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress]

    monkeypatch.setattr(pdfdoc.PDFPage, "check_format", check_format)


def _bytes_written_as_strings(monkeypatch):
    write = pdfdoc.format

    def format(element, document, toplevel=0):
        formatted = write(element, document, toplevel)
        return b"(" + formatted + b")" if isinstance(element, bytes) else formatted

    monkeypatch.setattr(pdfdoc, "format", format)


def _contents_made_regardless(monkeypatch):
    check = pdfdoc.PDFPage.check_format

    def check_format(self, document):
        self.Contents = None
        check(self, document)

    monkeypatch.setattr(pdfdoc.PDFPage, "check_format", check_format)


def _contents_numbered_first(monkeypatch):
    check = pdfdoc.PDFPage.check_format

    def check_format(self, document):  # the content stream numbered before the page tree
        parent, self.Parent = self.Parent, "set below"
        check(self, document)
        document.Reference(self.Contents)
        self.Parent = parent or document.Reference(document.Pages)

    monkeypatch.setattr(pdfdoc.PDFPage, "check_format", check_format)


def _streams_written_otherwise(monkeypatch):
    write = pdfdoc.PDFStream.format

    def format(self, document):
        return write(self, document).replace(b"\nstream\n", b"\r\nstream\r\n")

    monkeypatch.setattr(pdfdoc.PDFStream, "format", format)


def _info_written_otherwise(monkeypatch):
    write = pdfdoc.PDFInfo.format

    def format(self, document):  # with something of the document's that the template's key leaves out
        return write(self, document).replace(b"/Trapped", b"/Objects %d /Trapped" % document.objectcounter)

    monkeypatch.setattr(pdfdoc.PDFInfo, "format", format)


@pytest.mark.parametrize("change, named", [
    (_without_make_preamble, "Canvas._make_preamble"),
    (_without_use_a85, "rl_config.useA85"),
    (_delayed_fonts_not_called, "PDFDocument.delayedFonts"),
    (_doc_renamed, "Canvas._doc"),
    (_font_resources_elsewhere, "idToObject[BasicFonts]"),
    (_ascii85_regardless, "rl_config.useA85"),
    (_bytes_written_as_strings, "Preformatted.format"),
    (_contents_made_regardless, "PDFPage.Contents"),
    (_contents_numbered_first, "PDFDocument.idToObject"),
    (_streams_written_otherwise, "PDFStream.format"),
    (_info_written_otherwise, "PDFDocument.info"),
])
def test_a_changed_private_is_reported_by_name(monkeypatch, change, named):
    change(monkeypatch)
    problems = reportlab_problems()
    assert any(named in problem for problem in problems), problems


def test_no_other_module_touches_reportlab_privates():
    package = Path(letterpress.__file__).parent
    users = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                   if PRIVATES.search(path.read_text(encoding="utf-8")))
    assert users == [ADAPTER]
