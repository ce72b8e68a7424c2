"""A throwaway self-signed serving certificate for 127.0.0.1.

kubectl sends a bearer token only over TLS: client-go's ``clientcmd`` reads a
kubeconfig user's credentials only when the transport is TLS, so a plain-HTTP
server would see no token at all.  The served cluster therefore speaks HTTPS
with a fresh ECDSA P-256 certificate (SAN ``IP:127.0.0.1``, valid 30 days)
made at start-up, and puts it in the kubeconfig as the cluster's certificate
authority.  It is made with the ``cryptography`` package when installed, else
with the ``openssl`` command; the key never touches disk for longer than it
takes ``ssl`` to load it (a private temporary directory, removed at once).

Upstream: kubernetes/client-go tools/clientcmd/client_config.go @ v0.36.3
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import tempfile

__all__ = ["TLSError", "self_signed", "server_context"]


class TLSError(RuntimeError):
    """No way to make a certificate on this machine."""


def _with_cryptography() -> tuple[bytes, bytes] | None:
    try:
        import datetime
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return None
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "k8slearn")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def _with_openssl(tmp: str) -> tuple[bytes, bytes]:
    exe = shutil.which("openssl")
    if exe is None:
        raise TLSError("cannot make a TLS certificate: install the 'cryptography' package or "
                       "the openssl command")
    cert, key = os.path.join(tmp, "tls.crt"), os.path.join(tmp, "tls.key")
    r = subprocess.run([exe, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "30", "-subj", "/CN=k8slearn",
                        "-addext", "subjectAltName=IP:127.0.0.1",
                        "-addext", "basicConstraints=critical,CA:TRUE"],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise TLSError(f"openssl could not make a certificate: {r.stderr.strip()}")
    with open(cert, "rb") as c, open(key, "rb") as k:
        return c.read(), k.read()


def self_signed() -> tuple[bytes, bytes]:
    """``(certificate PEM, private key PEM)``."""
    made = _with_cryptography()
    if made is not None:
        return made
    with tempfile.TemporaryDirectory(prefix="k8slearn-tls-") as tmp:
        return _with_openssl(tmp)


def server_context(cert_pem: bytes, key_pem: bytes) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="k8slearn-tls-") as tmp:
        cert, key = os.path.join(tmp, "tls.crt"), os.path.join(tmp, "tls.key")
        fd = os.open(key, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key_pem)
        with open(cert, "wb") as f:
            f.write(cert_pem)
        ctx.load_cert_chain(cert, key)
    return ctx
