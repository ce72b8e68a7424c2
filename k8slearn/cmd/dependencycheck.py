"""``dependencycheck -restrict RE [-exclude RE] <json-dep-file>``: forbidden imports, by regexp.

Reads a ``go list -json`` stream (``golist`` writes one for k8slearn).  For each
package whose ImportPath does not match ``-exclude``, every entry of Imports,
TestImports and XTestImports matching ``-restrict`` is a violation.  It does
not follow transitive dependencies: they must be in the input.

Output: ``Found dependency violations in package <pkg>:`` and ``--> <imp>``
lines on stdout (sorted here; upstream uses map order), then ``Found
restricted dependency violations in packages`` on stderr and exit 1.
Fatal messages go through Go's ``log``, so they carry its date-and-time
prefix, here from the course's fake clock (``2026/12/07 08:00:00 ``).  Input
that is not a stream of package objects (a JSON array, a number, a field of
the wrong type) is an unmarshaling error, as Go's decoder reports it.

Bytes that are not UTF-8 are read as Go reads them (``os.ReadFile`` does not
care, and ``encoding/json`` replaces each bad byte inside a string with U+FFFD);
a bad byte where a JSON token should start is Go's ``invalid character 'ÿ'
looking for beginning of value``.  Course deviation: ``os.ReadFile`` would block
on a FIFO until a writer appears; here anything that is not a regular file is
refused (``Error reading dependencies file: read <path>: not a regular file``).

Upstream: kubernetes/kubernetes cmd/dependencycheck/dependencycheck.go @ v1.36.0
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys

from k8slearn.clock import FakeClock
from k8slearn.cmd.goflag import GoFlagExit, GoFlagSet
from k8slearn.cmd.klog import go_log_prefix

__all__ = ["main", "decode_packages", "read_file", "violations"]

USAGE = ("usage: dependencycheck <json-dep-file> (e.g. 'go list -mod=vendor -test -deps -json "
         "./vendor/...')")


class Fatal(Exception):
    pass


def read_file(path: str) -> str:
    """``os.ReadFile`` as text, each non-UTF-8 byte kept as a surrogate escape.

    Refuses what is not a regular file instead of blocking on it (a FIFO).
    Raises Fatal with Go's ``<op> <path>: <reason>`` wording.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise Fatal(f"Error reading dependencies file: open {path}: "
                    f"{(e.strerror or str(e)).lower()}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            why = "is a directory" if stat.S_ISDIR(mode) else "not a regular file"
            raise Fatal(f"Error reading dependencies file: read {path}: {why}")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read()
    except OSError as e:
        raise Fatal(f"Error reading dependencies file: read {path}: "
                    f"{(e.strerror or str(e)).lower()}") from None
    finally:
        os.close(fd)
    return raw.decode("utf-8", "surrogateescape")


_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _go_strings(obj: object) -> object:
    """Go's decoder puts U+FFFD for each invalid byte (and lone surrogate) in a string."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, list):
        return [_go_strings(x) for x in obj]
    if isinstance(obj, dict):
        return {_go_strings(k): _go_strings(v) for k, v in obj.items()}
    return obj


def _syntax_error(text: str, e: json.JSONDecodeError) -> str:
    """Go's text when the offending character is a non-UTF-8 byte, else Python's."""
    if e.pos < len(text) and _BAD_BYTE.match(text[e.pos]) and e.msg == "Expecting value":
        ch = chr(ord(text[e.pos]) - 0xDC00)  # Go's quoteChar: the byte as a Latin-1 rune
        shown = ch if ch.isprintable() else f"\\u{ord(ch):04x}"
        return f"invalid character '{shown}' looking for beginning of value"
    return str(e)


def decode_packages(text: str) -> list[dict]:
    """Decode concatenated JSON objects (a JSON stream, not an array)."""
    dec = json.JSONDecoder()
    out, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        try:
            obj, i = dec.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise Fatal(f"Error unmarshaling dependencies file: {_syntax_error(text, e)}") \
                from None
        out.append(_check_package(_go_strings(obj)))


_JSON_KIND = {list: "array", dict: "object", str: "string", bool: "bool", int: "number",
              float: "number", type(None): "null"}


def _check_package(obj: object) -> dict:
    """What ``json.Decoder.Decode(&goPackage{})`` accepts, with its error text otherwise."""
    if not isinstance(obj, dict):
        if obj is None:
            return {}
        raise Fatal("Error unmarshaling dependencies file: json: cannot unmarshal "
                    f"{_JSON_KIND[type(obj)]} into Go value of type main.goPackage")
    for key, want in (("ImportPath", str), ("Imports", list), ("TestImports", list),
                      ("XTestImports", list)):
        v = obj.get(key)
        ok = v is None or isinstance(v, want) and (
            want is str or all(isinstance(x, str) for x in v))
        if not ok:
            kind = _JSON_KIND[type(v)] if want is str or not isinstance(v, list) else "array"
            go = "string" if want is str else "[]string"
            raise Fatal("Error unmarshaling dependencies file: json: cannot unmarshal "
                        f"{kind} into Go struct field goPackage.{key} of type {go}")
    return obj


def violations(packages: list[dict], restrict: re.Pattern[str],
               exclude: re.Pattern[str] | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in packages:
        path = p.get("ImportPath", "")
        if exclude is not None and exclude.search(path):
            continue
        imports = [*(p.get("Imports") or []), *(p.get("TestImports") or []),
                   *(p.get("XTestImports") or [])]
        bad = [i for i in imports if restrict.search(i)]
        if bad:
            found[path] = bad
    return found


def main(argv: list[str] | None = None) -> int:
    fs = GoFlagSet("dependencycheck")
    fs.string("exclude", "", "skip packages regex pattern (e.g. '^k8s.io/kubernetes/')")
    fs.string("restrict", "", "restricted dependencies regex pattern (e.g. "
              "'^k8s.io/(apimachinery|client-go)/')")
    try:
        fs.parse(sys.argv[1:] if argv is None else argv)
        if len(fs.args) != 1:
            raise Fatal(USAGE)
        if not fs["restrict"]:
            raise Fatal("Must specify restricted regex pattern")
        try:
            restrict = re.compile(str(fs["restrict"]))
        except re.error as e:
            raise Fatal(f"Error compiling restricted dependencies regex: {e}") from None
        exclude = None
        if fs["exclude"]:
            try:
                exclude = re.compile(str(fs["exclude"]))
            except re.error as e:
                raise Fatal(f"Error compiling excluded package regex: {e}") from None
        found = violations(decode_packages(read_file(fs.args[0])), restrict, exclude)
        if found:
            for pkg in sorted(found):
                print(f"Found dependency violations in package {pkg}:")
                for imp in found[pkg]:
                    print(f"--> {imp}")
            raise Fatal("Found restricted dependency violations in packages")
    except GoFlagExit as e:
        return int(e.code or 0)
    except Fatal as e:  # log.Fatal
        sys.stdout.flush()
        print(go_log_prefix(FakeClock()) + str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
