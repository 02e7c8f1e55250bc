"""The command line under faults an adversary arranges (issue 19): standard output closed, full or a
pipe with no reader after a change was saved; consoles that are not UTF-8; data folders this user
may not read; a read-only or closed HOME; Ctrl-C while quoter starts; numbers out of range; a user
name longer than the audit log keeps. Each ends in a located message and a documented exit status,
never an internal error (70) or a traceback.

Stdout, console, HOME and Ctrl-C cases run `python -m quoter` (or the console script's entry point)
as a subprocess with a controlled environment; the others run in-process on a fixed clock.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from quoter.cli import main
from quoter.cli.output import EXIT_DONE_UNREPORTED, EXIT_OUTPUT
from quoter.usecases.settings import USER_NAME_LIMIT
from tests.conftest import DATA, REPO, TEST_DAY, fixed_now, made_register, noon

EXAMPLE = REPO / "examples" / "backport-usd.toml"
EXAMPLE_EUR = REPO / "examples" / "driver-port-eur.toml"
FACTS = REPO / "examples" / "triage" / "backport-fix.toml"
SAVED_NOTE = "but its details could not be printed"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def _own_register(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test its own default register (under XDG_DATA_HOME, made already: its first use
    says so on stderr) and user."""
    monkeypatch.delenv("QUOTER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    made_register(f"sqlite:///{tmp_path / 'data-home' / 'quoter' / 'register.sqlite3'}")
    monkeypatch.setenv("QUOTER_USER", "sam.seller")


class FullDisk(io.TextIOBase):
    """Standard output on a full disk: every write fails as it does on /dev/full."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class GoneReader(io.TextIOBase):
    """Standard output into a pipe whose reader has gone (`quoter ... | head -0`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Runs `quoter ARGS...` in-process on the examples' day; `stdout` replaces standard output."""

    def run(*argv: object, stdout: io.TextIOBase | None = None) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            if stdout is not None:
                patch.setattr(sys, "stdout", stdout)
            status = main([str(a) for a in argv], fixed_now(noon(TEST_DAY)))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in err
        return status, out, err

    return run


def environment(**changes: str | None) -> dict[str, str]:
    """The test's environment (its register, config and cache) for a subprocess, with no console
    settings of the caller's; `changes` set (or, with None, remove) variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")
    }
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def quoter(
    *argv: object, env: dict[str, str] | None = None, stdout: IO[str] | int = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """`python -m quoter ARGS...` in a subprocess: its status, stdout (unless given) and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "quoter", *map(str, argv)],
        env=env or environment(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


def numbers_in_register(run: Run) -> list[str]:
    _, out, _ = run("quotes", "list")
    return [line.split()[0] for line in out.splitlines() if line.startswith("Q-")]


# --- standard output that fails after a change was saved ------------------------------------


def _closed(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    # without libfaketime (scripts/test-dated preloads it): it opens a file as a process starts,
    # which takes the lowest free descriptor, the closed standard output
    env = {key: value for key, value in env.items() if key != "LD_PRELOAD"}
    return subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "quoter", *argv],
        env=env,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


def _full(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w", encoding="utf-8") as full:  # written to, never replaced
        return quoter(*argv, env=env, stdout=full)


def _no_reader(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before quoter writes a line
    try:
        return quoter(*argv, env=env, stdout=writing)
    finally:
        os.close(writing)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (_closed, "standard output is closed"),
        (_full, "standard output: No space left on device"),
        (_no_reader, "standard output: Broken pipe"),
    ],
    ids=["closed", "full", "no-reader"],
)
def test_a_saved_draft_whose_report_is_lost_is_named_so_a_script_does_not_retry(
    run: Run, fault: Callable[..., subprocess.CompletedProcess[bytes]], reason: str
) -> None:
    result = fault(["quotes", "new", str(EXAMPLE)], environment())
    err = result.stderr.decode()
    assert result.returncode == EXIT_DONE_UNREPORTED == 3, err
    match = re.fullmatch(
        rf"quoter: (Q-\d{{4}}-00001) was saved as a new draft, {SAVED_NOTE} \({reason}\)\. "
        r"It was done: do not run the command again\.\n",
        err,
    )
    assert match, err
    assert numbers_in_register(run) == [match.group(1)]  # saved once, and only once


def test_a_listing_that_cannot_be_printed_exits_74_and_a_gone_reader_keeps_the_status(
    run: Run,
) -> None:
    run("quotes", "new", EXAMPLE)
    status, _, err = run("quotes", "list", stdout=FullDisk())
    assert status == EXIT_OUTPUT == 74
    assert (
        err
        == "quoter: the output could not be written (standard output: No space left on device).\n"
    )
    assert run("quotes", "list", stdout=GoneReader())[::2] == (0, "")  # `| head`: nothing said
    result = _closed(["pricebook", "list"], environment())
    assert result.returncode == 74
    assert result.stderr.decode() == (
        "quoter: the output could not be written (standard output is closed).\n"
    )


def test_every_command_that_changes_something_says_so_when_its_report_is_lost(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = FullDisk

    def changed(*argv: object) -> str:
        status, out, err = run(*argv, stdout=full())
        assert status == EXIT_DONE_UNREPORTED, err
        assert out == "" and err.endswith(
            "(standard output: No space left on device). It was done: do not run the command "
            "again.\n"
        )
        return err.removeprefix("quoter: ").split(", but ")[0]

    assert changed("quotes", "new", EXAMPLE) == "Q-2026-00001 was saved as a new draft"
    assert changed("quotes", "edit", "Q-2026-00001", EXAMPLE) == (
        "Q-2026-00001 was saved with the new request"
    )
    assert changed("quotes", "issue", "Q-2026-00001") == (
        "Q-2026-00001 was issued (its PDF and DOCX stored)"
    )
    pdf, docx = tmp_path / "offer.pdf", tmp_path / "offer.docx"
    assert changed("quotes", "export", "Q-2026-00001", "--pdf", pdf, "--docx", docx) == (
        f"{pdf} was written and {docx} was written"
    )
    assert pdf.read_bytes().startswith(b"%PDF") and docx.stat().st_size > 0
    assert changed("quotes", "revise", "Q-2026-00001") == (
        "Q-2026-00001-R2 was saved as a draft revision of Q-2026-00001"
    )
    assert changed("quotes", "delete", "Q-2026-00001-R2") == "Q-2026-00001-R2 was deleted"
    assert changed("quotes", "decline", "Q-2026-00001") == "Q-2026-00001 was recorded as declined"
    run("quotes", "new", EXAMPLE)
    run("quotes", "issue", "Q-2026-00002")
    assert changed("quotes", "accept", "Q-2026-00002") == "Q-2026-00002 was recorded as accepted"
    backup = tmp_path / "register.backup"
    assert changed("db", "backup", backup) == f"the backup {backup} was written"
    assert changed("db", "upgrade") == "the register's tables were made or upgraded"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "another-data-home"))  # a new register
    assert changed("db", "restore", backup) == f"the register was restored from {backup}"
    assert numbers_in_register(run) == ["Q-2026-00002", "Q-2026-00001"]
    request = tmp_path / "request.toml"
    assert changed("triage", FACTS, "--date", "2026-11-24", "--quote", request) == (
        f"{request} was written"
    )
    contract = tmp_path / "contract.docx"
    assert changed("contract", EXAMPLE, "--docx", contract) == f"{contract} was written"
    published = tmp_path / "scope.docx"
    assert changed("policy", "publish", "--docx", published) == f"{published} was written"
    # a command that changes nothing and fails otherwise keeps its own status and message
    status, _, err = run("quotes", "accept", "Q-2026-00002", stdout=full())
    assert status == 1 and SAVED_NOTE not in err and "could not be written" not in err


@pytest.mark.gui
def test_the_app_quits_after_its_first_paint_though_stdout_is_full() -> None:
    """Its first paint's time is printed from a Qt event handler, where an error would never
    reach the command: the app would stay open."""
    pytest.importorskip("PySide6")
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    env = environment(QT_QPA_PLATFORM="offscreen")
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = quoter("gui", "--quit-after-first-paint", env=env, stdout=full)
    err = result.stderr.decode()
    assert result.returncode == EXIT_OUTPUT, err
    assert (
        "quoter: the output could not be written (standard output: No space left on device)" in err
    )
    assert "Traceback" not in err


def test_a_device_or_a_pipe_is_refused_as_an_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A document or backup is written beside its target and renamed over it: over a device or a
    pipe (as root, over /dev/full itself) that would replace it with a plain file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for argv, option in (
        (("contract", EXAMPLE, "--pdf", pipe), "--pdf"),
        (("quotes", "export", "Q-2026-00001", "--docx", pipe), "--docx"),
        (("db", "backup", pipe), "FILE"),
        (("triage", FACTS, "--quote", pipe), "--quote"),
        (("policy", "publish", "--pdf", pipe), "--pdf"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main([str(a) for a in argv])
        assert exit_.value.code == 2
        assert (
            f"error: argument {option}: '{pipe}' is a pipe, not a file (quoter writes documents "
            "and backups to files only)\n"
        ) in capsys.readouterr().err
    assert pipe.exists() and not pipe.is_file()
    for name in ("", ".", "..", "/", "contracts/"):  # where no file can be written by that name
        with pytest.raises(SystemExit) as exit_:
            main(["contract", str(EXAMPLE), "--pdf", name])
        assert exit_.value.code == 2
        assert (
            f"error: argument --pdf: '{name}' is not a file name (expected the name of the file "
            "to write)\n"
        ) in capsys.readouterr().err


# --- consoles that are not UTF-8 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("console", "shown"),
    [
        ({"PYTHONIOENCODING": "latin-1"}, "Gültig bis|44.900,00\xa0?".encode("latin-1")),
        (
            {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"},
            b"G?ltig bis|44.900,00??",
        ),
        ({"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}, b"G?ltig bis|44.900,00??"),
        ({"PYTHONIOENCODING": "cp1252"}, "Gültig bis|44.900,00\xa0€".encode("cp1252")),
    ],
    ids=["latin-1", "ascii", "C-locale", "cp1252"],
)
def test_a_console_that_is_not_utf8_shows_what_it_can(
    console: dict[str, str], shown: bytes
) -> None:
    result = quoter(
        "quote", "price", EXAMPLE_EUR, "--date", "2026-11-24", env=environment(**console)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    for part in shown.split(b"|"):
        assert part in result.stdout
    # a problem on stderr names a file whose name the console cannot show, escaped
    result = quoter("quote", "price", "/nonexistent/é.toml", env=environment(**console))
    assert result.returncode == 1
    assert b"/nonexistent/" in result.stderr and b"Traceback" not in result.stderr


def test_json_on_an_ascii_console_is_exact() -> None:
    env = environment(PYTHONIOENCODING="ascii")
    result = quoter("quote", "price", EXAMPLE_EUR, "--date", "2026-11-24", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode("ascii"))
    assert "Göppingen" in json.dumps(data, ensure_ascii=False)  # escaped, not replaced


# --- data folders this user may not read -------------------------------------------------------


@pytest.fixture(scope="session")
def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: none for an ordinary user; for root,
    setpriv dropping the two capabilities that let root read anything."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if setpriv is None or subprocess.run([*prefix, "true"], check=False).returncode != 0:
        pytest.skip("running as root, and root's capabilities cannot be dropped here")
    return prefix


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """chmod 000 a folder for the test; its permissions are given back afterwards."""
    folders: list[Path] = []

    def lock(folder: Path) -> Path:
        folder.chmod(0)
        folders.append(folder)
        return folder

    yield lock
    for folder in folders:
        folder.chmod(0o755)


def as_user(
    prefix: list[str], *argv: object, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """`python -m quoter ARGS...` under `prefix` (see `unprivileged`), never a traceback."""
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "quoter", *map(str, argv)],
        env=env or environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("kind", "argv", "holds"),
    [
        ("price_books", ("pricebook", "list"), "the price books (*.toml)"),
        ("products", ("pricebook", "list"), "the products' release lists (*.toml)"),
        ("policies", ("policy", "validate"), "the scope-of-support policies (*.toml)"),
        (
            "contract_templates",
            ("contract", EXAMPLE, "--pdf", "out.pdf"),
            "the contract's layouts and wording",
        ),
    ],
)
def test_an_unreadable_data_folder_is_named_with_what_it_should_hold(
    unprivileged: list[str],
    locked: Callable[[Path], Path],
    tmp_path: Path,
    kind: str,
    argv: tuple[object, ...],
    holds: str,
) -> None:
    data = tmp_path / "company-data"
    shutil.copytree(DATA / "books", data)
    if kind in ("policies", "contract_templates"):
        shutil.copytree(REPO / kind, data / kind)
    folder = locked(data / kind)
    status, _, err = as_user(unprivileged, "--data", data, *argv)
    assert status == 1
    assert err == (
        f"{folder}: this folder cannot be read (Permission denied); quoter looks in it for "
        f"{holds}. Expected a folder this user can open and list: change its permissions, or "
        "leave its data folder out of the data folders.\n"
    )


def test_a_data_folder_that_cannot_be_entered_is_named(
    unprivileged: list[str], locked: Callable[[Path], Path], tmp_path: Path
) -> None:
    data = tmp_path / "company-data"
    shutil.copytree(DATA / "books", data)
    locked(data)
    status, _, err = as_user(unprivileged, "--data", data, "pricebook", "list")
    assert status == 1
    assert err == (
        f"{data}: this data folder cannot be read (Permission denied). Expected a folder this "
        "user can open and list, holding price_books/, products/...: change its permissions, "
        "or leave it out of the data folders.\n"
    )
    # a command that reads no data still runs
    status, _, err = as_user(unprivileged, "--data", data, "quotes", "list")
    assert status == 0, err
    # a data folder inside a folder this user may not enter cannot even be checked
    inner = tmp_path / "outer" / "company-data"
    shutil.copytree(DATA / "books", inner)
    locked(inner.parent)
    status, _, err = as_user(unprivileged, "--data", inner, "pricebook", "list")
    assert status == 1
    assert err.startswith(
        f"--data: the data folder '{inner}' cannot be reached (Permission denied)"
    )


def test_an_unreadable_folder_by_fault_injection(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same as the permission tests, where no user's permissions can be arranged."""
    data = tmp_path / "company-data"
    shutil.copytree(DATA / "books", data)
    listing = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == data / "price_books":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    status, _, err = run("--data", data, "pricebook", "list")
    assert status == 1
    assert err.startswith(f"{data / 'price_books'}: this folder cannot be read (Permission denied)")


# --- a read-only HOME -----------------------------------------------------------------------


def home_environment(home: Path) -> dict[str, str]:
    """HOME and nothing else: no XDG_* folders, no config, register or cache set."""
    return environment(
        HOME=str(home),
        QUOTER_DB=None,
        QUOTER_CONFIG=None,
        QUOTER_CACHE_DIR=None,
        XDG_CONFIG_HOME=None,
        XDG_CACHE_HOME=None,
        XDG_DATA_HOME=None,
        XDG_STATE_HOME=None,
    )


def test_a_read_only_home(unprivileged: list[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        env = home_environment(home)
        status, out, err = as_user(unprivileged, "pricebook", "list", env=env)
        assert status == 0, err
        assert "services-usd" in out and err == ""  # the book cache is skipped, silently
        status, out, err = as_user(
            unprivileged, "quote", "price", EXAMPLE, "--date", "2026-11-24", env=env
        )
        assert status == 0 and "Total" in out and err == ""
        status, _, err = as_user(unprivileged, "quotes", "list", env=env)
        assert status == 1
        assert f"{home}/.local/share/quoter" in err and "QUOTER_DB" in err
        assert list(home.iterdir()) == []
    finally:
        home.chmod(0o755)


def test_a_home_that_cannot_be_entered(
    unprivileged: list[str], locked: Callable[[Path], Path], tmp_path: Path
) -> None:
    """Say a service runs with another user's HOME: the default config file cannot even be looked
    for, so there is none; a config file named outright must be readable."""
    (tmp_path / "home").mkdir()
    home = locked(tmp_path / "home")
    env = home_environment(home)
    status, out, err = as_user(unprivileged, "pricebook", "list", env=env)
    assert status == 0 and "services-usd" in out, err
    status, _, err = as_user(
        unprivileged, "--config", home / "config.toml", "pricebook", "list", env=env
    )
    assert status == 1
    assert err == f"The config file {home / 'config.toml'} cannot be read: Permission denied\n"


def test_a_config_file_that_is_a_folder_or_endless(run: Run, tmp_path: Path) -> None:
    status, _, err = run("--config", tmp_path, "pricebook", "list")
    assert status == 1
    assert err == (
        f"The config file {tmp_path} cannot be read: it is a folder (expected a TOML file, see "
        "docs/settings.md)\n"
    )
    if Path("/dev/zero").exists():  # read up to a limit, never to the end of memory
        status, _, err = run("--config", "/dev/zero", "pricebook", "list")
        assert status == 1
        assert err == (
            "The config file /dev/zero cannot be read: it is longer than 1000000 bytes (expected "
            "a short TOML file, see docs/settings.md)\n"
        )
    assert run("--config", os.devnull, "pricebook", "list")[0] == 0  # the usual 'no config'


# --- Ctrl-C ---------------------------------------------------------------------------------

STARTING = (
    "import sys\n"
    "from quoter.__main__ import run\n"  # what the `quoter` console script does, then calls it
    "print('starting', file=sys.stderr, flush=True)\n"
    "sys.exit(run())\n"
)
"""The console script's first step, importing its entry point (two tiny modules, under a
millisecond), comes before quoter can guard anything; the signal is sent after it."""


@pytest.mark.parametrize("delay", [0, 0.005, 0.01, 0.02, 0.04, 0.06])
def test_ctrl_c_while_quoter_starts_exits_130_quietly(delay: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STARTING, "pricebook", "list"],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == b"starting\n"
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 130, err
    assert err == ""


def test_ctrl_c_while_a_command_runs_exits_130(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import quoter.usecases.price_quote

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(quoter.usecases.price_quote, "price_quote_file", interrupted)
    assert run("quote", "price", EXAMPLE) == (130, "", "")


# --- numbers and names out of range ---------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "accepted"),
    [
        ("--limit", "-1", "from 1 to 100000"),
        ("--limit", "0", "from 1 to 100000"),
        ("--limit", "99999999999999999999", "from 1 to 100000"),
        ("--limit", "1e3", "from 1 to 100000"),
        ("--offset", "-1", "from 0 to 1000000000"),
        ("--offset", "99999999999999999999", "from 0 to 1000000000"),
    ],
)
def test_a_limit_or_offset_out_of_range_is_a_usage_error_naming_the_range(
    capsys: pytest.CaptureFixture[str], option: str, value: str, accepted: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["quotes", "list", option, value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"error: argument {option}: '{value}' is not a whole number {accepted}" in err


def test_the_largest_limit_and_offset_are_accepted(run: Run) -> None:
    run("quotes", "new", EXAMPLE)
    status, out, _ = run("quotes", "list", "--limit", "100000")
    assert status == 0 and out.startswith("Q-2026-00001")
    status, out, _ = run("quotes", "list", "--offset", "1000000000")
    assert status == 0 and out == "no quotes match after the first 1000000000\n"


def test_the_user_name_limit_is_the_audit_logs_column() -> None:
    from quoter.storage.schema import audit

    assert audit.c.actor.type.length == USER_NAME_LIMIT  # type: ignore[attr-defined]


def test_a_user_name_longer_than_the_audit_log_keeps_is_refused(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    longest, too_long = "a" * USER_NAME_LIMIT, "b" * (USER_NAME_LIMIT + 1)
    monkeypatch.setenv("QUOTER_USER", too_long)
    status, _, err = run("quotes", "new", EXAMPLE)
    assert status == 1
    assert err == (
        f"QUOTER_USER: the user name '{'b' * 40}\N{HORIZONTAL ELLIPSIS}' is 121 characters long, "
        "and the register's audit log keeps at most 120 (expected at most 120 characters, on "
        "one line)\n"
    )
    monkeypatch.setenv("QUOTER_USER", "sam\nseller")
    status, _, err = run("quotes", "list")
    assert status == 1 and "has a line break or another control character" in err

    monkeypatch.delenv("QUOTER_USER")
    config = tmp_path / "config.toml"
    config.write_text(f'user_name = "{too_long}"\n', encoding="utf-8")
    status, _, err = run("--config", config, "quotes", "list")
    assert status == 1
    assert err == (
        f"The config file {config} is not valid:\n"
        f"  {config}: user_name: is 121 characters long, and the register's audit log keeps at "
        "most 120 (expected at most 120 characters, on one line)\n"
    )

    # the operating-system user's name (getpass reads LOGNAME first)
    monkeypatch.setenv("LOGNAME", too_long)
    status, _, err = run("quotes", "new", EXAMPLE)
    assert status == 1
    assert err == (
        f"The operating-system user name '{'b' * 40}\N{HORIZONTAL ELLIPSIS}' is 121 characters "
        "long, and the register's audit log keeps at most 120: set the name the audit log "
        "records in QUOTER_USER or user_name in the config file (at most 120 characters, on one "
        "line)\n"
    )
    assert run("pricebook", "list")[0] == 0  # what writes no audit log still runs
    monkeypatch.setenv("LOGNAME", longest)
    status, out, err = run("quotes", "new", EXAMPLE)
    assert status == 0, err
    _, out, _ = run("quotes", "history", "Q-2026-00001")
    assert longest in out
