"""Processes from /proc: who is whose child, memory (RSS, PSS), CPU time, and which are Chromium's."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Proc:
    """One line of ``/proc/<pid>/stat``: what the sampler needs."""

    pid: int
    ppid: int
    comm: str
    rss_kb: int
    start: int
    cpu_ticks: int  # user + system time


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def read_procs() -> dict[int, Proc]:
    """Every process on the machine, from /proc."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as file:
                raw = file.read()
        except OSError:
            continue
        close = raw.rfind(b")")
        fields = raw[close + 2 :].split()
        # Fields after the name, from field 3 (state): ppid 4, utime 14, stime 15, starttime 22, rss 24.
        procs[int(name)] = Proc(
            int(name), int(fields[1]), raw[raw.find(b"(") + 1 : close].decode(errors="replace"),
            int(fields[21]) * _PAGE_KB, int(fields[19]), int(fields[11]) + int(fields[12]),
        )  # fmt: skip
    return procs


def descendants(procs: dict[int, Proc], root: int) -> list[int]:
    """``root``'s children, their children, and so on (not ``root``)."""
    children: dict[int, list[int]] = {}
    for proc in procs.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cmdline(pid: int) -> list[str]:
    """The process's arguments, or [] when it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return [part.decode(errors="replace") for part in file.read().split(b"\0") if part]
    except OSError:
        return []


def pss_kb(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def is_browser(pid: int) -> bool:
    """Chromium's browser process (not a zygote, renderer or helper)."""
    # Chromium's child processes rewrite their title, so the arguments may come as one string.
    line = " ".join(cmdline(pid))
    return line.split(" ", 1)[0].endswith("/chromium") and "--type=" not in line


def is_renderer(pid: int) -> bool:
    """A Chromium renderer (kaleido draws in one)."""
    return "--type=renderer" in " ".join(cmdline(pid))
