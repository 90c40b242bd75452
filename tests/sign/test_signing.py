"""Issue 6: signed copies validate with pyHanko; verify catches one changed byte; keys and passphrases."""
from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "correct horse battery staple"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "letterpress tests")])


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """A throwaway CA and a signing certificate it issued, as CA.pem and signer.p12."""
    folder = tmp_path_factory.mktemp("pki")
    now = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(_name("Test CA")).issuer_name(_name("Test CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=36500))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name("Coalition Signer")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=36500))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    p12 = pkcs12.serialize_key_and_certificates(b"signer", key, cert, [ca],
                                                serialization.BestAvailableEncryption(PASSPHRASE.encode()))
    (folder / "signer.p12").write_bytes(p12)
    # the certificates without their key, and the key where a certificate belongs: two user mistakes
    (folder / "no-key.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", None, None, [cert, ca], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    expired = (x509.CertificateBuilder().subject_name(_name("Old Signer")).issuer_name(ca.subject)
               .public_key(key.public_key()).serial_number(3).not_valid_before(now)
               .not_valid_after(now + dt.timedelta(days=365))
               .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    (folder / "expired.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"old", key, expired, [ca], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    (folder / "signer.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
    return folder


@pytest.fixture
def signed_build(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "--sign", pki / "signer.p12", "-q", "--jobs", "1")
    assert result.code == 0, result.err
    return out


def test_signed_copy_validates_with_pyhanko(signed_build, pki):
    from asn1crypto import pem, x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor((pki / "ca.pem").read_bytes())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    pdfs = sorted(signed_build.glob("*.pdf"))
    assert len(pdfs) == 3  # every copy of the minimal project, not none
    for pdf in pdfs:
        reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        assert status.intact and status.valid and status.trusted, pdf.name
        assert "Coalition Signer" in status.signing_cert.subject.human_friendly
        assert status.signer_reported_dt == dt.datetime(2011, 12, 8, tzinfo=dt.timezone.utc)


def test_verify_passes_then_fails_after_one_byte_changes(signed_build, pki, run_cli):
    pdf = signed_build / "london.en.pdf"
    ok = run_cli("verify", pdf, "--trust", pki / "ca.pem")
    assert ok.code == 0 and "intact and trusted" in ok.out
    data = bytearray(pdf.read_bytes())
    position = data.index(b"/Title")  # inside the signed range, well before /Contents
    data[position + 1] ^= 0x01
    pdf.write_bytes(bytes(data))
    bad = run_cli("verify", pdf, "--trust", pki / "ca.pem")
    assert bad.code == 1 and "FAIL" in bad.out


def test_labels_are_signed_with_the_copies(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    """Every PDF a signing build writes is signed: `verify OUT/*.pdf` passes, labels.pdf included."""
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "--sign", pki / "signer.p12", "--labels", "-q",
                     "--jobs", "1")
    assert result.code == 0, result.err
    pdfs = sorted(out.glob("*.pdf"))
    assert out / "labels.pdf" in pdfs
    verified = run_cli("verify", *pdfs, "--trust", pki / "ca.pem")
    assert verified.code == 0, verified.out
    assert verified.out.count("intact and trusted") == len(pdfs)


def test_verify_rejects_unsigned_missing_and_untrusted(tmp_path, run_cli, minimal_project, pki, signed_build):
    out = tmp_path / "plain"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "en").code == 0
    assert run_cli("verify", out / "london.en.pdf").code == 1
    assert run_cli("verify", tmp_path / "nothing.pdf").code == 1
    other_ca = tmp_path / "other.pem"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name("Other CA")).issuer_name(_name("Other CA"))
            .public_key(key.public_key()).serial_number(9).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3650)).sign(key, hashes.SHA256()))
    other_ca.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    untrusted = run_cli("verify", signed_build / "paris.fr.pdf", "--trust", other_ca)
    assert untrusted.code == 1 and "does not chain" in untrusted.out


def test_signed_output_is_reproducible(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    outputs = []
    for name in ("a", "b"):
        if outputs:
            time.sleep(1.1)  # a wall-clock time anywhere in the output would now differ
        out = tmp_path / name
        assert run_cli("build", minimal_project, "-o", out, "--sign", pki / "signer.p12", "-q",
                       "--language", "fr").code == 0
        outputs.append((out / "paris.fr.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_wrong_passphrase_is_an_input_error(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", "wrong")
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--sign", pki / "signer.p12")
    assert result.code == 1 and "signer.p12" in result.err and "LETTERPRESS_SIGN_PASSPHRASE" in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))  # (globbing a folder never made finds nothing)


def test_wrong_passphrase_prints_no_third_party_traceback(pki, minimal_project, tmp_path):
    """pyHanko logs the failure with its traceback; in a real process (no test harness handling
    the log records) only letterpress's message may reach the user."""
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "letterpress", "build", str(minimal_project), "-o",
                             str(tmp_path / "out"), "--sign", str(pki / "signer.p12")],
                            env=dict(os.environ, LETTERPRESS_SIGN_PASSPHRASE="wrong"), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "pyhanko" not in result.stderr.lower(), result.stderr
    assert "signer.p12" in result.stderr


def test_passphrase_never_comes_from_the_command_line(run_cli, pki, minimal_project, tmp_path):
    result = run_cli("build", minimal_project, "-o", tmp_path / "o", "--sign", pki / "signer.p12",
                     "--passphrase", "x")
    assert result.code == 2


def test_labels_are_signed_again_when_a_build_starts_signing(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    """The label sheet is fingerprinted like every file: an unsigned sheet is not kept by a signing
    build, and a signed one is kept by the next signing build, still verifying."""
    import json

    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--labels", "-q").code == 0
    assert run_cli("verify", out / "labels.pdf", "--trust", pki / "ca.pem").code == 1  # not signed yet
    signing = ("build", minimal_project, "-o", out, "--labels", "--json", "--sign", pki / "signer.p12")
    first = json.loads(run_cli(*signing).out)
    assert {f["file"] for f in first["files"] if not f["unchanged"]} >= {"labels.pdf"}
    again = json.loads(run_cli(*signing).out)
    assert [f["file"] for f in again["files"] if not f["unchanged"]] == []
    pdfs = sorted(out.glob("*.pdf"))
    verified = run_cli("verify", *pdfs, "--trust", pki / "ca.pem")
    assert verified.code == 0, verified.out
    assert verified.out.count("intact and trusted") == len(pdfs) == 4


def test_verify_fails_when_content_was_appended_after_signing(signed_build, pki, run_cli):
    """An incremental update after the signature (a changed title here; a changed page would be the
    same) leaves the signed bytes intact but changes what the file shows: verify must fail."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    pdf = signed_build / "london.en.pdf"
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    changed = io.BytesIO()
    writer.write(changed)
    pdf.write_bytes(changed.getvalue())
    result = run_cli("verify", pdf, "--trust", pki / "ca.pem")
    assert result.code == 1, result.out
    assert "after" in result.out and "intact and trusted" not in result.out


def _countersigned(pdf, pki, *, rotate_first: bool) -> None:
    """``pdf`` signed again (a coordinator countersigning), after a rotated page when ``rotate_first``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

    data = pdf.read_bytes()
    if rotate_first:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        page["/Rotate"] = generic.NumberObject(90)
        writer.update_container(page)
        changed = io.BytesIO()
        writer.write(changed)
        data = changed.getvalue()
    signer = signers.SimpleSigner.load_pkcs12(str(pki / "signer.p12"), passphrase=PASSPHRASE.encode())
    out = io.BytesIO()
    signers.PdfSigner(PdfSignatureMetadata(field_name="countersignature"), signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)), output=out)
    pdf.write_bytes(out.getvalue())


def test_verify_checks_every_signature_not_only_the_last(signed_build, pki, run_cli):
    """A countersignature is fine; a change made after letterpress signed, covered by a later
    signature, is not: the last signature is intact, the first is not."""
    countersigned, tampered = signed_build / "london.en.pdf", signed_build / "london.ko.pdf"
    _countersigned(countersigned, pki, rotate_first=False)
    _countersigned(tampered, pki, rotate_first=True)
    result = run_cli("verify", countersigned, tampered, "--trust", pki / "ca.pem")
    assert result.code == 1
    lines = {line.split(":")[0].split()[-1].rsplit("/", 1)[-1]: line for line in result.out.splitlines()}
    assert lines["london.en.pdf"].startswith("ok") and "(each of 2 signatures)" in lines["london.en.pdf"], result.out
    assert lines["london.ko.pdf"].startswith("FAIL"), result.out
    assert "signature 1 of 2: MODIFIED after signing" in lines["london.ko.pdf"], result.out


def test_a_p12_without_its_key_is_named_as_such(pki, minimal_project, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--sign", pki / "no-key.p12")
    assert result.code == 1 and "holds certificates but no private key" in result.err, result.err


def test_a_key_given_as_the_trust_root_is_refused_as_not_a_certificate(signed_build, pki, run_cli):
    result = run_cli("verify", *sorted(signed_build.glob("*.pdf")), "--trust", pki / "signer.key")
    assert result.code == 1 and "signer.key is not a certificate (it holds a private key)" in result.err, result.err


def test_verify_fails_when_bytes_follow_the_end_of_the_file(signed_build, pki, run_cli):
    """Junk after the last %%EOF belongs to no revision (pyHanko passes over it), yet the file is
    not the one that was signed: its sha256 no longer matches the manifest."""
    pdf = sorted(signed_build.glob("*.pdf"))[0]
    pdf.write_bytes(pdf.read_bytes() + b"\n% junk\n")
    result = run_cli("verify", pdf, "--trust", pki / "ca.pem")
    assert result.code == 1 and "bytes were appended after the end of the file" in result.out + result.err


def test_an_expired_signing_certificate_is_refused_before_anything_is_signed(pki, minimal_project, run_cli, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("LETTERPRESS_SIGN_PASSPHRASE", PASSPHRASE)
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--sign", pki / "expired.p12")
    assert result.code == 1 and "expired on 2020-12-31" in result.err, result.err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_verify_says_a_signers_certificate_was_out_of_its_validity(pki, minimal_project, run_cli, tmp_path):
    """A copy signed with a certificate that has since expired (signed by another tool: letterpress
    refuses one): verify names its validity, not a chain it does have."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--jobs", "1").code == 0
    pdf = sorted(out.glob("*.pdf"))[0]
    signer = signers.SimpleSigner.load_pkcs12(str(pki / "expired.p12"), passphrase=PASSPHRASE.encode())
    signed = io.BytesIO()
    signers.PdfSigner(PdfSignatureMetadata(field_name="signature"), signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes())), output=signed)
    pdf.write_bytes(signed.getvalue())
    result = run_cli("verify", pdf, "--trust", pki / "ca.pem")
    assert result.code == 1
    assert "certificate is valid only from 2020-01-01 to 2020-12-31" in result.out, result.out
