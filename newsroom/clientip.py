"""The client's address: the connection's, or what the proxies we run say it was.

``X-Forwarded-For`` is a list any client can start: ``spoofed, …, client, proxy1``.
Each proxy appends the address it received the request from, so only the entries
our own proxies added are facts. Reading from the right, the client is the first
address that is not one of ``settings.TRUSTED_PROXIES`` (a list of networks); with
no trusted proxies the header is ignored and ``REMOTE_ADDR`` is the client. Used by
the view beacon (``public.readcount``) and the login throttle (django-axes).
"""

import ipaddress

from django.conf import settings


def parse_address(text):
    """An ``ipaddress`` address from ``1.2.3.4``, ``1.2.3.4:80``, ``::1`` or ``[::1]:80``;
    IPv4-mapped IPv6 becomes IPv4. None for anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # an IPv4 address with a port
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address):
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(meta):
    """The client's address (an ``ipaddress`` object, or None when the server gave
    none) from a request's ``META`` or a WSGI environ.

    Garbage in the forwarded list stops the walk: everything left of it came from
    an untrusted party, so the last trusted hop is the best answer left.
    """
    remote = parse_address(meta.get("REMOTE_ADDR", ""))
    if remote is None or not settings.TRUSTED_PROXIES or not _trusted(remote):
        return remote
    client = remote
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not _trusted(address):
            break
    return client


def client_ip(request):
    """The client's address of ``request`` as a string, "" when unknown
    (``AXES_CLIENT_IP_CALLABLE``)."""
    address = client_address(request.META)
    return "" if address is None else str(address)


def client_key(address):
    """The unit a limit counts in, as a string: an IPv4 address, or an IPv6
    address's /64 (one subscriber gets a whole /64 and can use any address in it)."""
    if address is None:
        return ""
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
