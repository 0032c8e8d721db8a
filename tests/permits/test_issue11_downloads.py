"""Issue 11, "long work shows progress" for files: a download marked by progress.js is answered with the cookie that
tells the page the file has come, and every printed form and export says its size (Content-Length)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = "0123456789abcdef01234567"


def _cookie(response):
    return response.cookies.get(f"download-{TOKEN}")


@pytest.mark.parametrize("name", ["pdf", "register-pdf", "register-xlsx", "export"])
def test_issue11_files_say_their_size_and_answer_the_download_token(site, client, name):
    permit = site.issued()
    client.force_login(site.issuer.user)
    url = {"pdf": reverse("permits:pdf", args=[permit.pk]) + "?language=en",
           "register-pdf": reverse("permits:register-pdf") + "?language=en",
           "register-xlsx": reverse("permits:register-xlsx") + "?language=en",
           "export": reverse("core:export", args=["people"]) + "?"}[name]
    response = client.get(f"{url}&download_token={TOKEN}")
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(response.content) > 0
    cookie = _cookie(response)
    assert cookie is not None and cookie.value == "1"
    assert cookie["max-age"] == 120 and cookie["samesite"] == "Lax" and cookie["path"] == "/"


def test_issue11_no_cookie_without_a_well_formed_token(site, client):
    client.force_login(site.issuer.user)
    url = reverse("core:export", args=["people"])
    for query in ("", "?download_token=x;%20evil", "?download_token=ABC"):
        assert not [name for name in client.get(f"{url}{query}").cookies if name.startswith("download-")]
    assert not client.post(f"{url}?download_token={TOKEN}").cookies.get(f"download-{TOKEN}")
