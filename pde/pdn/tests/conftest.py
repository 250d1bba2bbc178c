import pytest

from .factories import api_client


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Client secrets and API passwords are hashed like any password; a fast hasher
    keeps the many tokens these tests ask for cheap (production keeps Argon2/PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pdn_auth(client, db):
    """The Authorization header of a client that may call every system (public data)."""
    _api, _credentials, header = api_client(client, "PDN nacional")
    return header


@pytest.fixture
def post_json(client):
    import json

    def post(path: str, body, headers: dict):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(path, data, content_type="application/json", **headers)

    return post
