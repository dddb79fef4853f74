"""A polled part of a page whose session has ended sends the whole page to sign in, then back to that page."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/leads/?category=self_harm"}


def test_the_triage_poll_after_sign_out_redirects_the_page_not_the_fragment(client, carol):
    client.force_login(carol)
    assert client.get(reverse("leads:triage_list"), **HX).status_code == 200
    client.logout()
    response = client.get(reverse("leads:triage_list"), **HX)
    assert response.status_code == 200 and response.content == b""  # nothing for htmx to swap in
    assert response["HX-Redirect"] == "/login/?next=/leads/%3Fcategory%3Dself_harm"
    assert client.get(reverse("leads:nav_count"), **HX)["HX-Redirect"].startswith("/login/?next=/leads/")


def test_a_plain_request_still_gets_the_ordinary_redirect(client):
    response = client.get(reverse("leads:triage_list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/leads/triage/list/")
    assert "HX-Redirect" not in response


def test_another_host_in_the_current_url_is_never_where_it_goes(client):
    response = client.get(reverse("leads:triage_list"), HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="https://evil.example/phish/")
    assert response["HX-Redirect"] == "/login/?next=/phish/"
