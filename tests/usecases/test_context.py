"""The application context and what the app builds on it: settings saved and read back, the
actions a quote allows, and long operations that report progress and can be cancelled."""

from __future__ import annotations

import io
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from quoter.books.request_file import read_quote_request
from quoter.domain.problems import PolicyError, SettingsError
from quoter.domain.register import QuoteAction, RegisterError, Status
from quoter.usecases.context import build_context
from quoter.usecases.policy import find_policy, publish_policy_files
from quoter.usecases.progress import Cancelled
from quoter.usecases.register import (
    QuoteFilter,
    issue_quote,
    list_quotes,
    new_draft,
    new_draft_from_triage,
    quote_contract_files,
    show_quote,
)
from quoter.usecases.settings import Settings, load_settings, save_settings
from quoter.usecases.triage import read_facts_file, triage_facts
from tests.conftest import DATA, REPO, TEST_DAY, context_for

REQUEST = read_quote_request(DATA / "request.toml")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def registered(tmp_path: Path) -> Settings:
    return Settings(
        data_dirs=(DATA / "books",), database=f"sqlite:///{tmp_path / 'register.sqlite3'}"
    )


def test_settings_are_saved_and_read_back_keeping_the_others(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    save_settings({"quote_prefix": "BER", "time_zone": "Europe/Berlin"}, config)
    save_settings({"user_name": "Anna Berg", "time_zone": None}, config)
    settings = load_settings(config_file=str(config), environ={})
    assert (settings.quote_prefix, settings.user_name, settings.time_zone) == (
        "BER",
        "Anna Berg",
        None,
    )


def test_a_bad_setting_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save_settings({"quote_prefix": "BER"}, config)
    before = config.read_bytes()
    with pytest.raises(SettingsError, match="quote_prefix: 'ber!' is not valid"):
        save_settings({"quote_prefix": "ber!"}, config)
    with pytest.raises(SettingsError, match="'Mars/Olympus' is not a time zone"):
        save_settings({"time_zone": "Mars/Olympus"}, config)
    assert config.read_bytes() == before


def test_the_context_uses_the_settings_zone_and_actor() -> None:
    settings = Settings(time_zone="Europe/Berlin", user_name="Anna Berg")
    context = build_context(settings, lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert context.today().isoformat() == "2027-01-01"
    assert context.actor == "Anna Berg"


def test_each_status_allows_its_actions(registered: Settings) -> None:
    context = context_for(registered)
    draft = new_draft(context, REQUEST)
    assert draft.status is Status.DRAFT
    assert draft.actions == {QuoteAction.EDIT, QuoteAction.ISSUE, QuoteAction.DELETE}
    issued = issue_quote(context, draft.number)
    assert issued.actions == {
        QuoteAction.ACCEPT,
        QuoteAction.DECLINE,
        QuoteAction.REVISE,
        QuoteAction.EXPORT,
    }
    (row,) = list_quotes(context).rows
    assert row.number == draft.number and row.actions == issued.actions


def test_issuing_reports_its_steps_and_a_cancel_stores_nothing(registered: Settings) -> None:
    context = context_for(registered)
    number = new_draft(context, REQUEST).number
    cancel = threading.Event()
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, what: str) -> None:
        seen.append((done, total, what))
        if what == "priced":
            cancel.set()  # the user presses Cancel while the contract renders

    with pytest.raises(Cancelled):
        issue_quote(context, number, progress=progress, cancel=cancel)
    assert seen == [(1, 3, "priced")]
    assert show_quote(context, number).status is Status.DRAFT  # nothing stored
    late = threading.Event()

    def rendered(done: int, total: int, what: str) -> None:
        if what == "documents rendered":
            late.set()  # Cancel pressed after the documents, before they are stored

    with pytest.raises(Cancelled):
        issue_quote(context, number, progress=rendered, cancel=late)
    assert show_quote(context, number).status is Status.DRAFT
    steps: list[str] = []
    too_late = threading.Event()

    def stored(done: int, total: int, what: str) -> None:
        steps.append(what)
        if what == "issued":
            too_late.set()  # Cancel pressed while the issue was being stored: it is issued

    issued = issue_quote(context, number, progress=stored, cancel=too_late)
    assert steps == ["priced", "documents rendered", "issued"]
    assert issued.status is Status.ISSUED
    assert show_quote(context, number).status is Status.ISSUED


def test_publishing_can_be_cancelled_between_documents() -> None:
    context = context_for()
    policy = find_policy(None, context.library, context.today())
    cancel = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        if what == "PDF":
            cancel.set()

    with pytest.raises(Cancelled):
        publish_policy_files(context, policy, progress=progress, cancel=cancel)
    scope = publish_policy_files(context, policy, docx=False)
    assert scope.pdf is not None and scope.pdf.startswith(b"%PDF") and scope.docx is None


def test_a_registered_quotes_contract_is_a_preview_until_issued_then_as_issued(
    registered: Settings,
) -> None:
    context = context_for(registered)
    number = new_draft(context, REQUEST).number
    preview = quote_contract_files(context, number, docx=False)
    assert preview.pdf is not None and preview.docx is None
    assert "Unregistered draft" in pdf_text(preview.pdf) and number not in pdf_text(preview.pdf)
    issue_quote(context, number)
    issued = quote_contract_files(context, number)
    assert issued.pdf is not None and number in pdf_text(issued.pdf)
    later = context_for(registered, date(2026, 12, 20))  # the same bytes whatever day it is read
    assert quote_contract_files(later, number).pdf == issued.pdf


def test_a_draft_from_a_triage_object_keeps_why_it_is_billable(tmp_path: Path) -> None:
    settings = Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}")
    context = context_for(settings, TEST_DAY)
    facts, _ = read_facts_file(context, REPO / "examples" / "triage" / "backport-fix.toml")
    result = triage_facts(context, facts)
    quote = new_draft_from_triage(context, result)
    assert [line.service for line in quote.request.lines] == ["BP-FIX"]
    assert quote.triage is not None and quote.triage["verdict"] == "out_of_scope"
    preview = triage_facts(context, facts, day=date(2026, 11, 1))  # another day: a preview
    with pytest.raises(PolicyError, match="this triage is a preview"):
        new_draft_from_triage(context, preview)


def test_since_is_the_vendors_day_not_utcs(tmp_path: Path) -> None:
    settings = Settings(
        data_dirs=(DATA / "books",),
        database=f"sqlite:///{tmp_path / 'register.sqlite3'}",
        time_zone="Europe/Berlin",
    )
    # 23:30 UTC on 24 November is 00:30 on 25 November in Berlin
    context = context_for(settings, now=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    number = new_draft(context, REQUEST).number
    found = list_quotes(context, QuoteFilter(since=date(2026, 11, 25))).rows
    assert [row.number for row in found] == [number]
    assert list_quotes(context, QuoteFilter(since=date(2026, 11, 26))).rows == ()


def test_a_triage_kept_past_midnight_no_longer_becomes_a_quote(tmp_path: Path) -> None:
    settings = Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}")
    on_the_day = context_for(settings, TEST_DAY)
    facts, _ = read_facts_file(on_the_day, REPO / "examples" / "triage" / "backport-fix.toml")
    result = triage_facts(on_the_day, facts)
    assert result.quotable
    next_day = context_for(settings, date(2026, 11, 25))
    with pytest.raises(PolicyError, match="this triage is a preview"):
        new_draft_from_triage(next_day, result)


def test_a_closed_context_opens_no_register_again(registered: Settings) -> None:
    context = context_for(registered)
    child = context.reloaded()
    new_draft(child, REQUEST)
    child.close()  # the session's register is the first context's
    assert list_quotes(context).rows
    context.close()
    with pytest.raises(RegisterError, match="the register was closed"):
        list_quotes(context)
