"""Reliability: `quoter quotes new`, `issue` and `revise` killed with SIGKILL at random moments.

Each run starts the real command line in its own process, as `python -m quoter` runs it, on one
SQLite register that all runs share, new at the start, in a temporary folder (with its own
HOME, config file, book cache and QUOTER_DB; QUOTER_TIME_ZONE=UTC), and kills it (SIGKILL, its
whole process group) after a delay drawn uniformly from 0 to 1.25 times the command's typical
run time, so most kills land mid-run: while Python starts, while the books are read, while the
contract renders, while the register commits. A run counts as killed mid-run when the process
had not exited when the signal came (its exit status is -9); the others had finished, and must
have finished well (exit 0).

A command's typical run time is the median of its last five runs that were not killed: one run
of each command fills the caches (not timed), three more are timed before the first kill, and
one more after every 20 killed runs, so the kill window follows the machine's load (on shared
cores a command can take twice as long an hour later). These runs are not counted among the
killed runs; they also issue and revise quotes the killed runs can then revise. Each run
then picks its command from the register's state: `quotes new` (a quote request of examples/,
TOML or JSON, or `--from-triage` with an out-of-scope facts file of examples/triage/), `quotes
issue` of a draft, `quotes revise` of an issued quote.

The command line has no clock option: the clock is an argument of `quoter.cli.main.main`, which
is what `python -m quoter` calls. So each run is `python -c` with a three-line launcher that calls
`main(argv, now)` with a fixed moment (2026-12-07 from 09:00 UTC, one second more per run), so the
numbers and prices do not depend on the day the script runs.

After every run the register's numbers, statuses and documents are checked
(register_checks.py, without reading the documents' bytes); after the last run everything is
checked, with the documents' SHA-256 and formats; then SQLite's `PRAGMA integrity_check` and
`foreign_key_check`, and a last `quotes new`, not killed, must get the next number of the year.
The rules: no half-issued quote (an issued quote has its PDF and DOCX with matching SHA-256, a
draft none), numbers gapless (every serial up to the counter is a quote or was deleted: see
register_checks.py), one `created` audit entry per quote and one `issued` per issued quote.

Run: `nice -n 10 .venv/bin/python bench/reliability/kill_commands.py [--runs N] [--seed S]
[--keep]` (default 665 runs, about 15 minutes on two cores; `--runs 20` takes a minute). It
prints one summary line and exits 1 if any check failed. `--keep` keeps the temporary folder
(the register, each run's output) for a look.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from register_checks import RegisterReport, check_register

from quoter.domain.register import QuoteNumber
from quoter.storage.register import Register

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
KILL_SPAN = 1.25
"""Kill moments are uniform from 0 to this many times the command's typical run time."""
MEASURED_RUNS = 5
"""A command's typical run time is the median of its last this many runs that were not killed."""
MEASURE_EVERY = 20
"""After this many killed runs, each command runs once more unkilled and is timed."""
REQUESTS = (
    REPO / "examples" / "backport-usd.toml",
    REPO / "examples" / "driver-port-eur.toml",
    REPO / "examples" / "customisation-usd.json",
)
OUT_OF_SCOPE_FACTS = (
    REPO / "examples" / "triage" / "backport-fix.toml",
    REPO / "examples" / "triage" / "integration-build.toml",
    REPO / "examples" / "triage" / "driver-port-new-board.toml",
)
LAUNCHER = (
    "import sys, datetime\n"
    "from quoter.cli.main import main\n"
    "moment = datetime.datetime.fromisoformat(sys.argv[1])\n"
    "sys.exit(main(sys.argv[2:], lambda: moment))\n"
)
"""`python -m quoter ARGS` with the clock set: `main` is what quoter/__main__.py calls."""


@dataclass(frozen=True, slots=True)
class Outcome:
    command: str
    """new, issue or revise."""
    argv: tuple[str, ...]
    delay: float
    status: int
    seconds: float
    output: str

    @property
    def killed_mid_run(self) -> bool:
        return self.status == -signal.SIGKILL


class Sandbox:
    """A temporary HOME with its own config file, book cache and SQLite register."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.database = root / "register.sqlite3"
        self.url = f"sqlite:///{self.database}"
        home = root / "home"
        home.mkdir()
        config = root / "config.toml"
        config.write_text("", encoding="utf-8")
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("QUOTER_") and not key.startswith("XDG_")
        }
        self.environment.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            QUOTER_CONFIG=str(config),
            QUOTER_DB=self.url,
            QUOTER_CACHE_DIR=str(root / "book-cache"),
            QUOTER_TIME_ZONE="UTC",
            QUOTER_USER="kill-test",
            TZ="UTC",
        )
        self.runs = 0
        Register(self.url).close()  # the empty register, made once as `quoter db create` does

    def run(self, command: str, argv: Sequence[str], delay: float | None) -> Outcome:
        """`quoter ARGV` on the next moment of the clock, SIGKILLed after `delay` seconds unless
        it has exited by then (never, with None)."""
        moment = START + timedelta(seconds=self.runs)
        self.runs += 1
        log = self.root / f"run-{self.runs:05d}.txt"
        with log.open("wb") as output:
            began = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-c", LAUNCHER, moment.isoformat(), *argv],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.environment,
                cwd=self.root,
                start_new_session=True,  # its own process group, killed as a whole
            )
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            seconds = time.perf_counter() - began
        return Outcome(
            command,
            tuple(argv),
            delay or 0.0,
            process.returncode,
            seconds,
            log.read_text(encoding="utf-8", errors="replace"),
        )


@dataclass
class State:
    """The register's quotes by stored status, as the next run chooses from them."""

    drafts: list[str]
    issued: list[str]


def read_state(database: Path) -> State:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT number, status FROM quotes ORDER BY id").fetchall()
    finally:
        connection.close()
    return State(
        drafts=[number for number, status in rows if status == "draft"],
        issued=[number for number, status in rows if status == "issued"],
    )


def choose(rng: random.Random, state: State) -> tuple[str, list[str]]:
    """The next command and its arguments: issue a draft about half the time, revise an issued
    quote a quarter, otherwise a new draft (from a request file or a triage's facts)."""
    draw = rng.random()
    if state.drafts and draw < 0.45:
        return "issue", ["quotes", "issue", rng.choice(state.drafts)]
    if state.issued and draw < 0.7:
        return "revise", ["quotes", "revise", rng.choice(state.issued)]
    if rng.random() < 0.25:
        return "new", ["quotes", "new", "--from-triage", str(rng.choice(OUT_OF_SCOPE_FACTS))]
    return "new", ["quotes", "new", str(rng.choice(REQUESTS))]


class Clock:
    """The commands' typical run times, kept current: the machine's load changes while the
    script runs (other work on the same cores), and with it how long a command takes."""

    def __init__(self, sandbox: Sandbox, rng: random.Random) -> None:
        self.sandbox = sandbox
        self.rng = rng
        self.times: dict[str, list[float]] = {"new": [], "issue": [], "revise": []}
        self.runs = 0
        self.failures: list[str] = []

    def measure(self, timed: bool = True) -> None:
        """One run of each command, not killed; its time kept when `timed`."""
        for command in ("new", "issue", "revise"):
            state = read_state(self.sandbox.database)
            if command == "new":
                argv = ["quotes", "new", str(self.rng.choice(REQUESTS))]
            elif command == "issue":
                argv = ["quotes", "issue", state.drafts[-1]]
            else:
                argv = ["quotes", "revise", state.issued[-1]]
            outcome = self.sandbox.run(command, argv, None)
            self.runs += 1
            if timed:
                self.times[command].append(outcome.seconds)
            if outcome.status != 0:
                self.failures.append(describe_failure(outcome))

    def typical(self, command: str) -> float:
        """The median of the command's last few measured run times."""
        return statistics.median(self.times[command][-MEASURED_RUNS:])


def describe_failure(outcome: Outcome) -> str:
    last = outcome.output.strip().splitlines()[-1:] or ["(no output)"]
    return f"quoter {' '.join(outcome.argv)} exited {outcome.status}: {last[0]}"


def final_checks(sandbox: Sandbox, year: int) -> tuple[RegisterReport, list[str]]:
    """Everything, with the documents' bytes; the database file's integrity; the next number."""
    report = check_register(sandbox.url)
    problems = list(report.problems)
    connection = sqlite3.connect(sandbox.database)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    if integrity != [("ok",)]:
        problems.append(f"SQLite integrity_check: {integrity[:5]}")
    if foreign:
        problems.append(f"SQLite foreign_key_check: {foreign[:5]}")
    last = report.counters.get(f"Q-{year}", 0)
    outcome = sandbox.run("new", ["quotes", "new", str(REQUESTS[0])], None)
    expected = str(QuoteNumber("Q", year, last + 1))
    if outcome.status != 0 or not outcome.output.startswith(f"{expected}: draft created"):
        problems.append(f"the last quotes new should have made {expected}: {outcome.output!r}")
    return report, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=665, help="killed runs (default 665)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args(argv)
    rng = random.Random(arguments.seed)
    root = Path(tempfile.mkdtemp(prefix="quoter-kill-"))
    sandbox = Sandbox(root)
    began = time.perf_counter()
    clock = Clock(sandbox, rng)
    clock.measure(timed=False)  # fills the caches a first run fills (books, fontconfig)
    for _ in range(3):
        clock.measure()
    print(
        "typical run times: "
        + ", ".join(f"{c} {clock.typical(c):.2f} s" for c in ("new", "issue", "revise")),
        flush=True,
    )
    problems: list[str] = []
    outcomes: list[Outcome] = []
    issued_despite_kill = 0
    for index in range(1, arguments.runs + 1):
        command, args = choose(rng, read_state(sandbox.database))
        delay = rng.uniform(0, KILL_SPAN * clock.typical(command))
        outcome = sandbox.run(command, args, delay)
        outcomes.append(outcome)
        if not outcome.killed_mid_run and outcome.status != 0:
            problems.append(f"run {index}: {describe_failure(outcome)}")
        if outcome.killed_mid_run and command == "issue":
            issued_despite_kill += args[2] not in read_state(sandbox.database).drafts
        report = check_register(sandbox.url, contents=False)
        if report.problems:  # the run that broke it: stop here, the register is the evidence
            problems.extend(f"after run {index} ({command}): {p}" for p in report.problems)
            arguments.keep = True
            break
        if index % MEASURE_EVERY == 0 and index < arguments.runs:
            clock.measure()
        if index % 50 == 0:
            mid = sum(o.killed_mid_run for o in outcomes)
            print(f"{index} runs, {mid} killed mid-run, {report.quotes} quotes", flush=True)
    report, final = final_checks(sandbox, START.year)
    problems = clock.failures + problems + final
    for problem in problems:
        print(f"FAILED: {problem}")
    runs = Counter(o.command for o in outcomes)
    mid_run = Counter(o.command for o in outcomes if o.killed_mid_run)
    half_issued = report.kinds["documents"]
    gaps = report.kinds["numbers"]
    integrity = "FAILED" if any(p.startswith("SQLite") for p in final) else "ok"
    print(
        f"kill_commands: {len(outcomes)} runs killed at random moments "
        f"(and {clock.runs} timing runs not killed), "
        f"{sum(mid_run.values())} mid-run ("
        + ", ".join(f"{c} {mid_run[c]}/{runs[c]}" for c in ("new", "issue", "revise"))
        + f"; {issued_despite_kill} issues killed after their commit); "
        f"{report.quotes} quotes ({report.drafts} drafts, {report.issued} issued, "
        f"{report.revisions} revisions); {half_issued} half-issued; "
        f"numbers {'gapless' if not gaps else f'with {gaps} problems'} "
        f"(Q-{START.year} 1..{report.counters.get(f'Q-{START.year}', 0)}); "
        f"SQLite integrity {integrity}; {len(problems)} problems; "
        f"{time.perf_counter() - began:.0f} s, seed {arguments.seed}"
    )
    if arguments.keep:
        print(f"kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
