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

Upstream: kubernetes/kubernetes cmd/dependencycheck/dependencycheck.go @ v1.36.0
"""

from __future__ import annotations

import json
import re
import sys

from k8slearn.clock import FakeClock
from k8slearn.cmd.goflag import GoFlagExit, GoFlagSet
from k8slearn.cmd.klog import go_log_prefix

__all__ = ["main", "decode_packages", "violations"]

USAGE = ("usage: dependencycheck <json-dep-file> (e.g. 'go list -mod=vendor -test -deps -json "
         "./vendor/...')")


class Fatal(Exception):
    pass


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
            raise Fatal(f"Error unmarshaling dependencies file: {e}") from None
        out.append(_check_package(obj))


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
        try:
            with open(fs.args[0], encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise Fatal(f"Error reading dependencies file: open {fs.args[0]}: "
                        f"{(e.strerror or str(e)).lower()}") from None
        found = violations(decode_packages(text), restrict, exclude)
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
