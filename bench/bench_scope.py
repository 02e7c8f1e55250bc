"""Benchmark: the scope of support. How long a support engineer waits for a verdict, and how long
publishing the Scope of Support takes.

1. `triage_file` on each bundled example (examples/triage/*.toml), in this process, warm: reading
   the facts, the policy and (for out-of-scope requests) the price book in force, the rules, the
   explanation and pricing the proposal, each call on a fresh library (as a CLI command reads the
   data folders). Median per example over `--repeat` rounds, and the slowest example's median.
   The same again on one shared context, whose library has read the policy, the books and the
   wording once (as the desktop app's session does). No target was set; a verdict should feel
   instant (< 100 ms).
2. The pure rules alone (`triage` on already-read facts and policy), median of many calls.
3. Publishing: the Scope of Support's document model, its PDF and its DOCX, warm (medians).

Prints medians only; it decides nothing. Run: .venv/bin/python bench/bench_scope.py
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from quoter.books.facts_file import read_facts
from quoter.data.library import wording_for
from quoter.documents.scope import build_scope_document
from quoter.domain.triage import triage
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.contracts import render_docx_bytes, render_pdf_bytes
from quoter.usecases.settings import Settings
from quoter.usecases.triage import triage_file

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 24)
"""The day the bundled examples' documented verdicts are stated for: the clock's day (noon UTC)."""


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    noon = datetime(DAY.year, DAY.month, DAY.day, 12, tzinfo=UTC)
    context = build_context(Settings(), lambda: noon)
    examples = sorted((ROOT / "examples" / "triage").glob("*.toml"))

    def per_example(fresh: Callable[[], AppContext]) -> dict[str, float]:
        def call(path: Path) -> Callable[[], object]:
            return lambda: triage_file(fresh(), path)

        return {path.stem: median_ms(call(path), args.repeat) for path in examples}

    for shown, fresh in (
        ("a fresh library each call", context.reloaded),
        ("one shared context", lambda: context),
    ):
        medians = per_example(fresh)
        slowest = max(medians, key=medians.__getitem__)
        print(
            f"triage_file, {len(examples)} examples, {shown}: median of medians "
            f"{statistics.median(medians.values()):.1f} ms, slowest {slowest} "
            f"{medians[slowest]:.1f} ms"
        )

    library = context.library
    facts, policy = read_facts(examples[0], lambda _: library.policy_in_force("orca-os", DAY))
    rules = median_ms(lambda: triage(policy, facts, DAY), args.repeat * 100)
    print(f"triage (the pure rules) on {examples[0].stem}: {rules * 1000:.0f} µs")

    kit = library.kit()
    wording = wording_for(library.scope_wording(), "en")
    book = library.book_in_force(policy.book, DAY)

    def document() -> object:
        return build_scope_document(policy, book, kit.vendor, wording, "en", DAY, logo=kit.logo())

    model = build_scope_document(policy, book, kit.vendor, wording, "en", DAY, logo=kit.logo())
    print(f"Scope of Support document model: {median_ms(document, args.repeat):.1f} ms")
    print(f"Scope of Support PDF: {median_ms(lambda: render_pdf_bytes(model, kit), 5):.0f} ms")
    print(f"Scope of Support DOCX: {median_ms(lambda: render_docx_bytes(model, kit), 5):.1f} ms")


if __name__ == "__main__":
    main()
