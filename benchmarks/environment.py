"""The machine and the versions a benchmark ran with, for the head of the results."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

import yaml

PACKAGES = (
    "pandas",
    "numpy",
    "PyYAML",
    "pydantic",
    "pydantic-core",
    "dash",
    "plotly",
    "gunicorn",
    "pyarrow",
    "kaleido",
)


def machine() -> dict[str, str]:
    """CPU model, cores, memory and operating system."""
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory(),
        "system": f"{platform.system()} {platform.release()} ({platform.machine()})",
    }


def versions() -> dict[str, str]:
    """Python and the packages whose speed matters here (libyaml says whether YAML's C parser is used)."""
    # Not the interpreter's path: it names a directory of the machine, not a version.
    found = {"Python": f"{platform.python_version()} ({platform.python_implementation()})"}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    found["libyaml"] = "yes (CSafeLoader)" if getattr(yaml, "__with_libyaml__", False) else "no"
    return found


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"
