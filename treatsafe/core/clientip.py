"""The address of the person making a request, for rate limits and the sign-in lockout.

`X-Forwarded-For` is believed only when the request came from a trusted proxy
(settings.TREATSAFE_TRUSTED_PROXIES: addresses or CIDR networks). Then the header is read from the
right, skipping trusted hops, and the first untrusted hop is the client: anything to its left was
written by the client and could be forged. A request from anywhere else is its own client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def parse_networks(text: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks ("127.0.0.1,10.0.0.0/8"), as the setting is given."""
    return _networks(tuple(text.split(",")))


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TREATSAFE_TRUSTED_PROXIES))


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def in_networks(value: str | None, networks) -> bool:
    """Whether an address (IPv4-mapped IPv6 read as IPv4) lies in one of `networks`."""
    address = _address(value or "")
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def is_trusted(value: str) -> bool:
    return in_networks(value, trusted_networks())


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    for hop in reversed(hops):
        if _address(hop) is None:
            return remote  # a hop our own proxy wrote cannot be garbage: believe nothing
        if not is_trusted(hop):
            return str(_address(hop))
    # Every hop is a trusted proxy: the leftmost is the nearest thing to a client.
    return str(_address(hops[0])) if hops else remote


def axes_client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: django-axes keys the lockout by the same client address."""
    return client_ip(request)
