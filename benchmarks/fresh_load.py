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


def _peak_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(data_dir: str) -> None:
    start = time.perf_counter()
    import indicators

    imported = time.perf_counter()
    rss_after_import = _peak_mb()
    dataset = indicators.load_dataset(data_dir)
    loaded = time.perf_counter()
    print(
        json.dumps(
            {
                "import_s": imported - start,
                "load_s": loaded - imported,
                "peak_rss_after_import_mb": rss_after_import,
                "peak_rss_mb": _peak_mb(),
                "observations": len(dataset.observations),
                "problems": len(dataset.problems),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
