"""Reliability: fuzzed price books, quote requests and triage facts files never crash quoter.

Mutational fuzzing (mutations.py): each input is a seed file changed one to three times at
random (bytes, lines, values, keys, truncation, deep nesting, huge numbers, odd Unicode, other
encodings, or a node of the parsed data), from a fixed seed. The seeds: the bundled price books
and tests/data's, the quote requests of examples/ and a request written by `quoter triage
--quote` (with its [triage] table), the facts files of examples/triage/; each request and facts
file also as JSON (and the JSON request as TOML).

Each input goes through the command line's own entry point, `quoter.cli.main.main`, in-process
(in a worker process: see below), on a fixed clock (2026-12-07 12:00 UTC) and a throwaway
config, book cache and SQLite register:

- a book: `quoter pricebook validate FILE` (validate_book_files: reading, validating, the cache);
- a request: `quoter quote price FILE` (price_quote_file), and when it prices, `quoter quotes new
  FILE` (read_request, price_quote, the register);
- a facts file: `quoter triage FILE` (triage_file and the verdict's text), and when the triage
  says out of scope, `quoter quotes new --from-triage FILE`.

Standard output and error are UTF-8 streams that refuse what UTF-8 cannot hold, as a terminal's.
With QUOTER_DEBUG=1 `main` lets an unexpected exception through instead of exit status 70, so
each command ends one of these ways: accepted (exit 0); refused with a located message (exit 1,
quoter's own errors, QuoterError and subclasses, the message naming the file); refused without
naming the file (exit 1, reported apart); anything else: an exception that is no QuoterError
(what a user would see as exit 70, "internal error"), a worker process that died, or an input
that took longer than `--time-limit` seconds (its worker is killed and replaced). The commands'
worst outcome is the input's.

Each input of the last three kinds is saved to the `--out` folder (default
$TMPDIR/quoter-fuzz-findings) as `KIND-INDEX-OUTCOME.EXT`, with a `.txt` beside it giving the
mutations, the commands and the traceback; the five slowest inputs are saved too, in `slowest/`.
`--replay FILE...` runs saved inputs again and prints their outcomes (the kind comes from the
name).

Run: `nice -n 10 .venv/bin/python bench/reliability/fuzz_files.py [--count N] [--seed S]
[--time-limit SECONDS] [--out DIR]` (default 14,000 inputs, about 40 minutes on two cores;
`--count 300` takes a minute). It prints a summary line and exits 1 if any input crashed,
killed its worker or ran out of time.
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import io
import json
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutations import Seed, mutate, to_json, to_toml

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
KINDS = ("book", "request", "facts")
FAILURES = ("crash", "died", "timeout")
MEMORY_LIMIT = 3 * 1024**3
"""A worker's address space: a memory bomb is a MemoryError, not a frozen machine."""


# -- seeds --------------------------------------------------------------------------------------


def load_seeds(work: Path) -> dict[str, list[Seed]]:
    """The seed files of each kind, TOML and JSON."""
    books = sorted((REPO / "price_books").glob("*.toml"))
    books += sorted((REPO / "tests" / "data").glob("**/price_books/*.toml"))
    requests = sorted((REPO / "examples").glob("*.toml"))
    requests += sorted((REPO / "examples").glob("*.json"))
    facts = sorted((REPO / "examples" / "triage").glob("*.toml"))
    seeds: dict[str, list[Seed]] = {
        "book": [Seed(p.name, p.read_text(encoding="utf-8")) for p in books],
        "request": [Seed(p.name, p.read_text(encoding="utf-8")) for p in requests],
        "facts": [Seed(p.name, p.read_text(encoding="utf-8")) for p in facts],
    }
    triage_request = work / "triage-request.toml"
    status, _, _ = run_cli(
        [
            "triage",
            str(REPO / "examples" / "triage" / "backport-fix.toml"),
            "--quote",
            str(triage_request),
        ]
    )
    if status == 0:
        seeds["request"].append(Seed(triage_request.name, triage_request.read_text("utf-8")))
    for kind in ("request", "facts"):
        for seed in list(seeds[kind]):
            seeds[kind].append(converted(seed))
    return seeds


def converted(seed: Seed) -> Seed:
    """The seed in the other format: TOML as JSON, JSON as TOML."""
    stem = seed.name.rsplit(".", 1)[0]
    if seed.is_json:
        return Seed(f"{stem}.toml", to_toml(json.loads(seed.text, parse_float=_decimal)))
    return Seed(f"{stem}.json", to_json(tomllib.loads(seed.text, parse_float=_decimal)))


def _decimal(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text)


# -- the worker ---------------------------------------------------------------------------------


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """`quoter ARGV` in this process on the fixed clock: exit status, stdout, stderr. Streams
    are strict UTF-8 as a terminal's; with QUOTER_DEBUG set, an internal error raises."""
    from quoter.cli.main import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv), lambda: NOW)
    texts = []
    for stream in (out, err):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        texts.append(buffer.getvalue().decode("utf-8", errors="replace"))
    return status, texts[0], texts[1]


def first_command(kind: str, path: Path) -> list[str]:
    if kind == "book":
        return ["pricebook", "validate", str(path)]
    if kind == "request":
        return ["quote", "price", str(path)]
    return ["triage", str(path)]


def follow_up(kind: str, path: Path, out: str) -> list[str] | None:
    """The second command, once the first accepted the input: a priced request is drafted,
    an out-of-scope triage too."""
    if kind == "request":
        return ["quotes", "new", str(path)]
    if kind == "facts" and "Quote it:" in out:
        return ["quotes", "new", "--from-triage", str(path)]
    return None


def feed(kind: str, path: Path) -> tuple[str, str, list[str]]:
    """Run an input's commands: its outcome, the message or traceback, the commands run."""
    run: list[str] = []
    argv: list[str] | None = first_command(kind, path)
    while argv is not None:
        run.append("quoter " + " ".join(argv))
        try:
            status, out, err = run_cli(argv)
        except Exception:
            return "crash", traceback.format_exc(), run
        if status == 1:
            return ("refused" if str(path) in err else "unlocated"), err.strip(), run
        if status != 0:
            return "crash", f"exit status {status}: {err.strip()}", run
        argv = follow_up(kind, path, out) if len(run) == 1 else None
    return "accepted", "", run


def worker(connection: Any, environment: dict[str, str]) -> None:
    """Feed the inputs the parent sends, one at a time; answer each with its outcome."""
    os.environ.update(environment)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from quoter.storage.register import Register

    Register(environment["QUOTER_DB"]).close()  # the register `quotes new` writes to, made once
    run_cli(["quote", "price", str(REPO / "examples" / "backport-usd.toml")])  # warm up
    connection.send("ready")
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        kind, name = task
        began = time.perf_counter()
        outcome, message, run = feed(kind, Path(name))
        connection.send((outcome, message, run, time.perf_counter() - began))


class Worker:
    """A worker process the parent can wait for with a time limit, kill and replace."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.environment = environment
        self.context = multiprocessing.get_context("spawn")
        self.started = 0
        self._start()

    def _start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(
            target=worker, args=(child, self.environment), daemon=True
        )
        self.process.start()
        child.close()
        self.started += 1
        if not self.connection.poll(120) or self.connection.recv() != "ready":
            raise RuntimeError("the fuzzing worker did not start")

    def feed(self, kind: str, path: Path, limit: float) -> tuple[str, str, list[str], float]:
        began = time.perf_counter()
        self.connection.send((kind, str(path)))
        try:
            if self.connection.poll(limit):
                outcome, message, run, seconds = self.connection.recv()
                return outcome, message, run, seconds
            outcome, message = "timeout", f"no answer within {limit:.0f} s"
        except EOFError:
            outcome, message = "died", f"the worker died (exit code {self.process.exitcode})"
        seconds = time.perf_counter() - began
        self.process.kill()
        self.process.join()
        self._start()
        return outcome, message, ["quoter " + " ".join(first_command(kind, path))], seconds

    def close(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.connection.send(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


def sandbox_environment(work: Path) -> dict[str, str]:
    config = work / "config.toml"
    config.write_text("", encoding="utf-8")
    return {
        "QUOTER_CONFIG": str(config),
        "QUOTER_CACHE_DIR": str(work / "book-cache"),
        "QUOTER_DB": f"sqlite:///{work / 'register.sqlite3'}",
        "QUOTER_TIME_ZONE": "UTC",
        "QUOTER_USER": "fuzz",
        "QUOTER_DEBUG": "1",
    }


# -- the run ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slow:
    seconds: float
    name: str
    content: bytes
    note: str


def save(out: Path, name: str, content: bytes, note: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_bytes(content)
    (out / f"{name}.txt").write_text(note, encoding="utf-8")
    return path


def input_path(work: Path, kind: str, index: int, seed: Seed) -> Path:
    """Where an input is written: a book in price_books/ beside the products/ it names."""
    suffix = ".json" if seed.is_json and kind != "book" else ".toml"
    folder = work / ("price_books" if kind == "book" else kind)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{kind}-{index:05d}{suffix}"


def fuzz(arguments: argparse.Namespace) -> int:
    """Fuzz in a temporary folder, removed afterwards whatever happens."""
    work = Path(tempfile.mkdtemp(prefix="quoter-fuzz-"))
    try:
        return fuzz_in(work, arguments)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fuzz_in(work: Path, arguments: argparse.Namespace) -> int:
    sys.setrecursionlimit(5000)  # the writers of nested data, in this process only
    rng = random.Random(arguments.seed)
    out = Path(arguments.out)
    for env_key, value in sandbox_environment(work).items():
        os.environ[env_key] = value
    (work / "products").mkdir()
    shutil.copy(REPO / "products" / "orca-os.toml", work / "products")
    seeds = load_seeds(work)
    pool = Worker(sandbox_environment(work))
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    failures: list[str] = []
    unlocated: list[str] = []
    slowest: list[tuple[float, int, Slow]] = []
    began = time.perf_counter()
    try:
        for index in range(arguments.count):
            kind = KINDS[index % len(KINDS)]
            seed = rng.choice(seeds[kind])
            content, mutations = mutate(rng, seed, seeds[kind])
            path = input_path(work, kind, index, seed)
            path.write_bytes(content)
            outcome, message, run, seconds = pool.feed(kind, path, arguments.time_limit)
            counts[kind][outcome] += 1
            note = (
                f"seed file: {seed.name}\nmutations: {mutations}\n"
                f"commands (QUOTER_DEBUG=1, clock {NOW.isoformat()}):\n  "
                + "\n  ".join(run)
                + f"\noutcome: {outcome} after {seconds:.2f} s\n\n{message}\n"
            )
            name = f"{kind}-{index:05d}-{outcome}{path.suffix}"
            if outcome in FAILURES:
                saved = save(out, name, content, note.replace(str(path), "FILE"))
                failures.append(f"{saved}: {outcome}: {last_line(message)}")
                print(f"FAILED: {saved}: {outcome}: {last_line(message)}", flush=True)
            elif outcome == "unlocated":
                if len(unlocated) < 20:
                    save(out / "unlocated", name, content, note.replace(str(path), "FILE"))
                unlocated.append(f"{name}: {last_line(message)}")
            entry = (seconds, index, Slow(seconds, name, content, note))
            if len(slowest) < 5:
                heapq.heappush(slowest, entry)
            elif seconds > slowest[0][0]:
                heapq.heapreplace(slowest, entry)
            path.unlink()
            if (index + 1) % 500 == 0:
                done = sum(sum(c.values()) for c in counts.values())
                print(
                    f"{done} inputs, {len(failures)} failures, {time.perf_counter() - began:.0f} s",
                    flush=True,
                )
    finally:
        pool.close()
    for seconds, _, slow in sorted(slowest, reverse=True):
        save(out / "slowest", slow.name, slow.content, slow.note)
        print(f"slow: {seconds:.2f} s {out / 'slowest' / slow.name}: {slow.note.splitlines()[1]}")
    for line in unlocated[:10]:
        print(f"refused without naming the file: {line}")
    total = Counter[str]()
    for kind in KINDS:
        total.update(counts[kind])
    per_kind = "; ".join(
        f"{kind} {sum(counts[kind].values())}: "
        + ", ".join(f"{n} {o}" for o, n in sorted(counts[kind].items()))
        for kind in KINDS
    )
    worst = max((seconds for seconds, _, _ in slowest), default=0.0)
    print(
        f"fuzz_files: {sum(total.values()):,} inputs ({per_kind}); "
        f"{total['accepted']} accepted, {total['refused']} refused with a located message, "
        f"{total['unlocated']} refused without naming the file, {total['crash']} crashes "
        f"(would-be exit 70), {total['died']} dead workers, {total['timeout']} over "
        f"{arguments.time_limit:.0f} s; slowest {worst:.2f} s; "
        f"{time.perf_counter() - began:.0f} s, seed {arguments.seed}"
        + (f"; saved in {out}" if failures or unlocated else "")
    )
    return 1 if failures else 0


def last_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no message)"


def replay(arguments: argparse.Namespace) -> int:
    """Run saved inputs again, each in a fresh sandbox, and say how each ends now."""
    work = Path(tempfile.mkdtemp(prefix="quoter-replay-"))
    try:
        pool = Worker(sandbox_environment(work))
        failed = 0
        for name in arguments.replay:
            path = Path(name)
            kind = next((k for k in KINDS if path.name.startswith(k)), "request")
            if kind == "book":  # beside the products/ it names, as when it was fuzzed
                (work / "price_books").mkdir(exist_ok=True)
                if not (work / "products").exists():
                    (work / "products").mkdir()
                    shutil.copy(REPO / "products" / "orca-os.toml", work / "products")
                path = Path(shutil.copy(path, work / "price_books" / path.name))
            outcome, message, run, seconds = pool.feed(kind, path, arguments.time_limit)
            failed += outcome in FAILURES
            print(f"{name}: {outcome} in {seconds:.2f} s ({'; '.join(run)}): {last_line(message)}")
        pool.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--count", type=int, default=14_000, help="inputs (default 14,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--time-limit", type=float, default=15.0, help="seconds per input (default 15)"
    )
    parser.add_argument(
        "--out",
        default=str(Path(tempfile.gettempdir()) / "quoter-fuzz-findings"),
        help="where failing and slowest inputs are saved",
    )
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs again")
    arguments = parser.parse_args(argv)
    if arguments.replay:
        return replay(arguments)
    return fuzz(arguments)


if __name__ == "__main__":
    sys.exit(main())
