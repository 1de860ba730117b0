"""Load a data directory once in a fresh process and print what it cost, as JSON.

``python -m benchmarks.fresh_load DATA_DIR``. Run by :mod:`benchmarks.loader_bench` in a subprocess so
that import time, first-use costs (pydantic's and pandas' lazy set-up) and the peak resident memory of
a process that only serves this data are measured without anything the benchmark itself holds.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """The peak resident memory of this process image, in MB (2^20 bytes).

    ``VmHWM`` from ``/proc/self/status``, not ``getrusage().ru_maxrss``: Linux carries the parent's
    high-water mark into ``ru_maxrss`` across fork and exec, so a subprocess started by a benchmark that
    already holds the large dataset would report the benchmark's memory, not its own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(data_dir: str) -> None:
    start, start_cpu = time.perf_counter(), time.process_time()
    import indicators

    imported, imported_cpu = time.perf_counter(), time.process_time()
    rss_after_import = peak_rss_mb()
    dataset = indicators.load_dataset(data_dir)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    print(
        json.dumps(
            {
                "import_s": imported - start,
                "import_cpu_s": imported_cpu - start_cpu,
                "load_s": loaded - imported,
                "load_cpu_s": loaded_cpu - imported_cpu,
                "peak_rss_after_import_mb": rss_after_import,
                "peak_rss_mb": peak_rss_mb(),
                "observations": len(dataset.observations),
                "problems": len(dataset.problems),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
