"""The data of each benchmark scale: the synthetic documents of a scale, written beside a copy of ``data/``.

The synthetic data is the curated data of ``data/`` (its catalog, indicators, article and events)
plus generated indicators and sources (:mod:`benchmarks.synthetic`), so every benchmark loads real
records too:

* ``article``: ``data/`` as it is;
* ``medium``: 200 measured indicators x 10 years monthly (about 24k observations, about 55 files);
* ``large``: 1,000 measured indicators x 20 years monthly (about 250k observations, about 210 files).

Everything is seeded: the same scale always produces byte-identical files, and they validate with
zero problems.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import asdict
from pathlib import Path

from benchmarks.synthetic.curated_yaml import to_yaml
from benchmarks.synthetic.indicator_records import Series, derived_records, indicator_record
from benchmarks.synthetic.scales import LAST_YEAR, SCALES, SEED, Scale
from benchmarks.synthetic.source_records import source_observations, source_record
from benchmarks.synthetic.vocabulary import AREAS, NOUNS

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
WORK_DIR = Path(__file__).resolve().parent / "work"
#: Written beside the data (not a .yaml file, so the loader never reads it) to skip regenerating.
MANIFEST = "generated.json"


def build(scale: Scale, seed: int = SEED) -> dict[str, dict]:
    """Every generated file of a scale, as ``{relative path: document}``.

    Args:
        scale: How many indicators, years and files.
        seed: The random seed; the same seed gives the same documents.

    Returns:
        The documents, before they are written as YAML (the files of ``data/`` are not included).
    """
    rng = random.Random(seed)
    first_year = LAST_YEAR - scale.years + 1
    series: list[Series] = []
    for index in range(scale.indicators):
        noun = NOUNS[index % len(NOUNS)]
        area = AREAS[index // len(NOUNS)]
        level = rng.uniform(noun.low, noun.high) * 0.6
        growth = rng.uniform(-0.002, 0.01) if noun.unit != "rank" else rng.uniform(-0.004, 0.0)
        series.append(Series(f"{noun.stem}_{area[2]}", noun, area, level, growth))
    series.sort(key=lambda s: (s.noun.category, s.id))
    for position, item in enumerate(series):
        item.group = position * scale.groups // len(series)
    derived = derived_records(series, max(1, round(scale.indicators * scale.derived_share)), first_year)

    documents: dict[str, dict] = {}
    records = [indicator_record(item, rng) for item in series] + derived
    records.sort(key=lambda r: r["category"])
    per_file = -(-len(records) // scale.indicator_files)
    for number in range(scale.indicator_files):
        chunk = records[number * per_file : (number + 1) * per_file]
        if chunk:
            documents[f"indicators/synthetic-{number + 1:03d}.yaml"] = {"indicators": chunk}

    events = []
    decembers: dict[str, dict] = {}
    for year in range(first_year, LAST_YEAR + 1):
        for group in range(scale.groups):
            source = source_record(year, group, rng)
            observations: list[dict] = []
            for item in series:
                if item.group != group:
                    continue
                previous = decembers.get(item.id) if rng.random() < 0.03 else None
                found, decembers[item.id] = source_observations(item, year, rng, previous)
                observations.extend(found)
            documents[f"sources/synthetic/{source['id']}.yaml"] = {"source": source, "observations": observations}
            if group == 0:
                events.append(
                    {
                        "id": f"reform-review-{year}",
                        "period": f"{year}-{rng.randint(3, 11):02d}",
                        "kind": "reform",
                        "name": {"zh": f"{year}年度改革推进会", "en": f"Reform review meeting {year}"},
                        "source": source["id"],
                        "quote": f"{year}年度改革推进会召开",
                    }
                )
    documents["catalog/events-synthetic.yaml"] = {"events": events}
    return documents


def data_dir_for(scale_name: str, work_dir: Path = WORK_DIR, *, seed: int = SEED) -> Path:
    """Write (or reuse) the data directory of a scale and return it.

    ``article`` is a copy of ``data/``; the others add the generated files to that copy. A directory
    written by the same generator with the same seed is reused as it is.
    """
    if scale_name not in SCALES:
        raise ValueError(f"unknown scale {scale_name!r}; use one of {', '.join(SCALES)}")
    scale = SCALES[scale_name]
    target = work_dir / scale_name
    fingerprint = _fingerprint(scale, seed)
    manifest = target / MANIFEST
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint") == fingerprint:
        return target
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA_DIR, target)
    if scale is not None:
        write(build(scale, seed), target)
    manifest.write_text(json.dumps({"fingerprint": fingerprint, "scale": scale_name, "seed": seed}), encoding="utf-8")
    return target


def write(documents: dict[str, dict], target: Path) -> None:
    """Write generated documents below ``target``."""
    for relative, document in documents.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            to_yaml(document, "Synthetic benchmark data (benchmarks/generate.py); not real figures."), encoding="utf-8"
        )


def _fingerprint(scale: Scale | None, seed: int) -> str:
    # The generator's code, the curated data and the scale: a change to any makes a directory stale.
    digest = hashlib.sha256()
    for path in [Path(__file__), *sorted(Path(__file__).with_name("synthetic").glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps([asdict(scale) if scale else None, seed]).encode())
    return digest.hexdigest()
