"""The key that signs credentials: CERTIFICATE_SIGNING_KEY (PEM), never one made up on the spot.

Without a configured key there is no credential (the API answers 503); tests set a key made for
their process. The public half is published as a JWK so anyone can check a signature.
"""

import hashlib
import json
from typing import Any

from django.conf import settings


class SigningKeyMissing(RuntimeError):
    """No CERTIFICATE_SIGNING_KEY is configured."""


def signing_key_pem() -> str:
    pem = getattr(settings, "CERTIFICATE_SIGNING_KEY", "") or ""
    if not pem.strip():
        raise SigningKeyMissing
    return pem


def _private_key() -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(signing_key_pem().encode(), password=None)


def algorithm() -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    key = _private_key()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "ES256"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "EdDSA"
    return "RS256"


def public_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization

    return (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def public_jwk() -> dict[str, Any]:
    """The public key as a JWK, with a `kid` derived from it (stable while the key is)."""
    from jwcrypto import jwk

    key = jwk.JWK.from_pem(public_key_pem().encode())
    data: dict[str, Any] = json.loads(key.export_public())
    data["kid"] = hashlib.sha256(public_key_pem().encode()).hexdigest()[:16]
    data["use"] = "sig"
    data["alg"] = algorithm()
    return data
