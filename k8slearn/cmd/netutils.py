"""k8s.io/utils ``net``: sloppy CIDR parsing and the dual-stack helpers NodeIPAM uses.

``parse_cidr(s)`` follows Go's ``net.ParseCIDR``: no surrounding space is
trimmed, the prefix length is decimal, IPv6 zones are rejected, and the result
is the *network* (host bits cleared).  ``sloppy=True`` (``ParseCIDRSloppy``)
also accepts IPv4 octets with leading zeros (``010.0.0.0/8`` is 10.0.0.0/8,
decimal, as Go <= 1.16 read it).  Errors read ``invalid CIDR address: <s>``.

``parse_cidrs`` wraps each failure as ``failed to parse cidr value:"<s>" with
error:<err>``.  ``is_dual_stack_cidrs`` is true when both families appear.

Not modelled: IPv4-mapped IPv6 prefixes (``::ffff:10.0.0.0/104``), which Go
folds into IPv4.

Upstream: kubernetes/utils net/parse.go, net/net.go, net/ipfamily.go @ master
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Network, IPv6Network

__all__ = ["parse_cidr", "parse_cidrs", "is_dual_stack_cidrs", "is_ipv6_cidr", "IPNetwork"]

IPNetwork = IPv4Network | IPv6Network


def _sloppy_v4(addr: str) -> str | None:
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() and p.isascii() and len(p) <= 3 for p in parts):
        return None
    if any(int(p) > 255 for p in parts):
        return None
    return ".".join(str(int(p)) for p in parts)


def parse_cidr(s: str, sloppy: bool = True) -> IPNetwork:
    """Parse ``addr/prefix`` into its network, or raise ValueError like Go."""
    err = ValueError(f"invalid CIDR address: {s}")
    addr, slash, prefix = s.partition("/")
    if not slash or not prefix or not (prefix.isdigit() and prefix.isascii()) or "%" in addr:
        raise err
    if ":" not in addr:
        fixed = _sloppy_v4(addr) if sloppy else addr
        if fixed is None or (not sloppy and any(len(p) > 1 and p[0] == "0"
                                                for p in addr.split("."))):
            raise err
        addr = fixed
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        raise err from None
    if int(prefix) > ip.max_prefixlen:
        raise err
    return ipaddress.ip_network(f"{ip}/{int(prefix)}", strict=False)


def parse_cidrs(cidrs: list[str]) -> list[IPNetwork]:
    """``netutils.ParseCIDRs``: parse each entry (no trimming), stop at the first error."""
    out = []
    for s in cidrs:
        try:
            out.append(parse_cidr(s))
        except ValueError as e:
            raise ValueError(f'failed to parse cidr value:"{s}" with error:{e}') from None
    return out


def is_ipv6_cidr(cidr: IPNetwork) -> bool:
    return cidr.version == 6


def is_dual_stack_cidrs(cidrs: list[IPNetwork | None]) -> bool:
    """At least one IPv4 and one IPv6 CIDR; a None entry is an error, as in Go."""
    v4 = v6 = False
    for c in cidrs:
        if c is None:
            raise ValueError("cidr <nil> is invalid")
        if c.version == 6:
            v6 = True
        else:
            v4 = True
    return v4 and v6
