"""The ``k8slearn`` console command (a placeholder until the cmd chapter's CLI framework)."""

from __future__ import annotations

import sys

from k8slearn import __version__


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--version":
        print(f"k8slearn {__version__}")
        return 0
    if not args or args[0] in ("-h", "--help"):
        print("k8slearn: tools from the k8slearn course.\n\nUsage:\n  k8slearn [flags]\n\nFlags:\n"
              "  -h, --help      help for k8slearn\n      --version   print version information")
        return 0
    print(f'Error: unknown command "{args[0]}" for "k8slearn"', file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
