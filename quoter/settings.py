"""Settings: one object, passed in. Flag, then environment variable, then config file, then default.

The config file is TOML in the user's config folder (platformdirs), or the file named by
`--config` / `QUOTER_CONFIG`. Nothing here is global: tests build a `Settings` of their own.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from quoter.domain.problems import Problem, SettingsError

ENV_DATA = "QUOTER_DATA"
ENV_CONFIG = "QUOTER_CONFIG"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dirs: tuple[Path, ...] = ()
    """Folders laid out like the repository (price_books/, products/...), searched first."""
    use_bundled_data: bool = True


def default_config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("quoter", appauthor=False) / "config.toml"


def load_settings(
    *,
    data_dirs: Sequence[str] = (),
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from flags (`data_dirs`, `config_file`), then `environ`, then the config file."""
    env = os.environ if environ is None else environ
    if data_dirs:
        return Settings(data_dirs=_existing_folders(data_dirs, "--data"))
    if env.get(ENV_DATA):
        folders = [d for d in env[ENV_DATA].split(os.pathsep) if d]
        return Settings(data_dirs=_existing_folders(folders, ENV_DATA))
    path = Path(config_file or env.get(ENV_CONFIG) or default_config_file())
    explicit = bool(config_file or env.get(ENV_CONFIG))
    return _from_config_file(path, explicit)


def _existing_folders(names: Sequence[str], where: str) -> tuple[Path, ...]:
    """The named data folders; a typo is an error, never a silent fall-back to the bundled data."""
    folders = []
    for name in names:
        try:
            folder = Path(name).expanduser()
        except RuntimeError:  # "~someone" for a user that does not exist
            raise SettingsError(f"{where}: cannot find the home folder in '{name}'") from None
        if not folder.is_dir():
            raise SettingsError(f"{where}: the data folder '{name}' does not exist")
        folders.append(folder)
    return tuple(folders)


def _from_config_file(path: Path, explicit: bool) -> Settings:
    if not path.exists():
        if explicit:
            raise SettingsError(f"The config file {path} does not exist.")
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"The config file {path} cannot be read: {error}") from None
    unknown = sorted(set(data) - {"data_dirs"})
    problems = [
        Problem((key,), f"unknown setting '{key}'", "data_dirs", str(path)) for key in unknown
    ]
    dirs = data.get("data_dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        problems.append(
            Problem(
                ("data_dirs",), "is not a list of folder names", 'data_dirs = ["..."]', str(path)
            )
        )
    if problems:
        raise SettingsError(f"The config file {path} is not valid:", problems)
    return Settings(
        data_dirs=_existing_folders([str(path.parent / d) for d in dirs], f"{path}: data_dirs")
    )
