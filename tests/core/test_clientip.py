"""The client address behind proxies: X-Forwarded-For is believed from trusted proxies only."""

from django.test import RequestFactory, override_settings

from treatsafe.core.clientip import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_a_direct_client_is_its_own_address_whatever_it_claims_to_be_forwarded_for():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_trusted_proxy_passes_on_the_address_it_saw():
    assert client_ip(_request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_a_client_cannot_forge_its_address_by_sending_its_own_forwarded_header():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


@override_settings(TREATSAFE_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_chains_of_trusted_proxies_given_as_networks_are_skipped_from_the_right():
    assert client_ip(_request("10.1.2.3", "1.2.3.4, 203.0.113.9, 10.9.9.9")) == "203.0.113.9"


@override_settings(TREATSAFE_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_garbled_hop_from_a_proxy_is_not_believed():
    assert client_ip(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


@override_settings(TREATSAFE_TRUSTED_PROXIES=["::1"])
def test_ipv6_proxies_and_clients_work():
    assert client_ip(_request("::1", "2001:db8::5")) == "2001:db8::5"
    assert client_ip(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
