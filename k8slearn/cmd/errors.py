"""apimachinery's ``utilerrors.NewAggregate``: many errors reported as one.

``str()`` of an aggregate: one error prints alone; several print as
``[a, b]``, de-duplicated by message (nested aggregates are flattened first);
if de-duplication leaves one message it prints without brackets.
``new_aggregate([])`` (or only ``None``) returns ``None``, like Go's nil.

Upstream: kubernetes/apimachinery pkg/util/errors/errors.go @ v0.36.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["Aggregate", "new_aggregate"]


class Aggregate(Exception):
    """A list of errors that is itself an error."""

    def __init__(self, errors: list[BaseException]) -> None:
        super().__init__()
        self.errors = errors

    def _visit(self) -> Iterator[BaseException]:
        for e in self.errors:
            if isinstance(e, Aggregate):
                yield from e._visit()
            else:
                yield e

    def __str__(self) -> str:
        if not self.errors:
            return ""
        if len(self.errors) == 1:
            return str(self.errors[0])
        seen: list[str] = []
        for e in self._visit():
            if str(e) not in seen:
                seen.append(str(e))
        return seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]"


def new_aggregate(errs: Iterable[BaseException | None]) -> Aggregate | None:
    """Aggregate the non-None errors, or return None when there are none."""
    kept = [e for e in errs if e is not None]
    return Aggregate(kept) if kept else None
