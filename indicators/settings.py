"""App settings from config.yaml, validated into a typed object; environment variables override."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from indicators import locales
from indicators.formatting import NumberStyle

#: The project's config.yaml (used when no path is given and REFORM_CONFIG is not set).
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.yaml"
#: How the app gets its data: ``published`` serves only the snapshot ``python -m indicators build``
#: wrote (production); ``live`` follows the YAML as it is edited (curators).
DataMode = Literal["published", "live"]
DATA_MODES: tuple[str, ...] = get_args(DataMode)


class EmbedSettings(BaseModel):
    """Who may frame the embeddable charts (/embed/...)."""

    model_config = ConfigDict(extra="forbid")

    #: CSP frame-ancestors sources for /embed pages, e.g. ["'self'", "https://intranet.example.gov.cn"].
    frame_ancestors: list[str] = ["'self'"]


class Settings(BaseModel):
    """Everything the app can be configured with."""

    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8050, ge=1, le=65535)
    #: The default language (a code of :mod:`indicators.locales`); links without ``lang=`` open in it.
    language: str = "zh"
    data_dir: Path = Path("data")
    #: Where the curator keeps the full texts of the sources (quotes are checked and audited against
    #: them). A folder that does not exist simply means "no texts here".
    texts_dir: Path | None = Path("../shared/sources")
    number_style: NumberStyle = NumberStyle.MYRIAD
    theme: Literal["light", "dark"] = "light"
    debug: bool = False
    #: live: the YAML is read as it changes (for curators; a file caught mid-write may be served);
    #: published: only the snapshot written by `python -m indicators build` is served (production).
    data_mode: DataMode = "live"
    #: The snapshot file; default: beside data_dir, named `<data_dir>.snapshot`.
    snapshot_path: Path | None = None
    #: A data file changed less than this many seconds ago may be mid-write; it is picked up later.
    settle_seconds: float = Field(1.0, ge=0)
    #: Megabytes of callback answers each worker keeps for views asked again (0: none).
    answer_cache_mb: float = Field(32.0, ge=0, le=4096)
    embed: EmbedSettings = EmbedSettings()
    #: Files of further languages (relative to config.yaml), registered on start (docs/architecture.md).
    languages: list[Path] = []

    @field_validator("language")
    @classmethod
    def _registered_language(cls, value: str) -> str:
        if value not in locales.codes():
            raise ValueError(f"must be one of {', '.join(locales.codes())}")
        return value

    @property
    def snapshot_file(self) -> Path:
        """The snapshot this app serves (published mode) or keeps up to date (live mode)."""
        from indicators.snapshot import default_snapshot_path  # pyarrow, only when the data is loaded

        return self.snapshot_path if self.snapshot_path is not None else default_snapshot_path(self.data_dir)


class SettingsError(Exception):
    """config.yaml is unreadable or holds invalid settings."""


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read config.yaml and apply the environment (HOST, PORT, REFORM_DATA_DIR, REFORM_DATA_MODE ...).

    The variables read: HOST, PORT, REFORM_DATA_DIR, REFORM_DATA_MODE, REFORM_SNAPSHOT, REFORM_TEXTS_DIR,
    REFORM_DEBUG. A relative ``data_dir``, ``snapshot_path`` or ``texts_dir`` is resolved against the
    config file's folder, so the app finds them wherever it is started from.

    Raises:
        SettingsError: With the file and the fields at fault.
    """
    environ = dict(os.environ if environ is None else environ)
    path = Path(path or environ.get("REFORM_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: settings must be a mapping of keys, got {type(raw).__name__}")
    overrides = {
        "host": environ.get("HOST"),
        "port": environ.get("PORT"),
        "data_dir": environ.get("REFORM_DATA_DIR"),
        "data_mode": environ.get("REFORM_DATA_MODE"),
        "snapshot_path": environ.get("REFORM_SNAPSHOT"),
        "texts_dir": environ.get("REFORM_TEXTS_DIR"),
        "debug": environ.get("REFORM_DEBUG"),
    }
    raw.update({key: value for key, value in overrides.items() if value})
    files = raw.get("languages") or []
    if not isinstance(files, list):
        raise SettingsError(f"{path}: languages must be a list of language files")
    for file in files:
        try:
            locales.load_language(path.parent / str(file))
        except ValueError as exc:
            raise SettingsError(f"{path}: languages: {exc}") from None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise SettingsError(f"{path}: invalid settings: {problems}") from None
    resolved = {
        name: (path.parent / folder).resolve()
        for name in ("data_dir", "snapshot_path", "texts_dir")
        if (folder := getattr(settings, name)) is not None and not folder.is_absolute()
    }
    return settings.model_copy(update=resolved) if resolved else settings
