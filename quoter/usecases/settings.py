"""Settings: one object, passed in. Flag, then environment variable, then config file, then default.

The config file is TOML in the user's config folder (platformdirs), or the file named by
`--config` / `QUOTER_CONFIG`. Nothing here is global: tests build a `Settings` of their own.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quoter.domain.problems import Problem, SettingsError

ENV_DATA = "QUOTER_DATA"
ENV_CONFIG = "QUOTER_CONFIG"
ENV_DATABASE = "QUOTER_DB"
ENV_PREFIX = "QUOTER_QUOTE_PREFIX"
ENV_USER = "QUOTER_USER"
ENV_TIME_ZONE = "QUOTER_TIME_ZONE"
ENV_CACHE = "QUOTER_CACHE_DIR"
PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,9}")
CONFIG_MOST = 1_000_000
"""The longest config file quoter reads, in bytes: a real one is a few hundred."""
USER_NAME_LIMIT = 120
"""The longest name the register's audit log keeps (its actor column, quoter/storage/schema.py)."""
OS_USER = "the operating-system user name"
"""Where the audit log's name comes from when none is set (see `check_user_name`)."""


@dataclass(frozen=True, slots=True)
class Settings:
    data_dirs: tuple[Path, ...] = ()
    """Folders laid out like the repository (price_books/, products/...), searched first."""
    use_bundled_data: bool = True
    database: str | None = None
    """The register's SQLAlchemy URL; None is the SQLite file in the user's data folder."""
    quote_prefix: str = "Q"
    """The register's number prefix: give each register its own, so two never issue one number."""
    user_name: str | None = None
    """Who the audit log names; None is the operating-system user."""
    book_cache: Path | None = None
    """Where validated price books are kept for a fast start; None keeps none."""
    time_zone: str | None = None
    """The vendor's time zone (e.g. Europe/Berlin): validity days end at its midnight."""


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    """The config file settings are read from and saved to: $QUOTER_CONFIG, or config.toml in the
    user's config folder."""
    env = os.environ if environ is None else environ
    return Path(env.get(ENV_CONFIG) or default_config_file())


def save_settings(changes: Mapping[str, str | list[str] | None], path: Path) -> None:
    """Write `changes` into the config file at `path`, keeping its other settings: a value of
    None removes that setting. The file is checked as `load_settings` reads it and written
    atomically, so a bad value or a failed write leaves the old file as it was."""
    from quoter.books.toml_writer import to_toml
    from quoter.files import write_atomically

    data = _read_config(path, explicit=False)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    text = to_toml(data, "quoter's settings (see docs/settings.md)")
    _check_config(tomllib.loads(text), path)
    if "quote_prefix" in data and not PREFIX.fullmatch(str(data["quote_prefix"])):
        raise SettingsError(
            f"{path}: quote_prefix: '{data['quote_prefix']}' is not valid "
            "(expected 1 to 10 upper-case letters or digits, e.g. Q or BER)"
        )
    if "time_zone" in data:
        _check_zone(str(data["time_zone"]))
    if "data_dirs" in data:  # as load_settings reads them: relative to the config file's folder
        _existing_folders(
            [str(path.parent / Path(d).expanduser()) for d in data["data_dirs"]],
            f"{path}: data_dirs",
        )
    if "database" in data:
        _check_database(str(data["database"]), path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise SettingsError(f"{path}: cannot be written ({error.strerror})") from None


def _check_database(url: str, path: Path) -> None:
    from quoter.storage.register import url_backend

    if url_backend(url) not in ("sqlite", "postgresql"):
        raise SettingsError(
            f"{path}: database: '{url}' is not a register's address (expected "
            "sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE)"
        )


def default_config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("quoter", appauthor=False) / "config.toml"


def load_settings(
    *,
    data_dirs: Sequence[str] = (),
    database: str | None = None,
    config_file: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from flags (`data_dirs`, `database`, `config_file`), then `environ`, then the
    config file, then the defaults."""
    env = os.environ if environ is None else environ
    path = Path(config_file or env.get(ENV_CONFIG) or default_config_file())
    config = _read_config(path, explicit=bool(config_file or env.get(ENV_CONFIG)))
    if data_dirs:
        folders = _existing_folders(data_dirs, "--data")
    elif env.get(ENV_DATA):
        names = [d for d in env[ENV_DATA].split(os.pathsep) if d]
        folders = _existing_folders(names, ENV_DATA)
    else:
        names = [str(path.parent / Path(d).expanduser()) for d in config.get("data_dirs", [])]
        folders = _existing_folders(names, f"{path}: data_dirs")
    prefix = env.get(ENV_PREFIX) or config.get("quote_prefix") or "Q"
    if not PREFIX.fullmatch(prefix):
        raise SettingsError(
            f"the quote prefix '{prefix}' is not valid (expected 1 to 10 upper-case letters or "
            "digits, starting with a letter, e.g. Q or BER)"
        )
    zone = env.get(ENV_TIME_ZONE) or config.get("time_zone")
    if zone is not None:
        _check_zone(zone)
    return Settings(
        data_dirs=folders,
        database=database or env.get(ENV_DATABASE) or config.get("database"),
        quote_prefix=prefix,
        user_name=_user_name(env, config, path),
        time_zone=zone,
        book_cache=Path(env[ENV_CACHE]) if env.get(ENV_CACHE) else default_book_cache(),
    )


def _user_name(env: Mapping[str, str], config: dict[str, Any], path: Path) -> str | None:
    """The name set for the audit log, checked; None when none is set (the system's is used)."""
    if env.get(ENV_USER):
        check_user_name(env[ENV_USER], ENV_USER)
        return env[ENV_USER]
    name = config.get("user_name")  # checked with the config file
    return str(name) if name else None


def check_user_name(name: str, where: str) -> None:
    """Refuse a name the register's audit log cannot keep whole: too long, or with line breaks or
    other control characters. `where` names the setting (or OS_USER); a name is never cut short,
    so that the log never names someone else."""
    problem = _user_name_problem(name)
    if problem is None:
        return
    shown = name if len(name) <= 40 else name[:40] + "\N{HORIZONTAL ELLIPSIS}"
    rule = f"at most {USER_NAME_LIMIT} characters, on one line"
    if where == OS_USER:
        raise SettingsError(
            f"The operating-system user name {shown!r} {problem}: set the name the audit log "
            f"records in QUOTER_USER or user_name in the config file ({rule})"
        )
    raise SettingsError(f"{where}: the user name {shown!r} {problem} (expected {rule})")


def _user_name_problem(name: str) -> str | None:
    if len(name) > USER_NAME_LIMIT:
        return (
            f"is {len(name)} characters long, and the register's audit log keeps at most "
            f"{USER_NAME_LIMIT}"
        )
    if any(ord(character) < 32 or ord(character) == 127 for character in name):
        return "has a line break or another control character"
    return None


def default_book_cache() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("quoter", appauthor=False) / "books"


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"'{name}' is not a time zone (e.g. Europe/Berlin)") from None


def _existing_folders(names: Sequence[str], where: str) -> tuple[Path, ...]:
    """The named data folders; a typo is an error, never a silent fall-back to the bundled data."""
    folders = []
    for name in names:
        try:
            folder = Path(name).expanduser()
        except RuntimeError:  # "~someone" for a user that does not exist
            raise SettingsError(f"{where}: cannot find the home folder in '{name}'") from None
        try:
            is_folder = folder.is_dir()
        except OSError as error:  # a folder on the way that this user may not open, say
            raise SettingsError(
                f"{where}: the data folder '{name}' cannot be reached "
                f"({error.strerror or error}) "
                "(expected a folder this user can open, holding price_books/, products/...)"
            ) from None
        if not is_folder:
            raise SettingsError(f"{where}: the data folder '{name}' does not exist")
        folders.append(folder)
    return tuple(folders)


CONFIG_KEYS = {
    "data_dirs": "a list of folder names",
    "database": "a database URL, e.g. postgresql+psycopg://quoter@dbhost/quoter",
    "quote_prefix": "the register's number prefix, e.g. Q",
    "user_name": "the name the audit log records",
    "time_zone": "the vendor's time zone, e.g. Europe/Berlin",
}


def _read_config(path: Path, explicit: bool) -> dict[str, Any]:
    """The config file's settings, checked. The default file is optional: when it is not there,
    or its folder is one this user may not even look into (a service run with another user's
    HOME), there are none. A file named by `--config` or QUOTER_CONFIG must be there."""
    try:
        there = path.exists()
    except OSError as error:
        if explicit:
            raise SettingsError(
                f"The config file {path} cannot be read: {error.strerror}"
            ) from None
        return {}
    if not there:
        if explicit:
            raise SettingsError(f"The config file {path} does not exist.")
        return {}
    try:
        with path.open("rb") as file:  # at most a little more than a config file can be:
            raw = file.read(CONFIG_MOST + 1)  # never all of /dev/zero
        if len(raw) > CONFIG_MOST:
            raise SettingsError(
                f"The config file {path} cannot be read: it is longer than {CONFIG_MOST} bytes "
                "(expected a short TOML file, see docs/settings.md)"
            )
        data = tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff"))  # Notepad's BOM
    except IsADirectoryError:
        raise SettingsError(
            f"The config file {path} cannot be read: it is a folder (expected a TOML file, "
            "see docs/settings.md)"
        ) from None
    except OSError as error:
        raise SettingsError(
            f"The config file {path} cannot be read: {error.strerror or error}"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"The config file {path} cannot be read: {error}") from None
    _check_config(data, path)
    return data


def _check_config(data: dict[str, Any], path: Path) -> None:
    problems = [
        Problem((key,), f"unknown setting '{key}'", "one of: " + ", ".join(CONFIG_KEYS), str(path))
        for key in sorted(set(data) - set(CONFIG_KEYS))
    ]
    dirs = data.get("data_dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        problems.append(
            Problem(("data_dirs",), "is not a list of folders", 'data_dirs = ["..."]', str(path))
        )
    for key in ("database", "quote_prefix", "user_name", "time_zone"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem((key,), "is not a text", CONFIG_KEYS[key], str(path)))
    name = data.get("user_name")
    if isinstance(name, str) and (problem := _user_name_problem(name)) is not None:
        expected = f"at most {USER_NAME_LIMIT} characters, on one line"
        problems.append(Problem(("user_name",), problem, expected, str(path)))
    if problems:
        raise SettingsError(f"The config file {path} is not valid:", problems)
