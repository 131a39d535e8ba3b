import pytest

from paramount.api import services


@pytest.fixture
def token_for():
    """``token_for(user)`` issues an API token for the user and returns the secret."""

    def issue(user, *, name=None, days=30):
        name = name or f"client-{user.get_username()}"
        return services.api_token_create(username=user.get_username(), name=name, days=days).secret

    return issue


@pytest.fixture
def api_client(client):
    """``api_client.get(url, token=...)``: the test client, sending the token as a bearer."""

    class ApiClient:
        def get(self, url, *, token=None, **kwargs):
            return client.get(url, **_auth(token), **kwargs)

        def post(self, url, data=None, *, token=None, **kwargs):
            return client.post(url, data, **_auth(token), **kwargs)

    return ApiClient()


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
