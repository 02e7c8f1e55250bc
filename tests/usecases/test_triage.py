"""Triage of the bundled examples: every verdict with its deciding clauses, the explanation a
support engineer pastes, and the proposal priced exactly as the pricing engine prices it."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.books.request_file import read_quote_request
from quoter.domain.problems import PolicyError
from quoter.domain.triage import Verdict
from quoter.usecases.price_quote import price_quote_file
from quoter.usecases.settings import Settings
from quoter.usecases.triage import (
    quote_request_from_file,
    triage_file,
    triage_to_data,
    write_quote_request,
)
from tests.conftest import REPO, context_for

EXAMPLES = REPO / "examples" / "triage"
DAY = date(2026, 11, 24)
IN, BORDER, OUT = Verdict.IN_SCOPE, Verdict.BORDERLINE, Verdict.OUT_OF_SCOPE

EXPECTED: dict[str, tuple[Verdict, list[str], str | None, str | None]] = {
    # example: verdict, deciding clauses, proposed service, its line total
    "howto-supported": (IN, ["REL-1", "ENV-1", "ENV-5", "SUP-2"], None, None),
    "defect-supported": (IN, ["REL-1", "ENV-3", "ENV-5", "SUP-5"], None, None),
    "defect-end-of-life": (OUT, ["REL-1", "REL-4"], "RE-DAY", "2560.00"),
    "defect-maintenance-critical": (IN, ["REL-1", "REL-3", "ENV-5", "SUP-5"], None, None),
    "defect-maintenance-minor": (BORDER, ["REL-3"], None, None),
    "backport-fix": (OUT, ["REL-4", "SVC-1"], "BP-FIX", "6650.00"),
    "driver-port-new-board": (OUT, ["SVC-4"], "DP-PORT", "20500.00"),
    "howto-uncertified-board": (BORDER, ["ENV-6"], None, None),
    "defect-modified-source": (BORDER, ["MOD-1"], None, None),
    "defect-modified-only": (OUT, ["MOD-1"], "RE-DAY", "1280.00"),
    "integration-howto": (IN, ["REL-1", "ENV-5", "ENV-7", "TP-1", "SUP-2"], None, None),
    "integration-build": (OUT, ["SVC-3"], "CU-PKG-M", "18900.00"),
    "preview-feature": (OUT, ["PRE-1"], "RE-DAY", "1280.00"),
    "onsite-installation": (OUT, ["SVC-7"], "OS-DAY", "5000.00"),
    "defect-third-party": (OUT, ["TP-2"], "RE-DAY", None),
    "howto-lts-maintenance": (
        IN,
        ["REL-2", "REL-3", "ENV-1", "ENV-3", "ENV-5", "SUP-2"],
        None,
        None,
    ),
}


def test_every_bundled_example_has_an_expected_verdict() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.toml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_gets_its_verdict_clauses_and_priced_proposal(name: str) -> None:
    verdict, clause_ids, service, total = EXPECTED[name]
    result = triage_file(context_for(Settings(), DAY), EXAMPLES / f"{name}.toml")
    assert result.verdict.verdict is verdict
    assert [clause_id for clause_id, _ in result.clauses] == clause_ids
    policy = result.policy
    for clause_id, words in result.clauses:  # quoted in the policy's own words
        clause = next(c for c in policy.clauses() if c.id == clause_id)
        if clause_id == "REL-2":  # the dated release's clause, with its dates filled in
            assert "until October 31, 2027" in words and "{" not in words
        else:
            assert words == " ".join(clause.text[result.language].split())
    for clause_id in clause_ids:
        assert f"{clause_id})" in result.explanation  # "(clause REL-4)" / "(Klausel SVC-4)"
    proposal = [line.line.service for line in result.verdict.proposal]
    if service is None:
        assert proposal == []
        assert result.priced is None
    else:
        assert proposal == [service]
        if total is None:
            assert result.priced is None
            assert result.verdict.missing == ("days",)
        else:
            assert result.priced is not None
            assert result.priced.lines[0].total.amount == Decimal(total)


def test_the_explanation_reads_as_a_paragraph_for_the_customer() -> None:
    result = triage_file(context_for(Settings(), DAY), EXAMPLES / "backport-fix.toml")
    assert result.explanation == (
        "Your request is outside the scope of standard support. Orca OS 3.8 has reached its end "
        "of life and receives no more corrections (clause REL-4). A backport is a professional "
        "service, not support (clause SVC-1). We can do this work for you as a standard "
        "professional service at the fixed price of our price list: Backport of a single fix "
        "(BP-FIX), $6,650.00. Nothing is charged until you have signed the statement of work."
    )


def test_borderline_explanations_say_what_happens_next() -> None:
    modified = triage_file(context_for(Settings(), DAY), EXAMPLES / "defect-modified-source.toml")
    minor = triage_file(context_for(Settings(), DAY), EXAMPLES / "defect-maintenance-minor.toml")
    assert "please reproduce it on an unmodified build of Orca OS 5.0" in modified.explanation
    assert "Orca OS 4.2 is in maintenance" in minor.explanation
    assert "If it is critical after all" in minor.explanation


def test_a_german_request_is_explained_in_german_with_euro_prices() -> None:
    result = triage_file(context_for(Settings(), DAY), EXAMPLES / "driver-port-new-board.toml")
    assert result.language == "de"
    assert result.explanation.startswith("Ihre Anfrage")
    assert "(Klausel SVC-4)" in result.explanation
    assert "(DP-PORT), 20.500,00\xa0€, zuzüglich Umsatzsteuer von 19\xa0%." in result.explanation
    english = triage_file(
        context_for(Settings(), DAY), EXAMPLES / "driver-port-new-board.toml", language="en"
    )
    assert "(clause SVC-4)" in english.explanation


def test_the_backport_steps_back_as_many_releases_as_the_product_list_says() -> None:
    result = triage_file(context_for(Settings(), DAY), EXAMPLES / "backport-fix.toml")
    assert result.priced is not None
    line = result.priced.lines[0]
    assert line.units == 3  # 4.2 -> 4.1 -> 4.0 LTS -> 3.8
    assert [(p.name, p.value) for p in line.parameters][:3] == [
        ("fix_id", "ORCA-1234"),
        ("source_release", "4.2"),
        ("target_release", "3.8"),
    ]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_the_written_quote_request_prices_as_the_triage_did(tmp_path: Path, suffix: str) -> None:
    facts = EXAMPLES / "onsite-installation.toml"
    result = triage_file(context_for(Settings(), DAY), facts)
    target = tmp_path / f"request{suffix}"
    write_quote_request(result, facts, target)
    request = read_quote_request(target)
    assert request.triage is not None
    assert (request.triage.policy_id, request.triage.policy_digest) == (
        result.policy.id,
        result.policy.ref.digest,
    )
    assert request.reference == "SUP-30475"
    assert request.customer.legal_name == "Cascade Motion Controls, Inc."
    priced = price_quote_file(context_for(Settings(), DAY), target)
    assert result.priced is not None
    assert [(line.service_code, line.quantity, line.total) for line in priced.lines] == [
        (line.service_code, line.quantity, line.total) for line in result.priced.lines
    ]
    assert priced.total == result.priced.total


def test_the_toml_request_is_plain_toml_with_a_header_saying_where_it_came_from(
    tmp_path: Path,
) -> None:
    facts = EXAMPLES / "backport-fix.toml"
    target = tmp_path / "request.toml"
    write_quote_request(triage_file(context_for(Settings(), DAY), facts), facts, target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Written by quoter triage from backport-fix.toml on 2026-11-24")
    data = tomllib.loads(text)
    assert data["lines"] == [
        {
            "service": "BP-FIX",
            "parameters": {
                "fix_id": "ORCA-1234",
                "source_release": "4.2",
                "target_release": "3.8",
                "customer_ticket": "CMC-SR-20931",
            },
        }
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("howto-supported", "finds this request in scope (clauses REL-1, ENV-1, ENV-5, SUP-2)"),
        ("defect-maintenance-minor", "finds this request borderline (clauses REL-3)"),
        ("defect-third-party", "needs facts the request does not give: days"),
        ("defect-modified-source", "borderline"),
    ],
)
def test_no_quote_request_when_there_is_nothing_to_quote(
    tmp_path: Path, name: str, message: str
) -> None:
    facts = EXAMPLES / f"{name}.toml"
    result = triage_file(context_for(Settings(), DAY), facts)
    with pytest.raises(PolicyError, match=re.escape(message)):
        write_quote_request(result, facts, tmp_path / "request.toml")
    assert not (tmp_path / "request.toml").exists()


def test_a_quote_request_needs_the_customer(tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    text = (EXAMPLES / "onsite-installation.toml").read_text(encoding="utf-8")
    facts.write_text(text.split("[customer]")[0], encoding="utf-8")
    result = triage_file(context_for(Settings(), DAY), facts)
    assert result.priced is not None  # the price is known without a customer
    with pytest.raises(
        PolicyError,
        match=re.escape(
            "needs the customer: their legal name, address and signatory "
            "(in a facts file, a [customer] table as in a quote request)"
        ),
    ):
        quote_request_from_file(result, facts)


def test_the_json_triage_carries_verdict_clauses_findings_facts_and_prices() -> None:
    data = triage_to_data(triage_file(context_for(Settings(), DAY), EXAMPLES / "backport-fix.toml"))
    assert data["verdict"] == "out_of_scope"
    assert [c["id"] for c in data["clauses"]] == ["REL-4", "SVC-1"]
    assert data["policy"]["id"] == "orca-os-support"
    assert data["facts"]["ask"] == {"kind": "backport", "fix": "ORCA-1234", "fixed_in": "4.2"}
    assert data["proposal"]["lines"][0]["total"] == "6650.00"
    assert data["proposal"]["total"] == "6650.00"
    json.dumps(data)  # JSON-ready: no Decimal, date or enum left in it


def test_the_phase_depends_on_the_day() -> None:
    facts = EXAMPLES / "howto-lts-maintenance.toml"
    assert triage_file(context_for(Settings(), date(2027, 10, 31)), facts).verdict.verdict is IN
    after = triage_file(context_for(Settings(), date(2027, 11, 1)), facts)
    assert after.verdict.verdict is OUT
    assert [clause_id for clause_id, _ in after.clauses] == ["REL-2", "REL-4"]


def test_a_policy_file_can_be_given_instead_of_the_data_folders(tmp_path: Path) -> None:
    text = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(text.replace("full_support = 2", "full_support = 4"), encoding="utf-8")
    facts = EXAMPLES / "defect-maintenance-minor.toml"
    assert triage_file(context_for(Settings(), DAY), facts).verdict.verdict is BORDER
    result = triage_file(context_for(Settings(), DAY), facts, policy_file=policy)
    assert result.verdict.verdict is IN  # 4.2 is in full support under the wider window
    assert (
        result.policy.ref.digest
        != triage_file(context_for(Settings(), DAY), facts).policy.ref.digest
    )


def test_a_language_the_policy_lacks_is_a_clear_error() -> None:
    with pytest.raises(PolicyError, match="has no texts in 'fr'"):
        triage_file(context_for(Settings(), DAY), EXAMPLES / "howto-supported.toml", language="fr")


def test_every_rule_kind_phase_and_level_has_words_in_every_language() -> None:
    import inspect

    import quoter.domain.triage as rules
    from quoter.domain.policy import ENVIRONMENT_CATEGORIES, Level, Phase, RequestKind

    source = inspect.getsource(rules)
    codes = set(re.findall(r'Verdict\.\w+,\s*"(\w+)"', source))  # Finding(Verdict.X, "code", ...)
    codes |= set(re.findall(r'Phase\.\w+: "(\w+)"', source))  # the backport codes by phase
    codes |= {"backport_service", "environment_efforts_defect", "environment_efforts_question"}
    codes |= {"backport_maintenance_critical", "backport_maintenance_security"}
    codes = {code for code in codes if not code.endswith("_")}  # prefixes completed above
    assert len(codes) > 20  # the rules were found in the source
    keys = {f"triage_{code}" for code in codes}
    keys |= {f"kind_{kind.value}" for kind in RequestKind}
    keys |= {f"phase_{phase.value}" for phase in Phase}
    keys |= {f"level_{level.value}" for level in Level}
    keys |= {f"category_{c}" for c in ENVIRONMENT_CATEGORIES}
    keys |= {f"category_label_{c}" for c in ENVIRONMENT_CATEGORIES}
    keys |= {f"verdict_{v.value}" for v in Verdict}
    for language, wording in context_for(Settings()).library.scope_wording().items():
        assert keys <= set(wording.texts), (language, sorted(keys - set(wording.texts)))


@pytest.mark.parametrize(
    ("example", "old", "new", "where", "message"),
    [
        (
            "driver-port-new-board",
            'tier = "M"',
            'tier = "XL"',
            "ask.tier",
            "parameter 'tier' cannot be 'XL'",
        ),
        ("onsite-installation", "days = 2", "days = 25", "ask.days", "25"),
    ],
)
def test_a_fact_the_book_cannot_price_is_reported_at_the_fact(
    tmp_path: Path, example: str, old: str, new: str, where: str, message: str
) -> None:
    text = (EXAMPLES / f"{example}.toml").read_text(encoding="utf-8")
    assert old in text
    facts = tmp_path / "facts.toml"
    facts.write_text(text.replace(old, new), encoding="utf-8")
    result = triage_file(context_for(Settings(), DAY), facts)
    assert result.verdict.verdict is OUT  # the verdict stands; the proposal has no price
    assert result.priced is None and result.unpriced is not None
    with pytest.raises(PolicyError) as raised:
        quote_request_from_file(result, facts)
    (problem,) = raised.value.problems
    assert problem.file == str(facts)
    assert problem.line == text.splitlines().index(old) + 1
    assert str(problem).startswith(f"{facts}:{problem.line}: {where}: ")
    assert message in problem.message


def test_the_clauses_quoted_for_a_dated_release_carry_its_dates() -> None:
    result = triage_file(context_for(Settings(), DAY), EXAMPLES / "howto-lts-maintenance.toml")
    words = dict(result.clauses)["REL-2"]
    assert words.startswith("Orca OS 4.0 LTS is a long-term support release.")
    assert "in maintenance until October 31, 2027" in words


def test_a_backport_to_a_supported_release_still_needs_a_supported_environment(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "backport-fix.toml").read_text(encoding="utf-8")
    facts = tmp_path / "facts.toml"
    to_full = text.replace('release = "3.8"', 'release = "4.3"').replace(
        'fixed_in = "4.2"', 'fixed_in = "5.0"'
    )
    facts.write_text(to_full, encoding="utf-8")
    assert triage_file(context_for(Settings(), DAY), facts).verdict.verdict is IN
    unlisted = to_full.replace('board = "imx8mp-evk"', 'board = "unlisted:our-own-board"')
    facts.write_text(unlisted, "utf-8")
    result = triage_file(context_for(Settings(), DAY), facts)
    assert result.verdict.verdict is OUT
    assert [clause_id for clause_id, _ in result.clauses] == ["ENV-8"]
    assert [line.line.service for line in result.verdict.proposal] == ["BP-FIX"]


def test_a_fix_not_yet_published_on_the_day_cannot_be_backported() -> None:
    with pytest.raises(PolicyError, match=r"the fix is said to be in 4\.2, which is not published"):
        triage_file(
            context_for(Settings(), date(2023, 1, 2)),
            EXAMPLES / "backport-fix.toml",
            policy_file=REPO / "policies" / "orca-os-support.toml",  # a policy file has no period
        )


def test_a_policy_whose_services_do_not_fit_its_book_is_not_used(tmp_path: Path) -> None:
    text = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(text.replace('service = "OS-DAY"', 'service = "OS-WEEK"'), encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        triage_file(
            context_for(Settings(), DAY), EXAMPLES / "howto-supported.toml", policy_file=policy
        )
    assert "the services the policy proposes do not fit its price book" in raised.value.summary
    problems = [str(problem) for problem in raised.value.problems]  # one per book version
    assert problems and all(
        p.startswith(f"{policy}:423: requests[12].service: services-usd ") for p in problems
    )
    assert any("services-usd 2026.1 has no service 'OS-WEEK'" in p for p in problems)


def test_a_triage_under_a_draft_policy_is_a_preview_that_cannot_become_a_quote(
    tmp_path: Path,
) -> None:
    text = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
    draft = tmp_path / "draft.toml"
    draft.write_text(text.replace('version = "2026.1"', 'version = "2027.1"'), encoding="utf-8")
    facts = EXAMPLES / "backport-fix.toml"
    result = triage_file(context_for(Settings(), DAY), facts, policy_file=draft)
    assert result.verdict.verdict is OUT and not result.quotable
    with pytest.raises(PolicyError, match="this triage is a preview"):
        write_quote_request(result, facts, tmp_path / "request.toml")
    # the published policy's own file, given by name, is the policy in force
    bundled = REPO / "policies" / "orca-os-support.toml"
    assert triage_file(context_for(Settings(), DAY), facts, policy_file=bundled).quotable
    # and a triage as on another day than today is a preview too
    other_day = triage_file(context_for(Settings(), DAY), facts, day=date(2026, 12, 1))
    assert not other_day.quotable


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            'policy_id = "orca-os-support"',
            'policy_id = "made-up-policy"',
            "policy_id",
            "the request says it came from a triage under made-up-policy 2026.1, which is not "
            "a published policy of the data folders",
        ),
        (
            'policy_digest = "sha256:',
            'policy_digest = "sha256:0',
            "policy_digest",
            "orca-os-support 2026.1 is published with the digest sha256:",
        ),
    ],
)
def test_a_request_cannot_cite_a_policy_quoter_does_not_publish(
    tmp_path: Path, old: str, new: str, key: str, message: str
) -> None:
    from quoter.domain.problems import QuoteRequestError

    facts = EXAMPLES / "backport-fix.toml"
    request = tmp_path / "request.toml"
    write_quote_request(triage_file(context_for(Settings(), DAY), facts), facts, request)
    text = request.read_text(encoding="utf-8")
    changed = text.replace(old, new)
    if key == "policy_digest":  # still 64 hex digits, just not the published ones
        changed = re.sub(r'(policy_digest = "sha256:[0-9a-f]{64})[0-9a-f]"', r'\1"', changed)
    request.write_text(changed, encoding="utf-8")
    with pytest.raises(QuoteRequestError) as raised:
        price_quote_file(context_for(Settings(), DAY), request)
    (problem,) = raised.value.problems
    line = next(i for i, t in enumerate(changed.splitlines(), 1) if t.startswith(key))
    assert str(problem).startswith(f"{request}:{line}: triage.{key}: {message}")
