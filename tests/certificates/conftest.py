from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.certificates.world import World, build_world


@pytest.fixture(scope="session")
def signing_key_pem() -> str:
    """A key made for this test process only, never written anywhere."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def signing_key(settings: Any, signing_key_pem: str) -> str:
    settings.CERTIFICATE_SIGNING_KEY = signing_key_pem
    return signing_key_pem


@pytest.fixture
def world(db: None) -> World:
    return build_world()
