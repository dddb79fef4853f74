"""config.client_ip: the address comes from our own proxies, never from a header a client can forge."""
import pytest
from django.test import RequestFactory, override_settings

from config.client_ip import client_ip


def _request(remote="203.0.113.7", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(_request(forwarded="198.51.100.1")) == "203.0.113.7"


@override_settings(TACT_TRUSTED_PROXIES=1)
def test_one_proxy_takes_the_entry_it_appended_not_what_the_client_sent():
    # The client forged "1.2.3.4"; our proxy appended the address it really saw.
    assert client_ip(_request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.1")) == "198.51.100.1"


@override_settings(TACT_TRUSTED_PROXIES=2)
def test_two_proxies_count_two_hops_from_the_right():
    request = _request(remote="10.0.0.3", forwarded="1.2.3.4, 198.51.100.1, 10.0.0.2")
    assert client_ip(request) == "198.51.100.1"


@override_settings(TACT_TRUSTED_PROXIES=1)
@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , "])
def test_missing_or_garbled_header_falls_back_to_the_peer(forwarded):
    assert client_ip(_request(remote="10.0.0.2", forwarded=forwarded)) == "10.0.0.2"


def test_ipv6_peer():
    assert client_ip(_request(remote="2001:db8::1")) == "2001:db8::1"
