"""Benchmark: the desktop app's start, an edit's totals and its memory (issue 14's targets).

What it measures, offscreen (QT_QPA_PLATFORM=offscreen), each start in a new process:

- first paint: `quoter gui --quit-after-first-paint` on the bundled books and a new SQLite register,
  against a bare PySide6 QMainWindow (import QtWidgets, show the window, first paint) in the same
  run, alternating, so a busy spell of the machine hits both alike. Both are timed from the
  parent's side: from just before the process is started to the moment its "first paint" line
  arrives (interpreter start included, its exit not). The ratio is the median of the pairs'
  ratios. The children's own figures (from their first line of Python) are shown for reference.
  Targets: <= 0.4 s, and <= 2.5x the bare window.
- usable: `quoter gui` itself (`quoter.cli.main(["gui"])` in a child process, so settings,
  context, window and the books read on a worker are the app's own), driven from a timer once its
  event loop runs; timed from the parent's side until the books are shown, a search ("backport")
  has filtered the catalogue, a line (BP-FIX) has been chosen (the catalogue's `service_chosen`,
  as Enter on its row), filled in and submitted through the service form, and the totals under
  the lines show it. Target: <= 0.6 s. The child's own stage times are shown too; its first paint
  comes later than `--quit-after-first-paint`'s, because the books are read on a worker from the
  start and that thread shares the interpreter with the one painting.
- totals: a 20-line draft of a generated 10,000-service book in the builder (the app started as
  above, with `--data` the generated folder, the draft shown and the app left for 3 s, so what
  starts after the books are read is over, as when a user starts typing); the median of
  `--edits` edits (one line's quantity or parameter changed, as bench_usecases.py does) of
  `QuoteBuilder.show_request` (the path every edit, undo and redo takes: price, show the lines
  and totals, tell the window, which schedules the autosave and the preview) plus
  `processEvents()` (layout and paint). Target: <= 16 ms, one frame.
- memory: the peak resident set (`ru_maxrss`) of an app process (started as above) with the
  generated 10,000-service book loaded and shown in the catalogue: once reading the book cold
  (parse and validate the TOML) and once from quoter's validated-book cache, as every later start
  does. MB are 10^6 bytes. Target: <= 300 MB.
- first preview: `quoter gui` in a child (as for 'usable', on the bundled books) that opens
  examples/backport-usd.toml through `MainWindow.open_file` (as a file dropped on the window) as
  soon as the books are shown; timed from the parent's side, from just before the process starts to
  the moment the child's line saying the contract preview is on screen (PreviewPane `shown`: the
  document is ready) arrives. Target: <= 1.5 s. The child's milestones (from its first line):
  first paint, books shown, quote opened (its preview requested), first preview. With a second
  child that opens the file only once the preview's process is warm (idle, blocked reading its
  connection, as /proc/<pid>/syscall shows) the milestones are paint, books, preview process
  ready, first preview: how much of the first preview is the process's warm-up, how much its render.
- UI stalls while previews render: the app with the generated book and its 20-line draft shown
  (first preview shown and 3 s settled, as for 'totals'), then `--preview-edits` edits through
  `QuoteBuilder.show_request` (so the window schedules the autosave and the preview as in use),
  each followed by the event loop running until that edit's preview is shown (and 100 ms more for
  the view's paint), and 1.2 s after the last (its autosave). A precise QTimer ticks every 5 ms on
  the UI thread all along; the gaps between its ticks (time.perf_counter) are the event loop's
  stalls. Reported: the longest (target: <= 50 ms, judged on the longest over all runs), the 99th
  percentile, how many exceed 50 ms, what the longest came after (the app's events, full garbage
  collections, where the UI thread's Python code was, sampled by a watching thread), the UI
  thread's own time in the gaps (/proc/thread-self/schedstat: running on a core, waiting in the
  run queue for one, or asleep: its event loop's wait, or the interpreter lock another thread
  holds), and an edit's time to its preview (the 400 ms debounce included). The first paint and
  start are not in the period.
- memory with a preview shown: the same children, the app's peak resident set (ru_maxrss) once the
  draft's first preview is shown and again after the edits' previews (judged: <= 300 MB, on the
  app's figure after the edits), and the preview process's peak (VmHWM in /proc/<pid>/status, read
  before the window closes), with the sum for information. Once with the book read cold, then
  `--preview-runs` times from the book cache.

Every process runs on the bundled data (plus the generated book where said), a temporary register,
cache and empty config file, so nothing of the user's is read or written. This machine sets
PYTHONDONTWRITEBYTECODE=1, so quoter's modules are compiled at every start of an editable install;
the starts are measured with the environment as it is and with bytecode cached (the variable unset,
a temporary PYTHONPYCACHEPREFIX warmed by one run), which is how an installed wheel starts.

The book and the 20-line request come from bench_books.py's generator. Print-only: the script
always exits 0 (a failure is printed, not raised).

Run: `.venv/bin/python bench/bench_gui_start.py [--runs N] [--services N] [--edits N]
[--preview-edits N] [--preview-runs N]` (about four minutes). To see where the UI thread's time
goes while previews render, `--child preview --data-folder FOLDER --profile FILE` profiles the
edits' period with cProfile (on the UI thread) into FILE (the gaps are then longer).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
"""In a child process, the zero of its own figures: the first line after the standard imports."""
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

TARGET_FIRST_PAINT_MS = 400.0
TARGET_RATIO = 2.5
TARGET_USABLE_MS = 600.0
TARGET_TOTALS_MS = 16.0
TARGET_MEMORY_MB = 300.0
TARGET_FIRST_PREVIEW_MS = 1500.0
TARGET_STALL_MS = 50.0
TICK_MS = 5
"""The UI thread's ticker while previews render: its gaps are the event loop's stalls."""
RESULT = "RESULT "
"""The prefix of the line in which a child process reports its figures as JSON."""
PAINT = "first paint:"
PREVIEWED = "first preview:"
USABLE = "usable:"
"""The line a child prints the moment its first contract preview is on screen."""
EXAMPLE = HERE.parent / "examples" / "backport-usd.toml"
"""The quote the first-preview run opens (the bundled services-usd book prices it)."""
XDG = ("DATA", "CONFIG", "CACHE", "STATE")
"""The user's folders the app may write (its state, QSettings): temporary ones here."""
SETTLE_SECONDS = 3.0
"""How long the app runs with the draft shown before its edits are timed."""
SEARCH = "backport"
LINE = ("BP-FIX", {"fix_id": "ORCA-1234", "source_release": "4.2", "target_release": "3.8"})
"""The line the usable run adds (the bundled services-usd book sells it)."""

BARE_WINDOW = """\
import time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(f"first paint: {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(["bare"])
window = QMainWindow()
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1000, 700)
window.show()
app.exec()
"""
"""A bare PySide6 window's start, the floor the app's first paint is compared with (the app's
window is 1000x700 too)."""


@dataclass(frozen=True)
class Row:
    measure: str
    figure: str
    limit: str = ""
    verdict: str = ""


@dataclass(frozen=True)
class Started:
    """What one child process showed: the parent's milliseconds from starting it to its marker
    line, and what the line said."""

    parent_ms: float
    line: str


# -- the parent: starting processes and timing them -------------------------------------------


def start_and_time(command: Sequence[str], env: dict[str, str], marker: str) -> Started:
    """Start `command`, time it until it prints a line starting with `marker`, let it finish."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    found = None
    for line in child.stdout:
        if line.startswith(marker):
            found = (time.perf_counter() - start) * 1000, line[len(marker) :].strip()
            break
    rest, errors = child.communicate(timeout=300)
    if found is None or child.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:3])}... exited with {child.returncode} "
            f"without its '{marker}' line:\n{rest}{errors}"
        )
    return Started(*found)


def result_of(started: Started) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(started.line)
    return figures


def quoter_command() -> list[str]:
    script = Path(sys.executable).parent / "quoter"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "quoter"]


def environments(root: Path) -> dict[str, dict[str, str]]:
    """The two environments the starts run in: as is, and with quoter's bytecode cached."""
    config = root / "config.toml"
    config.write_text("", encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("QUOTER_")}
    base.update(
        {f"XDG_{kind}_HOME": str(root / "home" / kind.lower()) for kind in XDG},
        QT_QPA_PLATFORM="offscreen",
        QUOTER_CONFIG=str(config),
        QUOTER_DB=f"sqlite:///{root / 'register.sqlite3'}",
        QUOTER_CACHE_DIR=str(root / "book-cache"),
    )
    cached = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return {"as is": base, "bytecode cached": cached}


def measure_first_paint(envs: dict[str, dict[str, str]], runs: int) -> list[Row]:
    bare = [sys.executable, "-c", BARE_WINDOW]
    app = [*quoter_command(), "gui", "--quit-after-first-paint"]
    rows = []
    for name, env in envs.items():
        for command in (bare, app):  # warm-up: the file cache, and the bytecode where cached
            start_and_time(command, env, PAINT)
        pairs = [
            (start_and_time(bare, env, PAINT), start_and_time(app, env, PAINT)) for _ in range(runs)
        ]
        bare_ms = statistics.median(b.parent_ms for b, _ in pairs)
        app_ms = statistics.median(a.parent_ms for _, a in pairs)
        ratio = statistics.median(a.parent_ms / b.parent_ms for b, a in pairs)
        rows += [
            Row(f"first paint, bare QMainWindow, {name}", _ms(bare_ms)),
            Row(
                f"first paint, quoter gui, {name}",
                _ms(app_ms),
                f"<= {TARGET_FIRST_PAINT_MS:.0f} ms",
                _verdict(app_ms <= TARGET_FIRST_PAINT_MS),
            ),
            Row(
                "  quoter gui / bare window, median of pairs",
                f"{ratio:.2f}x",
                f"<= {TARGET_RATIO}x",
                _verdict(ratio <= TARGET_RATIO),
            ),
            Row(
                "  as the children saw it (from their first line)",
                f"{_said(b for b, _ in pairs)} / {_said(a for _, a in pairs)}",
            ),
        ]
    return rows


def measure_usable(envs: dict[str, dict[str, str]], runs: int) -> list[Row]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "usable"]
    rows = []
    for name, env in envs.items():
        start_and_mark(command, env, USABLE)  # warm-up: the book cache, and the bytecode
        # timed to the moment the line's totals show (not to the child's exit, which includes
        # closing the window and stopping the preview's process)
        results = [start_and_mark(command, env, USABLE) for _ in range(runs)]
        usable = statistics.median(float(r.parent_ms or 0) for r in results)
        stages = [r.figures for r in results]

        def stage(key: str, stages: list[dict[str, Any]] = stages) -> str:
            return f"{statistics.median(float(s[key]) for s in stages):.0f}"

        rows += [
            Row(
                f"usable: books, search, add, totals, {name}",
                _ms(usable),
                f"<= {TARGET_USABLE_MS:.0f} ms",
                _verdict(usable <= TARGET_USABLE_MS),
            ),
            Row(
                "  in the child: paint, books, search, added (ms)",
                f"{stage('paint')}, {stage('books')}, {stage('search')}, {stage('added')}",
            ),
        ]
    peak = statistics.median(float(s["peak_mb"]) for s in stages)
    rows.append(Row("  peak memory, bundled books only", f"{peak:.0f} MB"))
    return rows


def measure_book(env: dict[str, str], data: Path, edits: int, services: int) -> list[Row]:
    """The totals and memory figures, each in a new process on the generated book."""
    script = [sys.executable, str(Path(__file__).resolve()), "--data-folder", str(data)]
    env = {**env, "QUOTER_CACHE_DIR": str(data.parent / "generated-book-cache")}
    cold = result_of(start_and_time([*script, "--child", "memory"], env, RESULT))
    warm = result_of(start_and_time([*script, "--child", "memory"], env, RESULT))
    totals = result_of(
        start_and_time([*script, "--child", "totals", "--edits", str(edits)], env, RESULT)
    )
    median, worst = float(totals["median_ms"]), float(totals["max_ms"])
    rows = [
        Row(
            f"totals after an edit, {totals['lines']}-line draft, {edits} edits",
            f"{median:.2f} ms",
            f"<= {TARGET_TOTALS_MS:.0f} ms",
            _verdict(median <= TARGET_TOTALS_MS),
        ),
        Row("  the slowest edit", f"{worst:.2f} ms"),
    ]
    for name, figures in (("from the book cache", warm), ("read cold", cold)):
        peak = float(figures["peak_mb"])
        rows.append(
            Row(
                f"peak memory, {services:,}-service book, {name}",
                f"{peak:.0f} MB",
                f"<= {TARGET_MEMORY_MB:.0f} MB",
                _verdict(peak <= TARGET_MEMORY_MB),
            )
        )
        rows.append(Row("  books read and shown in", _ms(float(figures["load_ms"]))))
    return rows


@dataclass(frozen=True)
class Marked:
    """What one child process showed: the parent's milliseconds from starting it to its marker
    line (None without one), and the figures of its RESULT line."""

    parent_ms: float | None
    figures: dict[str, Any]


def start_and_mark(command: Sequence[str], env: dict[str, str], marker: str | None) -> Marked:
    """Start `command`, time it until it prints a line starting with `marker` (if any), and read
    its RESULT line when it finishes. Its errors go to a file, so a chatty child never blocks."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert child.stdout is not None
        marked: float | None = None
        figures: dict[str, Any] | None = None
        lines = []
        for line in child.stdout:
            if marker is not None and marked is None and line.startswith(marker):
                marked = since(start)
            elif line.startswith(RESULT):
                figures = json.loads(line[len(RESULT) :])
            else:
                lines.append(line)
        child.wait(timeout=600)
        if figures is None or child.returncode != 0 or (marker is not None and marked is None):
            errors.seek(0)
            raise RuntimeError(
                f"{' '.join(command[:4])}... exited with {child.returncode} without its "
                f"'{marker or RESULT.strip()}' line:\n{''.join(lines)}{errors.read()}"
            )
    return Marked(marked, figures)


def measure_first_preview(envs: dict[str, dict[str, str]], runs: int) -> list[Row]:
    script = [sys.executable, str(Path(__file__).resolve()), "--child"]
    rows = []
    for name, env in envs.items():
        at_once = [*script, "first-preview"]
        once_warm = [*script, "warm-preview"]
        start_and_mark(at_once, env, PREVIEWED)  # warm-up: the book cache, and the bytecode
        pairs = [
            (start_and_mark(at_once, env, PREVIEWED), start_and_mark(once_warm, env, PREVIEWED))
            for _ in range(runs)
        ]
        first = statistics.median(float(a.parent_ms or 0) for a, _ in pairs)
        warm = statistics.median(float(w.parent_ms or 0) for _, w in pairs)

        def stage(key: str, results: list[dict[str, Any]]) -> str:
            values = [float(r[key]) for r in results if r.get(key) is not None]
            if not values:
                return f"in none of {len(results)} runs"
            shown = f"{statistics.median(values):.0f}"
            return (
                shown if len(values) == len(results) else f"{shown} ({len(values)}/{len(results)})"
            )

        at_once_figures = [a.figures for a, _ in pairs]
        warm_figures = [w.figures for _, w in pairs]
        renders = [float(w["preview"]) - float(w["opened"]) for w in warm_figures]
        rows += [
            Row(
                f"first preview, quote opened as books show, {name}",
                _ms(first),
                f"<= {TARGET_FIRST_PREVIEW_MS:.0f} ms",
                _verdict(first <= TARGET_FIRST_PREVIEW_MS),
            ),
            Row(
                "  in the child: paint, books, opened, preview (ms)",
                ", ".join(
                    stage(k, at_once_figures) for k in ("paint", "books", "opened", "preview")
                ),
            ),
            Row(
                "  preview process warm before the request came (ms)",
                stage("ready", at_once_figures),
            ),
            Row(f"first preview, opened once the process is warm, {name}", _ms(warm)),
            Row(
                "  in the child: paint, books, ready, preview (ms)",
                ", ".join(stage(k, warm_figures) for k in ("paint", "books", "ready", "preview")),
            ),
            Row(
                "  a warm process's first render: opened to shown", _ms(statistics.median(renders))
            ),
        ]
    return rows


def measure_book_preview(
    env: dict[str, str], data: Path, edits: int, runs: int, services: int
) -> list[Row]:
    """The stalls and the memory with a preview shown, each run in a new process on the generated
    book: once reading it cold, then `runs` times from the book cache."""
    script = [sys.executable, str(Path(__file__).resolve()), "--data-folder", str(data)]
    command = [*script, "--child", "preview", "--preview-edits", str(edits)]
    env = {**env, "QUOTER_CACHE_DIR": str(data.parent / "preview-book-cache")}
    cold = start_and_mark(command, env, None).figures
    warm = [start_and_mark(command, env, None).figures for _ in range(runs)]
    every = [cold, *warm]
    longest = max(float(f["max_gap_ms"]) for f in every)
    worst = max(every, key=lambda f: float(f["max_gap_ms"]))
    rows = [
        Row(
            f"UI stall while previews render, {edits} edits x {len(every)} runs",
            _ms(longest),
            f"<= {TARGET_STALL_MS:.0f} ms",
            _verdict(longest <= TARGET_STALL_MS),
        ),
        Row(
            "  each run's longest gap (cold first)",
            ", ".join(f"{f['max_gap_ms']:.0f}" for f in every) + " ms",
        ),
        Row(
            "  99th percentile gap, median of runs",
            _ms(statistics.median(float(f["p99_gap_ms"]) for f in every)),
        ),
        Row(
            f"  gaps over {TARGET_STALL_MS:.0f} ms, all runs",
            f"{sum(int(f['over_target']) for f in every)} of {sum(int(f['ticks']) for f in every)}",
        ),
        Row(
            "  the UI thread's longest run in a gap, each run (ms)",
            ", ".join(f"{f['max_busy_ms']:.0f}" for f in every),
        ),
        Row(f"  the longest came after {worst['longest_after']}", ""),
        Row(
            "  an edit to its preview shown, median (400 ms debounce)",
            _ms(statistics.median(float(f["edit_to_preview_ms"]) for f in every)),
        ),
    ]
    for name, runs_figures in (("from the book cache", warm), ("read cold", [cold])):
        app = statistics.median(float(f["peak_end_mb"]) for f in runs_figures)
        first = statistics.median(float(f["peak_preview_mb"]) for f in runs_figures)
        books = statistics.median(float(f["peak_books_mb"]) for f in runs_figures)
        worker = statistics.median(float(f["worker_end_mb"]) for f in runs_figures)
        rows += [
            Row(
                f"peak memory + previews, app, {name}",
                f"{app:.0f} MB",
                f"<= {TARGET_MEMORY_MB:.0f} MB",
                _verdict(app <= TARGET_MEMORY_MB),
            ),
            Row(
                "  app: books shown / first preview / after edits",
                f"{books:.0f} / {first:.0f} / {app:.0f} MB",
            ),
            Row("  preview process's peak (VmHWM)", f"{worker:.0f} MB"),
            Row("  app + preview process (information only)", f"{app + worker:.0f} MB"),
        ]
    return rows


def _ms(milliseconds: float) -> str:
    return f"{milliseconds:.0f} ms" if milliseconds >= 100 else f"{milliseconds:.1f} ms"


def _said(started: Iterable[Started]) -> str:
    return f"{statistics.median(float(s.line.split()[0]) for s in started):.0f} ms"


def _verdict(met: bool) -> str:
    return "PASS" if met else "FAIL"


def print_rows(rows: Sequence[Row]) -> None:
    for row in rows:
        print(f"{row.measure:<54} {row.figure:>15}  {row.limit:<10} {row.verdict}".rstrip())


# -- the children: an app process doing one thing and saying how long it took ------------------


def drive_app(argv: Sequence[str], step: Callable[[Any, Any], dict[str, Any]]) -> dict[str, Any]:
    """Start the app as `quoter ARGV... gui` starts it (settings, context, window, books read on
    a worker) and, once its event loop runs, call `step(app, window)`; then close the window.
    The step's figures, with the milliseconds from this process's first line to the window's
    first paint ("paint")."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from quoter.cli import main
    from quoter.gui.window import MainWindow

    class FirstPaint(QObject):
        """The first paint of the main window, seen by the application (run() makes the window
        after this filter is in place, and installs its own)."""

        at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
                self.at = since(STARTED)
                app.removeEventFilter(self)
            return False

    app = QApplication(["quoter"])  # run() takes this one: the same as its own
    paint = FirstPaint()
    app.installEventFilter(paint)
    figures: dict[str, Any] = {}
    failures: list[BaseException] = []

    def drive() -> None:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        try:
            wait_until(app, lambda: paint.at is not None)
            figures.update(step(app, window))
        except BaseException as failure:  # raised again below, out of Qt's event loop
            failures.append(failure)
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(0, drive)
    status = main([*argv, "gui"])
    if failures:
        raise failures[0]
    if status != 0:
        raise RuntimeError(f"quoter gui exited with {status}")
    return {**figures, "paint": paint.at}


def since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def child_usable() -> dict[str, Any]:
    """The bundled books shown, a search, a line chosen, filled in and added, its totals shown."""
    from quoter.domain.quote import RequestLine

    def step(app: Any, window: Any) -> dict[str, Any]:
        wait_until(app, lambda: window.books.findData("services-usd") >= 0)
        window.books.setCurrentIndex(window.books.findData("services-usd"))
        app.processEvents()
        books = since(STARTED)
        builder = window.builder
        panel = builder.catalogue
        panel.search.setText(SEARCH)
        app.processEvents()
        hits = [panel.model.service_at(row) for row in range(panel.model.rowCount())]
        searched = since(STARTED)
        code, parameters = LINE
        panel.service_chosen.emit(next(s for s in hits if s.code == code))  # Enter on its row
        app.processEvents()
        builder.form.fill(RequestLine(code, dict(parameters), None))
        builder.form.submit()
        app.processEvents()
        added = since(STARTED)
        assert builder.request is not None and len(builder.request.lines) == 1, "line refused"
        assert builder.lines.total_text.text(), "no total shown"
        print(f"{USABLE} {added:.0f} ms", flush=True)
        return {"books": books, "search": searched, "added": added}

    return {**drive_app([], step), "peak_mb": peak_mb()}


def child_book(data: Path, edits: int | None) -> dict[str, Any]:
    """The app with the generated book shown in the catalogue; with `edits`, the totals timed
    over that many edits of the generated 20-line request."""
    from bench_books import BOOK_ID

    from quoter.books.request_file import read_quote_request

    def step(app: Any, window: Any) -> dict[str, Any]:
        wait_until(app, lambda: window.books.findData(BOOK_ID) >= 0, timeout=600)
        window.books.setCurrentIndex(window.books.findData(BOOK_ID))
        app.processEvents()
        builder = window.builder
        assert builder.book is not None and builder.book.id == BOOK_ID
        figures: dict[str, Any] = {"load_ms": since(STARTED)}
        if edits is None:
            return figures
        from bench_usecases import edited

        request = read_quote_request(data / "request.toml")
        builder.show_request(request)
        settle(app, SETTLE_SECONDS)
        times = []
        for run in range(edits):
            after = edited(request, run)
            start = time.perf_counter()
            builder.show_request(after)
            app.processEvents()
            times.append(since(start))
            assert builder.draft is not None and not builder.draft.problems, builder.draft
        return {
            **figures,
            "median_ms": statistics.median(times),
            "max_ms": max(times),
            "lines": len(request.lines),
        }

    return {**drive_app(["--data", str(data)], step), "peak_mb": peak_mb()}


def child_first_preview(once_warm: bool) -> dict[str, Any]:
    """examples/backport-usd.toml opened as a dropped file as soon as the books are shown (or, with
    `once_warm`, once the preview's process waits warm for requests); its preview awaited."""

    def step(app: Any, window: Any) -> dict[str, Any]:
        preview, builder = window.preview, window.builder
        marks: dict[str, float] = {}

        def shown() -> None:
            if "preview" not in marks and preview.shown_pdf() is not None:
                marks["preview"] = since(STARTED)
                print(f"{PREVIEWED} {marks['preview']:.0f} ms", flush=True)

        def ready() -> bool:
            """Whether the preview's process has been seen idle, waiting for a request, before
            the quote was opened (after, it is idle once it has rendered: that is no warm-up)."""
            if "ready" not in marks and "opened" not in marks:
                pid = preview.process.pid
                if pid is not None and waits_for_request(pid):
                    marks["ready"] = since(STARTED)
            return "ready" in marks

        def progressed() -> bool:
            ready()
            if "opened" not in marks and builder.request is not None and builder.number:
                marks["opened"] = since(STARTED)  # shown: its preview is requested
            return "preview" in marks

        preview.shown.connect(shown)
        wait_until(app, lambda: window.books.findData("services-usd") >= 0)
        marks["books"] = since(STARTED)
        if once_warm:
            wait_until(app, ready)
        window.open_file(EXAMPLE)
        wait_until(app, progressed)
        request = builder.request
        assert request is not None and len(request.lines) == 3, "the example was not opened"
        assert preview.pdf_for(request) == preview.shown_pdf(), "another contract is shown"
        return dict(marks)

    return drive_app([], step)


def child_book_preview(data: Path, edits: int, profile: Path | None) -> dict[str, Any]:
    """The generated book's 20-line draft shown and previewed; then `edits` edits, each awaited
    until its preview is shown, with the UI thread's event loop stalls recorded all along."""
    from bench_books import BOOK_ID
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from quoter.books.request_file import read_quote_request

    def step(app: Any, window: Any) -> dict[str, Any]:
        wait_until(app, lambda: window.books.findData(BOOK_ID) >= 0, timeout=600)
        window.books.setCurrentIndex(window.books.findData(BOOK_ID))
        app.processEvents()
        builder, preview = window.builder, window.preview
        assert builder.book is not None and builder.book.id == BOOK_ID
        figures: dict[str, Any] = {"load_ms": since(STARTED), "peak_books_mb": peak_mb()}

        events: list[tuple[float, str]] = []
        """What happened on the UI thread when: to say what the longest stall came after."""
        shown_count = [0]

        def shown() -> None:
            shown_count[0] += 1
            events.append((time.perf_counter(), "a preview shown (PDF loaded)"))

        preview.shown.connect(shown)
        window.keeper.saved.connect(
            lambda _: events.append((time.perf_counter(), "an autosave stored"))
        )
        ticks: list[float] = []
        cpu: list[tuple[float, float]] = []
        """The UI thread's own time running on a core and waiting in the run queue for one, at
        each tick: what a gap was (the rest of it, the thread slept: its event loop's wait, or the
        interpreter lock another thread held)."""
        recording = [False]
        loop = QEventLoop()
        until: list[Callable[[], bool]] = [lambda: False]

        def tick() -> None:
            if recording[0]:
                ticks.append(time.perf_counter())
                cpu.append(scheduled())
            if until[0]():
                loop.quit()

        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(TICK_MS)
        ticker.timeout.connect(tick)
        ticker.start()

        def run_until(condition: Callable[[], bool], seconds: float) -> None:
            """The app's own event loop (no polling of ours), until `condition` or `seconds`."""
            deadline = time.monotonic() + seconds
            until[0] = lambda: condition() or time.monotonic() > deadline
            loop.exec()
            until[0] = lambda: False

        def previewed(request: Any, count: int) -> Callable[[], bool]:
            def on_screen() -> bool:
                pdf = preview.pdf_for(request)
                return shown_count[0] > count and pdf is not None and preview.shown_pdf() == pdf

            return on_screen

        request = read_quote_request(data / "request.toml")
        count = shown_count[0]
        builder.show_request(request)
        run_until(previewed(request, count), 120)
        if not previewed(request, count)():
            raise TimeoutError(f"the draft's first preview was not shown: {state(window)}")
        figures["peak_preview_mb"] = peak_mb()
        run_until(lambda: False, SETTLE_SECONDS)

        profiler = None
        if profile is not None:
            import cProfile

            profiler = cProfile.Profile()  # this thread's calls only: the UI thread's
            profiler.enable()
        latencies = []
        watcher = StallWatcher(ticks, recording, events)
        recording[0] = True
        after = request
        for run in range(edits):
            after = quantity_raised(after, run)
            count = shown_count[0]
            start = time.perf_counter()
            events.append((start, f"edit {run + 1} (show_request)"))
            builder.show_request(after)
            events.append((time.perf_counter(), f"edit {run + 1} shown (totals)"))
            run_until(previewed(after, count), 60)
            if not previewed(after, count)():
                raise TimeoutError(f"edit {run + 1}'s preview was not shown: {state(window)}")
            latencies.append(since(start))
            run_until(lambda: False, 0.1)  # the view paints the pages
        run_until(lambda: False, 1.2)  # the last edit's autosave
        recording[0] = False
        watcher.stop()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile))
        ticker.stop()

        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
        ordered = sorted(gaps)
        worst = max(range(len(gaps)), key=gaps.__getitem__)
        begun, ended = ticks[worst], ticks[worst + 1]
        before = [(t, what) for t, what in events if t <= ended]
        if before:
            t, what = before[-1]
            place = "during" if t >= begun else "after"
            after_text = f"{what} ({place} it; {(ended - t) * 1000:.0f} ms before its end)"
        else:
            after_text = "nothing recorded"
        ran, queued = (cpu[worst + 1][k] - cpu[worst][k] for k in (0, 1))
        after_text += (
            f"; in it the UI thread ran {ran:.0f} ms, waited for a core {queued:.0f} ms, "
            f"slept {ordered[-1] - ran - queued:.0f} ms"
        )
        where = watcher.stacks.get(begun)
        if where is not None:
            after_text += f", and was in {where}"
        busy = max(cpu[i + 1][0] - cpu[i][0] for i in range(len(gaps)))
        pid = preview.process.pid
        figures.update(
            max_gap_ms=ordered[-1],
            p99_gap_ms=ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
            over_target=sum(1 for g in gaps if g > TARGET_STALL_MS),
            ticks=len(gaps),
            longest_after=after_text,
            max_busy_ms=busy,
            edit_to_preview_ms=statistics.median(latencies),
            peak_end_mb=peak_mb(),
            worker_end_mb=peak_of(pid) if pid is not None else float("nan"),
        )
        return figures

    return drive_app(["--data", str(data)], step)


class StallWatcher:
    """While the UI thread's ticks are recorded: where its Python code was when a tick was over
    25 ms late (a watching thread looks every 5 ms: the UI thread's innermost frames, keyed by
    the tick before the gap), and each full (generation 2) garbage collection as an event."""

    LATE = 0.025

    def __init__(
        self, ticks: list[float], recording: list[bool], events: list[tuple[float, str]]
    ) -> None:
        import gc
        import threading

        self.ticks, self.recording, self.events = ticks, recording, events
        self.stacks: dict[float, str] = {}
        self._ui = threading.get_ident()
        self._collecting: float | None = None
        self._watching = True
        gc.callbacks.append(self._collected)
        self._thread = threading.Thread(target=self._watch, name="stall-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        import gc

        self._watching = False
        self._thread.join()
        gc.callbacks.remove(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] < 2 or not self.recording[0]:
            return
        if phase == "start":
            self._collecting = time.perf_counter()
        elif self._collecting is not None:
            took = since(self._collecting)
            self.events.append((self._collecting, f"a full garbage collection ({took:.0f} ms)"))
            self._collecting = None

    def _watch(self) -> None:
        while self._watching:
            time.sleep(0.005)
            if not self.ticks or not self.recording[0]:
                continue
            last = self.ticks[-1]
            if time.perf_counter() - last > self.LATE and last not in self.stacks:
                frame = sys._current_frames().get(self._ui)
                self.stacks[last] = _frames(frame)


def scheduled() -> tuple[float, float]:
    """This thread's milliseconds on a core and waiting in the run queue for one, so far (Linux's
    /proc/thread-self/schedstat; its CPU time alone, where that is not there)."""
    try:
        fields = Path("/proc/thread-self/schedstat").read_text().split()
        return int(fields[0]) / 1e6, int(fields[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return time.thread_time() * 1000, 0.0


def _frames(frame: Any, depth: int = 3) -> str:
    """The innermost `depth` frames of a stack, as file:line function, innermost first."""
    parts: list[str] = []
    while frame is not None and len(parts) < depth:
        code = frame.f_code
        parts.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return " < ".join(parts) if parts else "no Python frame"


def quantity_raised(request: Any, run: int) -> Any:
    """The request with one more of one line's quantity (the lines that have one, in turn): a new
    contract each time (bench_usecases.edited leaves a line without a quantity as it was, whose
    contract is the one already shown)."""
    from dataclasses import replace
    from decimal import Decimal

    lines = list(request.lines)
    counted = [i for i, line in enumerate(lines) if line.quantity is not None]
    if not counted:
        return replace(request, reference=f"PO-BENCH-{run}")
    index = counted[run % len(counted)]
    lines[index] = replace(lines[index], quantity=lines[index].quantity + Decimal(1))
    return replace(request, lines=tuple(lines))


def state(window: Any) -> str:
    """What the window says about its preview: for an error message."""
    preview = window.preview
    banner = window.banner.text.text() if window.banner.isVisible() else ""
    return (
        f"badge {preview.badge.text()!r} ({'shown' if preview.badge.isVisible() else 'hidden'}), "
        f"message {preview.message.text()!r}, banner {banner!r}, "
        f"process {preview.process.pid}, shown {len(preview.shown_pdf() or b'')} bytes"
    )


READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}
"""read(2)'s number in /proc/<pid>/syscall, by machine."""


def waits_for_request(pid: int) -> bool:
    """Whether process `pid` is blocked reading a socket: the preview's process waiting for a
    request on its connection (its spawn data come through a pipe, its files are no sockets)."""
    import platform

    number = READ_SYSCALL.get(platform.machine())
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
        if number is None or len(fields) < 2 or fields[0] != number:
            return False
        return os.readlink(f"/proc/{pid}/fd/{int(fields[1], 16)}").startswith("socket:")
    except (OSError, ValueError):
        return False


def peak_of(pid: int) -> float:
    """Process `pid`'s peak resident set (VmHWM, its own since its exec), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def wait_until(app: Any, condition: Callable[[], bool], timeout: float = 60) -> None:
    """Run the event loop until `condition` holds: a short sleep between turns, so the worker
    reading the books has the interpreter (a busy loop would contend for its lock)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def settle(app: Any, seconds: float) -> None:
    """Run the event loop for `seconds`: what starts after the books are read (the preview's
    process importing WeasyPrint, a first render, an autosave) is over before edits are timed,
    as it is when a user starts typing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def peak_mb() -> float:
    """This process's peak resident set: ru_maxrss is in KiB on Linux. (Not its children's: a
    child started by fork and exec inherits its parent's peak on Linux, so theirs says nothing.)"""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


# -- main ------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    from bench_books import write_files

    with tempfile.TemporaryDirectory(prefix="quoter-bench-") as folder:
        root = Path(folder)
        envs = environments(root)
        data = root / "generated"
        data.mkdir()
        write_files(data, args.services, args.lines)
        setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
        print(
            f"offscreen; {args.runs} runs a figure (median, after a warm-up run); "
            f"generated book: {args.services:,} services; Python {sys.version.split()[0]}; "
            f"{os.cpu_count()} cores\n'as is': the environment as it is"
            + (f" (PYTHONDONTWRITEBYTECODE={setting})" if setting else "")
            + "; 'bytecode cached': as an installed wheel starts\n"
        )
        print(f"{'measure':<54} {'figure':>15}  {'limit':<10} verdict")
        print(f"{'-' * 54} {'-' * 15}  {'-' * 10} -------")
        book_env = list(envs.values())[-1]
        measures: tuple[tuple[str, Callable[[], list[Row]]], ...] = (
            ("first paint", lambda: measure_first_paint(envs, args.runs)),
            ("usable", lambda: measure_usable(envs, args.runs)),
            ("first preview", lambda: measure_first_preview(envs, args.runs)),
            (
                "totals and memory",
                lambda: measure_book(book_env, data, args.edits, args.services),
            ),
            (
                "previews on the generated book",
                lambda: measure_book_preview(
                    book_env, data, args.preview_edits, args.preview_runs, args.services
                ),
            ),
        )
        for name, measure in measures:
            try:
                print_rows(measure())
            except Exception:  # one measure's failure is reported; the others still run
                traceback.print_exc()
                print_rows([Row(f"{name}: stopped early (see the error above)", "-", "", "FAIL")])
            sys.stdout.flush()


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=_positive, default=5, help="starts per figure")
    parser.add_argument("--services", type=_positive, default=10_000, help="services in the book")
    parser.add_argument("--lines", type=_positive, default=20, help="lines in the draft")
    parser.add_argument("--edits", type=_positive, default=50, help="edits timed")
    parser.add_argument(
        "--preview-edits", type=_positive, default=10, help="edits previewed while stalls are timed"
    )
    parser.add_argument(
        "--preview-runs",
        type=_positive,
        default=2,
        help="runs from the book cache of the previews on the generated book (after one cold)",
    )
    parser.add_argument(
        "--child",
        choices=("usable", "memory", "totals", "first-preview", "warm-preview", "preview"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--data-folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:  # a measured process: its figures, or its failure, and no more
        if args.child == "usable":
            figures = child_usable()
        elif args.child in ("first-preview", "warm-preview"):
            figures = child_first_preview(once_warm=args.child == "warm-preview")
        elif args.child == "preview":
            figures = child_book_preview(args.data_folder, args.preview_edits, args.profile)
        else:
            edits = args.edits if args.child == "totals" else None
            figures = child_book(args.data_folder, edits)
        print(RESULT + json.dumps(figures), flush=True)
        return 0
    try:
        run(args)
    except BrokenPipeError:  # the reader (e.g. `head`) has gone: nothing left to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("\nThe benchmark stopped early (see above).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
