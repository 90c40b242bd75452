"""Stage 5a: PAdES signatures with pyHanko, after layout, on the finished PDF bytes.

``sign_pdf`` adds a PAdES baseline B-B signature (B-T with a timestamp
authority) as an incremental update, so the signed bytes are the unsigned
PDF's bytes plus the signature.  With a fixed signing time and an RSA key
(PKCS#1 v1.5 signatures are deterministic) the output is reproducible too.
``verify_pdf`` validates a file's last signature.
"""
from __future__ import annotations

import getpass
import io
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from ..errors import InputError, Location

PASSPHRASE_VARIABLE = "LETTERPRESS_SIGN_PASSPHRASE"


@dataclass(frozen=True)
class SigningKey:
    """A loaded PKCS#12 signing key: its file, the pyHanko signer, and its certificate's subject."""

    path: Path
    signer: object  # pyhanko.sign.signers.SimpleSigner
    subject: str


def passphrase_from_env_or_prompt(*, interactive: bool) -> bytes | None:
    """The key's passphrase: from LETTERPRESS_SIGN_PASSPHRASE, else asked for on a terminal; never argv."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    if value is not None:
        return value.encode("utf-8")
    if interactive:
        return getpass.getpass("passphrase for the signing key: ").encode("utf-8")
    raise InputError("the signing key needs a passphrase and there is no terminal to ask for it",
                     hint=f"set {PASSPHRASE_VARIABLE} in the environment (in CI: from a secret)")


def check_key_file(path: Path) -> None:
    """An input error when there is no file at ``path`` to be a signing key (worth saying before
    asking for a passphrase for it)."""
    if not path.is_file():
        raise InputError(f"no signing key at {path}", location=Location(path),
                         hint="pass a PKCS#12 file (.p12 or .pfx) holding the key and its certificate")


def load_signing_key(path: Path, passphrase: bytes | None) -> SigningKey:
    """Open the PKCS#12 file at ``path``; an input error naming the file when it is missing, is not
    PKCS#12, or the passphrase is wrong."""
    from pyhanko.sign import signers

    check_key_file(path)
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(path), passphrase=passphrase)
    except (ValueError, TypeError, OSError) as exc:
        signer = None
        reason = str(exc)
    else:
        reason = ""
    if signer is None and _holds_no_key(path, passphrase):
        raise InputError(f"the signing file {path} holds certificates but no private key", location=Location(path),
                         hint="export the signer's certificate together with its private key as .p12/.pfx")
    if signer is None:
        raise InputError(f"cannot open the signing key {path}: wrong passphrase or not a PKCS#12 file"
                         + (f" ({reason})" if reason else ""), location=Location(path),
                         hint=f"check {PASSPHRASE_VARIABLE}, and that the file is a .p12/.pfx with a private key")
    _check_validity(path, signer.signing_cert)
    return SigningKey(path, signer, signer.signing_cert.subject.human_friendly)


def _check_validity(path: Path, certificate) -> None:
    """Refuse a signing certificate that has expired or is not valid yet, today: the signatures it
    makes would fail every verification (a reproducible build's SOURCE_DATE_EPOCH is not the day
    they are checked)."""
    now = datetime.now(timezone.utc)
    start, end = certificate.not_valid_before, certificate.not_valid_after
    if not start <= now <= end:
        state = "expired on" if now > end else "is not valid before"
        raise InputError(f"the signing certificate in {path} {state} {(end if now > end else start):%Y-%m-%d}",
                         location=Location(path),
                         hint=f"it is valid from {start:%Y-%m-%d} to {end:%Y-%m-%d}: sign with a current certificate")


def _holds_no_key(path: Path, passphrase: bytes | None) -> bool:
    """Whether the PKCS#12 file opens with ``passphrase`` but carries no private key (pyHanko gives
    no signer either way)."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, _, _ = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase)
    except (ValueError, TypeError, OSError):  # wrong passphrase, not PKCS#12
        return False
    return key is None


def _signer_class():
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    class FixedTimePdfSigner(PdfSigner):
        """pyHanko takes the signing time from the clock; a reproducible build passes its own."""

        signing_time: datetime | None = None

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if self.signing_time is not None:
                session.system_time = self.signing_time
            return session

    return FixedTimePdfSigner


def sign_pdf(pdf: bytes, key: SigningKey, *, signing_time: datetime | None = None,
             timestamp_url: str | None = None, stamp: bool = False, reason: str | None = None,
             location: str | None = None) -> bytes:
    """``pdf`` with a PAdES signature appended as an incremental update.

    ``signing_time`` fixes the time recorded (and the update's file id), so the output is
    reproducible; without it the clock's time is used.  ``timestamp_url`` adds an RFC 3161
    timestamp (B-T); ``stamp`` draws a visible signature box on the last page.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _deterministic_id(writer, pdf, key, signing_time)
    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url)
    meta = PdfSignatureMetadata(field_name="letterpress", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
                                reason=reason, location=location)
    field_spec = None
    if stamp:
        last = len(writer.root["/Pages"]["/Kids"]) - 1 if "/Kids" in writer.root["/Pages"] else 0
        field_spec = SigFieldSpec("letterpress", on_page=last, box=(360, 30, 560, 80))
    signer_class = _signer_class()
    signer = signer_class(meta, key.signer, timestamper=timestamper, new_field_spec=field_spec)
    signer.signing_time = signing_time
    output = io.BytesIO()
    signer.sign_pdf(writer, output=output)
    return output.getvalue()


def _deterministic_id(writer, pdf: bytes, key: SigningKey, signing_time: datetime | None) -> None:
    """pyHanko gives the update a random second file id; derive it from what is signed instead."""
    import hashlib

    from pyhanko.pdf_utils import generic

    if signing_time is None:
        return  # no fixed time: the signature differs per run anyway
    # pyHanko also stamps the info dictionary's /ModDate with the clock when it writes (it sets
    # last_modified to 'now' itself), so the metadata it writes from is one that keeps our time.
    writer._meta = _fixed_time_metadata(writer._meta, signing_time)
    first = writer._document_id[0]
    second = hashlib.sha256(pdf + key.subject.encode() + signing_time.isoformat().encode()).digest()[:16]
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(second)])


def _fixed_time_metadata(meta, moment: datetime):
    from dataclasses import fields

    from pyhanko.pdf_utils.metadata.model import DocumentMetadata

    class FixedTimeMetadata(DocumentMetadata):
        @property
        def last_modified(self):
            return moment

        @last_modified.setter
        def last_modified(self, value):
            pass  # pyHanko's 'now' is ignored: the signed file records the build's time

    values = {f.name: getattr(meta, f.name) for f in fields(DocumentMetadata) if f.init and f.name != "last_modified"}
    return FixedTimeMetadata(**values)


def signing_time_from_environment() -> datetime | None:
    """The signing time ``SOURCE_DATE_EPOCH`` asks for (UTC), or None when it is unset or not a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


@dataclass(frozen=True)
class VerifyReport:
    """What :func:`verify_pdf` found about one file: ``ok`` and a sentence for people, with the details."""

    path: Path
    ok: bool
    signer: str | None
    signing_time: datetime | None
    intact: bool
    trusted: bool | None  # None: no trust root given
    message: str


def verify_pdf(path: Path, *, trust: Sequence[Path] = ()) -> VerifyReport:
    """Validate every signature of the PDF at ``path``, against the certificates ``trust`` when given.

    Never raises for a bad file: an unreadable, unsigned or damaged PDF is a report with ``ok`` false.
    ``ok`` needs each signature intact and trusted (when roots are given); the last covering the
    whole file (or its revision, followed only by validation data such as a document timestamp),
    and each earlier one followed only by signatures and validation data. The report names the
    last signer; a failing one names the signature that fails.
    """
    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader

    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        data = path.read_bytes()
    except OSError as exc:
        return VerifyReport(path, False, None, None, False, None, f"cannot read: {exc.strerror}")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises several kinds for a damaged or non-PDF file
        return VerifyReport(path, False, None, None, False, None, f"not a readable PDF ({type(exc).__name__})")
    if not signatures:
        return VerifyReport(path, False, None, None, False, None, "not signed")
    # pyHanko logs path-building and diff-analysis failures with tracebacks; the report says it for people.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    roots = [_load_certificate(p) for p in trust]
    context = ValidationContext(trust_roots=roots, allow_fetching=False) if roots else \
        ValidationContext(allow_fetching=False)
    report = None
    # The last signature first: the report names its signer; an earlier one that fails replaces it.
    for number in reversed(range(len(signatures))):
        which = f"signature {number + 1} of {len(signatures)}: " if len(signatures) > 1 else ""
        try:
            status = validate_pdf_signature(signatures[number], context)
        except Exception as exc:
            return VerifyReport(path, False, None, None, False, None, f"{which}cannot be validated: {exc}")
        found = _signature_report(path, status, bool(roots), last=number == len(signatures) - 1)
        if not found.ok:
            return replace(found, message=which + found.message)
        report = report or found
    assert report is not None
    # Bytes after the file's last %%EOF belong to no revision, so pyHanko passes over them; but a
    # file that was signed and then had anything appended is not the file that was signed.
    if data[data.rfind(b"%%EOF") + 5:].strip(b"\r\n\t \x00"):
        return replace(report, ok=False, message="MODIFIED after signing: bytes were appended after the end of the file")
    if len(signatures) > 1:
        return replace(report, message=f"{report.message} (each of {len(signatures)} signatures)")
    return report


def _signature_report(path: Path, status, checked_trust: bool, *, last: bool) -> VerifyReport:
    """What one signature's pyHanko status says. After the last signature only validation data may
    follow; after an earlier one, other signatures too (what pyHanko calls form filling: our files
    have no other form fields)."""
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else None
    intact = bool(status.intact and status.valid)
    coverage = status.coverage.name if status.coverage is not None else None
    # ENTIRE_REVISION: revisions were appended after the signature. Only those that add validation
    # data (a DSS, a document timestamp), or a later signature, leave what the file shows unchanged;
    # anything else (a rotated page, new content, another title) is a change after signing, whatever
    # the signed bytes say.
    later = getattr(status, "modification_level", None)
    allowed = ("NONE", "LTA_UPDATES") if last else ("NONE", "LTA_UPDATES", "FORM_FILLING")
    appended = coverage == "ENTIRE_REVISION" and (later is None or later.name not in allowed)
    covers_all = coverage == "ENTIRE_FILE" or (coverage == "ENTIRE_REVISION" and not appended)
    trusted = bool(status.trusted) if checked_trust else None
    ok = intact and covers_all and (trusted is not False)
    if not intact:
        message = "MODIFIED or invalid: the signed bytes do not match the signature"
    elif appended:
        message = "MODIFIED after signing: content was added to the file after the signature"
    elif not covers_all:
        message = "the signature does not cover the whole file"
    elif trusted is False and _out_of_bounds(status):
        certificate = status.signing_cert
        message = (f"intact, but the signer's certificate is valid only from "
                   f"{certificate.not_valid_before:%Y-%m-%d} to {certificate.not_valid_after:%Y-%m-%d}")
    elif trusted is False:
        message = "intact, but the signer's certificate does not chain to the trust roots given"
    elif trusted is None:
        message = "intact; signer not checked against a trust root (pass --trust CA.pem)"
    else:
        message = "intact and trusted"
    return VerifyReport(path, ok, signer, status.signer_reported_dt, intact, trusted, message)


def _out_of_bounds(status) -> bool:
    """Whether pyHanko found the signer's certificate outside its validity (expired, or not valid
    yet) rather than outside the trust roots."""
    indication = getattr(status, "trust_problem_indic", None)
    return indication is not None and indication.name.startswith("OUT_OF_BOUNDS")


def _load_certificate(path: Path):
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the trust root {path}: {exc.strerror}", location=Location(path)) from None
    def not_a_certificate(holds: str = "") -> InputError:
        return InputError(f"{path} is not a certificate" + (f" (it holds a {holds.lower()})" if holds else ""),
                          location=Location(path), hint="pass the CA certificate in PEM or DER form")

    try:
        if pem.detect(data):
            kind, _, data = pem.unarmor(data)
            if kind != "CERTIFICATE":  # a private key, a certificate request
                raise not_a_certificate(kind)
        certificate = x509.Certificate.load(data)
        certificate.native  # asn1crypto parses lazily: a DER key fails here, not in the validation
    except ValueError:
        raise not_a_certificate() from None
    return certificate
