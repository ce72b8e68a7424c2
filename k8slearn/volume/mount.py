"""Mounters: a fake that records calls and keeps a mount table, and the real thing.

Upstream: kubernetes/mount-utils mount.go, fake_mounter.go, mount_linux.go @ v0.36.3

The kubelet never calls mount(8) directly; it goes through ``mount.Interface``.
``FakeMounter`` is what the upstream unit tests (and the notebooks) use: it
changes nothing on disk, appends every call to ``log`` and keeps ``mount_points``
as the "mount table".  ``SystemMounter`` runs the real ``mount``/``umount``
binaries and reads ``/proc/mounts``; it only works as root with CAP_SYS_ADMIN.

``is_likely_not_mount_point`` raises ``FileNotFoundError`` when the path does not
exist, the Python form of Go's ``os.IsNotExist(err)``.
"""

from __future__ import annotations

import errno
import os
import subprocess
from dataclasses import dataclass
from typing import Protocol

__all__ = ["MountPoint", "MountOptions", "Interface", "FakeMounter", "SystemMounter",
           "parse_proc_mounts", "path_exists"]


@dataclass(frozen=True)
class MountPoint:
    """One row of the mount table (``mount.MountPoint``)."""

    device: str
    path: str
    type: str
    opts: tuple[str, ...] = ()


class MountOptions(list):
    """The options of a logged mount call: a list that also equals a tuple of the same items."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, tuple):
            other = list(other)
        return list.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]


class Interface(Protocol):
    """The subset of ``mount.Interface`` the emptyDir plugin uses."""

    def mount_sensitive_without_systemd(
        self, source: str, target: str, fstype: str, options: list[str] | None,
        sensitive_options: list[str] | None,
    ) -> None: ...

    def unmount(self, target: str) -> None: ...

    def list(self) -> list[MountPoint]: ...

    def is_likely_not_mount_point(self, file: str) -> bool: ...


class FakeMounter:
    """Records mount/unmount calls and keeps an in-memory mount table (``mount.FakeMounter``).

    ``log`` holds ``("mount", source, target, fstype, options)`` and
    ``("unmount", target)`` tuples, in call order; ``options`` is a list (the
    non-sensitive options, as passed) that also compares equal to a tuple.
    Nothing is mounted for real: the target directory stays an ordinary
    directory on the host filesystem.
    """

    def __init__(self, mount_points: list[MountPoint] | None = None) -> None:
        self.mount_points: list[MountPoint] = list(mount_points or [])
        self.log: list[tuple] = []
        #: path -> exception that ``is_likely_not_mount_point`` raises (test hook)
        self.mount_check_errors: dict[str, Exception] = {}

    def mount(self, source: str, target: str, fstype: str, options: list[str] | None) -> None:
        self.mount_sensitive_without_systemd(source, target, fstype, options, None)

    def mount_sensitive_without_systemd(
        self, source: str, target: str, fstype: str, options: list[str] | None,
        sensitive_options: list[str] | None = None,
    ) -> None:
        opts = tuple(options or ()) + tuple(sensitive_options or ())
        target = os.path.abspath(target)
        self.mount_points.append(MountPoint(source, target, fstype, opts))
        self.log.append(("mount", source, target, fstype, MountOptions(options or ())))

    def unmount(self, target: str) -> None:
        """Drop the table rows for ``target``; unmounting a non-mount is not an error."""
        target = os.path.abspath(target)
        self.mount_points = [mp for mp in self.mount_points if mp.path != target]
        self.log.append(("unmount", target))

    def list(self) -> list[MountPoint]:
        return list(self.mount_points)

    def is_likely_not_mount_point(self, file: str) -> bool:
        if file in self.mount_check_errors:
            raise self.mount_check_errors[file]
        os.stat(file)  # FileNotFoundError when missing, as upstream's fake does
        target = os.path.abspath(file)
        return not any(mp.path == target for mp in self.mount_points)

    def reset_log(self) -> None:
        self.log.clear()


def path_exists(path: str) -> bool:
    """``mount.PathExists``: stat (following links); only "does not exist" is False.

    A corrupted mount (ENOTCONN, ESTALE, EIO, EACCES, EHOSTDOWN) still exists
    (``IsCorruptedMnt``); any other error is raised.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as e:
        if e.errno in (errno.ENOTCONN, errno.ESTALE, errno.EIO, errno.EACCES, errno.EHOSTDOWN):
            return True
        raise
    return True


def _unescape(field: str) -> str:
    """Undo the octal escapes of /proc/mounts (``\\040`` is a space)."""
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_proc_mounts(text: str) -> list[MountPoint]:
    """Parse the content of /proc/mounts (``parseProcMounts``)."""
    mps = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        mps.append(MountPoint(_unescape(fields[0]), _unescape(fields[1]), fields[2],
                              tuple(fields[3].split(","))))
    return mps


class SystemMounter:
    """Mounts for real with mount(8)/umount(8); needs root and CAP_SYS_ADMIN."""

    def __init__(self, proc_mounts: str = "/proc/mounts") -> None:
        self.proc_mounts = proc_mounts

    def mount_sensitive_without_systemd(
        self, source: str, target: str, fstype: str, options: list[str] | None,
        sensitive_options: list[str] | None = None,
    ) -> None:
        opts = list(options or []) + list(sensitive_options or [])
        cmd = ["mount", "-t", fstype]
        if opts:
            cmd += ["-o", ",".join(opts)]
        cmd += [source, target]
        _run(cmd, "mount failed")

    def unmount(self, target: str) -> None:
        _run(["umount", target], "unmount failed")

    def list(self) -> list[MountPoint]:
        with open(self.proc_mounts, encoding="utf-8") as f:
            return parse_proc_mounts(f.read())

    def is_likely_not_mount_point(self, file: str) -> bool:
        """Different st_dev from the parent means a mount point (fast, misses bind mounts)."""
        st = os.stat(file)
        parent = os.stat(os.path.dirname(file.rstrip("/")) or "/")
        return st.st_dev == parent.st_dev


def _run(cmd: list[str], what: str) -> None:
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise OSError(f"{what}: exit status {res.returncode}\n"
                      f"Command: {' '.join(cmd)}\nOutput: {res.stderr.strip()}")
