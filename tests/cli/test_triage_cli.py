"""`quoter triage`, `quoter quotes new --from-triage` and `quoter policy` as a support engineer
and a support manager type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quoter.cli import main
from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import REPO, made_register

EXAMPLES = REPO / "examples" / "triage"
DAY = "2026-11-24"


@pytest.fixture(autouse=True)
def _fresh_register(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUOTER_DB", made_register(f"sqlite:///{tmp_path / 'register.sqlite3'}"))
    monkeypatch.setenv("QUOTER_USER", "sam.support")


def test_triage_prints_verdict_clauses_explanation_and_priced_proposal(run: Run) -> None:  # noqa: F811
    status, out, err = run("triage", EXAMPLES / "backport-fix.toml", "--date", DAY)
    assert status == 0, err
    assert "Verdict: OUT OF SCOPE" in out
    assert "orca-os-support 2026.1 (sha256:" in out
    assert "  REL-4  A release that has reached its end of life is not supported." in out
    assert "  SVC-1  Backporting a published fix" in out
    assert "Your request is outside the scope of standard support." in out
    assert "BP-FIX" in out and "$6,650.00" in out
    assert "$2,600.00 + 3 × $1,350.00" in out
    assert "quoter quotes new --from-triage" in out


def test_triage_of_an_in_scope_request_proposes_nothing(run: Run) -> None:  # noqa: F811
    status, out, _ = run("triage", EXAMPLES / "howto-supported.toml", "--date", DAY)
    assert status == 0
    assert "Verdict: IN SCOPE" in out
    assert "Proposed services" not in out


def test_triage_json(run: Run) -> None:  # noqa: F811
    status, out, _ = run(
        "triage", EXAMPLES / "defect-modified-source.toml", "--json", "--date", DAY
    )
    assert status == 0
    data = json.loads(out)
    assert data["kind"] == "quoter.triage"
    assert data["verdict"] == "borderline"
    assert [clause["id"] for clause in data["clauses"]] == ["MOD-1"]
    assert "proposal" not in data


def test_triage_in_german(run: Run) -> None:  # noqa: F811
    status, out, _ = run("triage", EXAMPLES / "howto-supported.toml", "--lang", "de", "--date", DAY)
    assert status == 0
    assert "Explanation (de):" in out  # the labels stay English, the customer's words German
    assert "Ihre Anfrage ist durch den Standard-Support abgedeckt" in out
    assert "(Klausel SUP-2)" in out


def test_quote_then_price_then_contract_take_the_written_request(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    request = tmp_path / "request.toml"
    status, out, err = run("triage", EXAMPLES / "backport-fix.toml", "--quote", request)
    assert status == 0, err
    assert out.strip() == f"{request}: quote request written (services-usd: BP-FIX)"
    status, out, err = run("quote", "price", request)
    assert status == 0, err
    assert "$6,650.00" in out and "Cascade Motion Controls, Inc." in out
    status, out, err = run("contract", request, "--docx", tmp_path / "sow.docx")
    assert status == 0, err
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "sow.docx")).paragraphs)
    assert "scope-of-support policy orca-os-support, version 2026.1" in text


def test_no_quote_for_an_in_scope_request(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, _out, err = run(
        "triage", EXAMPLES / "howto-supported.toml", "--quote", tmp_path / "r.toml"
    )
    assert status == 1
    assert "there is no service to quote" in err and "Traceback" not in err
    assert not (tmp_path / "r.toml").exists()


def test_a_draft_from_a_triage_keeps_why_it_was_billable(run: Run) -> None:  # noqa: F811
    status, out, err = run("quotes", "new", "--from-triage", EXAMPLES / "backport-fix.toml")
    assert status == 0, err
    number = out.split(":")[0]
    assert "draft created (services-usd 2026.1, USD 6650.00)" in out
    assert "out of scope on " in out and "under orca-os-support 2026.1" in out
    status, out, _ = run("quotes", "show", number)
    assert "Triage:      out of scope on" in out
    assert "clauses REL-4, SVC-1" in out
    assert "Facts:       Backport fix ORCA-1234" in out
    assert "  REL-4: A release that has reached its end of life" in out
    assert "Explanation: Your request is outside the scope of standard support." in out
    status, out, _ = run("quotes", "export", number)
    data = json.loads(out)
    assert data["triage"]["facts"]["ask"]["fix"] == "ORCA-1234"
    assert data["triage"]["policy"]["id"] == "orca-os-support"
    assert data["priced_quote"]["request"]["triage"]["policy_version"] == "2026.1"
    status, out, _ = run("quotes", "history", number)
    assert "out_of_scope under orca-os-support 2026.1" in out


def test_a_revision_keeps_the_triage(run: Run) -> None:  # noqa: F811
    _, out, _ = run("quotes", "new", "--from-triage", EXAMPLES / "onsite-installation.toml")
    number = out.split(":")[0]
    run("quotes", "issue", number)
    _, out, _ = run("quotes", "revise", number)
    revision = out.split(":")[0]
    status, out, _ = run("quotes", "show", revision)
    assert status == 0 and "Triage:      out of scope" in out and "SVC-7" in out


def test_no_draft_from_a_request_that_support_covers(run: Run) -> None:  # noqa: F811
    status, out, err = run("quotes", "new", "--from-triage", EXAMPLES / "integration-howto.toml")
    assert status == 1
    assert "finds this request in scope" in err
    status, out, _ = run("quotes", "list")
    assert out.strip() == "no quotes match"  # a fresh register: nothing was drafted


def test_quotes_new_wants_a_file_or_a_triage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["quotes", "new"])
    assert exit_.value.code == 2
    assert "one of the arguments FILE --from-triage is required" in capsys.readouterr().err


def test_a_broken_facts_file_is_located_and_nothing_crashes(run: Run, tmp_path: Path) -> None:  # noqa: F811
    facts = tmp_path / "facts.toml"
    text = (EXAMPLES / "backport-fix.toml").read_text(encoding="utf-8")
    facts.write_text(text.replace('fixed_in = "4.2"', 'fixed_in = "9.9"'), encoding="utf-8")
    status, _out, err = run("triage", facts, "--date", DAY)
    assert status == 1
    assert f"{facts}:18: ask.fixed_in: '9.9' is not a release of Orca OS" in err
    assert "Traceback" not in err


def test_policy_validate_prints_each_policy_with_its_digest(run: Run) -> None:  # noqa: F811
    status, out, err = run("policy", "validate")
    assert status == 0, err
    assert (
        "ok: orca-os-support 2026.1, Orca OS, 29 clauses, en, de, from 2026-01-01, sha256:" in out
    )


def test_policy_validate_checks_the_services_it_proposes_against_the_book(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    text = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
    broken = tmp_path / "policy.toml"
    broken.write_text(
        text.replace('service = "OS-DAY"', 'service = "OS-WEEK"').replace(
            "full_support = 2", "full_support = 0"
        ),
        encoding="utf-8",
    )
    status, _, err = run("policy", "validate", broken)
    assert status == 1
    assert "release_window.full_support: 0 is out of range" in err
    broken.write_text(text.replace('service = "OS-DAY"', 'service = "OS-WEEK"'), encoding="utf-8")
    status, _out, err = run("policy", "validate", broken)
    assert status == 1
    assert "toml:423: requests[12].service: services-usd 2026.1 has no service 'OS-WEEK'" in err


def test_policy_publish_writes_pdf_and_docx(run: Run, tmp_path: Path) -> None:  # noqa: F811
    pdf, docx = tmp_path / "sos.pdf", tmp_path / "sos.docx"
    status, out, err = run(
        "policy", "publish", "--pdf", pdf, "--docx", docx, "--lang", "de", "--date", DAY
    )
    assert status == 0, err
    assert f"{pdf}: written (orca-os-support 2026.1, de, services from services-usd 2026.1)" in out
    assert pdf.read_bytes().startswith(b"%PDF") and docx.stat().st_size > 0


def test_policy_publish_needs_an_output(run: Run) -> None:  # noqa: F811
    status, _, err = run("policy", "publish")
    assert status == 2 and "--pdf FILE and/or --docx FILE" in err  # a usage error


def test_an_edit_without_the_triage_table_takes_the_triage_away(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    _, out, _ = run("quotes", "new", "--from-triage", EXAMPLES / "backport-fix.toml")
    number = out.split(":")[0]
    request = tmp_path / "request.toml"
    run("triage", EXAMPLES / "backport-fix.toml", "--quote", request)
    status, _, err = run("quotes", "edit", number, request)  # still the triage's request
    assert status == 0, err
    assert "Triage:      out of scope" in run("quotes", "show", number)[1]
    status, _, err = run("quotes", "edit", number, REPO / "examples" / "backport-usd.toml")
    assert status == 0, err
    assert "Triage:" not in run("quotes", "show", number)[1]
    history = run("quotes", "history", number)[1]
    assert "removed: the new request does not come from the triage" in history


def test_a_proposal_that_cannot_be_priced_still_gives_the_verdict(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    facts = tmp_path / "facts.toml"
    text = (EXAMPLES / "driver-port-new-board.toml").read_text(encoding="utf-8")
    facts.write_text(text.replace('tier = "M"', 'tier = "XL"'), encoding="utf-8")
    status, out, err = run("triage", facts, "--date", DAY)
    assert status == 1
    assert "Verdict: AUSSERHALB DES SUPPORTUMFANGS" in out
    assert "Proposed services: DP-PORT, which cannot be priced (see below)" in out
    assert f"{facts}:20: ask.tier: line 1 (DP-PORT): parameter 'tier' cannot be 'XL'" in err


def test_service_codes_in_the_explanation_are_never_split(run: Run) -> None:  # noqa: F811
    status, out, _ = run("triage", EXAMPLES / "integration-build.toml", "--date", DAY)
    assert status == 0
    explanation = out.split("Explanation (en):")[1].split("\n\n")[0]
    assert "(CU-PKG-M)" in explanation


def test_an_edit_with_another_triages_request_drops_this_triage(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    _, out, _ = run("quotes", "new", "--from-triage", EXAMPLES / "onsite-installation.toml")
    number = out.split(":")[0]
    other = tmp_path / "other.toml"
    run("triage", EXAMPLES / "backport-fix.toml", "--quote", other)
    status, _, err = run("quotes", "edit", number, other)
    assert status == 0, err
    shown = run("quotes", "show", number)[1]
    assert "BP-FIX" in shown and "Triage:" not in shown  # never the on-site triage under BP-FIX
    # nor does its contract say the work follows an assessment
    assert "triage" not in json.loads(run("quotes", "export", number)[1])["priced_quote"]["request"]


def test_a_closed_pipe_keeps_the_status_and_the_problems(tmp_path: Path) -> None:
    import subprocess
    import sys

    facts = tmp_path / "facts.toml"
    text = (EXAMPLES / "driver-port-new-board.toml").read_text(encoding="utf-8")
    facts.write_text(text.replace('tier = "M"', 'tier = "XL"'), encoding="utf-8")
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait()  # the reading end is closed before quoter writes a line
    assert reader.stdin is not None
    result = subprocess.run(
        [sys.executable, "-m", "quoter", "triage", str(facts), "--date", DAY],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    reader.stdin.close()
    assert result.returncode == 1
    assert "ask.tier: line 1 (DP-PORT): parameter 'tier' cannot be 'XL'" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_the_quote_hint_repeats_the_options_a_quote_may_take(run: Run) -> None:  # noqa: F811
    facts = EXAMPLES / "backport-fix.toml"
    _, out, _ = run("--data", REPO, "triage", facts, "--lang", "de")
    assert f"Quote it: quoter --data {REPO} triage {facts} --lang de --quote request.toml" in out
    assert "--from-triage" not in out  # the register triages in the facts' language
    _, out, _ = run("triage", facts, "--date", "2026-11-01")
    assert "A preview (another day, or a policy not in force): not to be quoted" in out
    assert "Quote it" not in out


def test_a_quote_only_from_todays_triage(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, _, err = run(
        "triage",
        EXAMPLES / "backport-fix.toml",
        "--date",
        "2026-11-01",
        "--quote",
        tmp_path / "r.toml",
    )
    assert status == 1 and "this triage is a preview (as on 2026-11-01" in err
    assert not (tmp_path / "r.toml").exists()


def test_facts_that_do_not_fit_the_policy_are_located(run: Run, tmp_path: Path) -> None:  # noqa: F811
    facts = tmp_path / "facts.toml"
    text = (EXAMPLES / "howto-supported.toml").read_text(encoding="utf-8")
    facts.write_text(text.replace('ticket = "SUP-30412"', 'ticket = "SUP-30412"\nlanguage = "fr"'))
    status, _, err = run("triage", facts, "--date", DAY)
    assert status == 1
    assert f"{facts}:9: language: the policy orca-os-support 2026.1 has no texts in 'fr'" in err
    backport = (EXAMPLES / "backport-fix.toml").read_text(encoding="utf-8")
    facts.write_text(backport.replace('fixed_in = "4.2"', 'fixed_in = "5.0"'), encoding="utf-8")
    status, _, err = run("triage", facts, "--date", "2026-09-01")
    assert status == 1
    assert f"{facts}:18: ask.fixed_in: the fix is said to be in 5.0, which is not published" in err


def test_a_named_policy_not_yet_in_force_says_so(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, _, err = run(
        "policy", "publish", "orca-os-support", "--pdf", tmp_path / "x.pdf", "--date", "2025-06-01"
    )
    assert status == 1
    assert "no scope-of-support policy for 'orca-os' is in force on 2025-06-01" in err
