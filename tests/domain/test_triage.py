"""Triage rules, one by one: each situation's verdict, the clauses that decide it, and the
proposed services with their parameters filled from the facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from quoter.domain.policy import RequestKind
from quoter.domain.triage import (
    Ask,
    Facts,
    Modification,
    TriageError,
    Verdict,
    triage,
)
from tests.builders import policy

DAY = date(2023, 6, 1)  # 4.0 and 3.0 in full support, 2.0 in maintenance, 1.0 at end of life


def facts(
    kind: RequestKind = RequestKind.USAGE,
    release: str = "4.0",
    *,
    critical: bool = False,
    security: bool = False,
    in_third_party: bool = False,
    details: dict[str, str | Decimal] | None = None,
    **more: Any,
) -> Facts:
    ask = Ask(kind, critical, security, in_third_party, details or {})
    return replace(Facts("orca-os", release, "Something is asked", ask), **more)


def clauses(result_facts: Facts) -> tuple[Verdict, list[str]]:
    result = triage(policy(), result_facts, DAY)
    return result.verdict, [clause.id for clause in result.clauses]


def test_a_question_on_a_supported_release_is_in_scope() -> None:
    assert clauses(facts()) == (Verdict.IN_SCOPE, ["REL-1", "REQ-USAGE"])


@pytest.mark.parametrize(
    ("kind", "critical", "security", "expected"),
    [
        (RequestKind.USAGE, False, False, (Verdict.IN_SCOPE, ["REL-1", "REL-3", "REQ-USAGE"])),
        (RequestKind.DEFECT, True, False, (Verdict.IN_SCOPE, ["REL-1", "REL-3", "REQ-DEFECT"])),
        (RequestKind.DEFECT, False, True, (Verdict.IN_SCOPE, ["REL-1", "REL-3", "REQ-DEFECT"])),
        (RequestKind.DEFECT, False, False, (Verdict.BORDERLINE, ["REL-3"])),
    ],
)
def test_maintenance_answers_questions_and_fixes_only_critical_and_security_defects(
    kind: RequestKind, critical: bool, security: bool, expected: tuple[Verdict, list[str]]
) -> None:
    assert clauses(facts(kind, "2.0", critical=critical, security=security)) == expected


def test_end_of_life_is_out_of_scope_and_proposes_remote_engineering() -> None:
    result = triage(policy(), facts(RequestKind.DEFECT, "1.0", details={"days": Decimal(2)}), DAY)
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert [c.id for c in result.clauses] == ["REL-1", "REL-4"]
    (proposed,) = result.proposal
    assert proposed.line.service == "RE-DAY"
    assert proposed.line.quantity == Decimal(2)
    assert proposed.line.parameters == {"topic": "Something is asked"}  # the summary by default
    assert proposed.missing == ()


def test_a_proposal_names_the_facts_it_still_needs() -> None:
    result = triage(policy(), facts(RequestKind.DEFECT, "1.0"), DAY)
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert result.missing == ("days",)


def test_a_release_not_yet_published_is_out_of_scope() -> None:
    result = triage(policy(), facts(release="4.0"), date(2023, 5, 31))
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert [f.code for f in result.deciding] == ["release_not_released"]


@pytest.mark.parametrize(
    ("board", "kind", "expected"),
    [
        ("evk", RequestKind.USAGE, (Verdict.IN_SCOPE, ["REL-1", "ENV-1", "REQ-USAGE"])),
        ("pi", RequestKind.USAGE, (Verdict.BORDERLINE, ["ENV-2"])),
        ("pi", RequestKind.DEFECT, (Verdict.BORDERLINE, ["ENV-2"])),
        ("someone-elses-board", RequestKind.USAGE, (Verdict.OUT_OF_SCOPE, ["ENV-9"])),
    ],
)
def test_environments_supported_reasonable_efforts_and_unlisted(
    board: str, kind: RequestKind, expected: tuple[Verdict, list[str]]
) -> None:
    unlisted = frozenset({"board"}) if board == "someone-elses-board" else frozenset()
    assert clauses(facts(kind, environment={"board": board}, unlisted=unlisted)) == expected


def test_an_unknown_environment_not_marked_unlisted_is_refused_not_called_unsupported() -> None:
    with pytest.raises(TriageError, match="board 'evk2' is on none of the lists") as error:
        triage(policy(), facts(environment={"board": "evk2"}), DAY)
    assert error.value.path == ("environment", "board")


def test_an_environment_listed_as_unsupported_is_out_of_scope() -> None:
    result = triage(policy(), facts(environment={"host": "win7"}), DAY)
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert [(f.code, f.clause.id) for f in result.deciding] == [
        ("environment_unsupported", "ENV-3")
    ]


def test_reasonable_efforts_on_a_defect_is_said_differently_from_a_question() -> None:
    defect = triage(policy(), facts(RequestKind.DEFECT, environment={"board": "pi"}), DAY)
    question = triage(policy(), facts(environment={"board": "pi"}), DAY)
    assert [f.code for f in defect.deciding] == ["environment_efforts_defect"]
    assert [f.code for f in question.deciding] == ["environment_efforts_question"]


@pytest.mark.parametrize(
    ("reproduced", "expected"),
    [
        (None, (Verdict.BORDERLINE, ["MOD-1"])),
        (True, (Verdict.IN_SCOPE, ["REL-1", "MOD-1", "REQ-DEFECT"])),
        (False, (Verdict.OUT_OF_SCOPE, ["MOD-1"])),
    ],
)
def test_a_defect_on_modified_source_depends_on_a_reproduction_without_the_change(
    reproduced: bool | None, expected: tuple[Verdict, list[str]]
) -> None:
    modified = Modification(("kernel",), reproduced)
    assert clauses(facts(RequestKind.DEFECT, modified=modified)) == expected


def test_a_question_on_modified_source_is_still_answered() -> None:
    modified = Modification(("kernel",), None)
    assert clauses(facts(modified=modified)) == (Verdict.IN_SCOPE, ["REL-1", "MOD-1", "REQ-USAGE"])


def test_third_party_integration_questions_versus_defects_in_third_party_code() -> None:
    listed = clauses(facts(third_party="postgresql"))
    unlisted = clauses(facts(third_party="oracle"))
    defect = clauses(facts(RequestKind.DEFECT, third_party="postgresql", in_third_party=True))
    assert listed == (Verdict.IN_SCOPE, ["REL-1", "TP-1", "REQ-USAGE"])
    assert unlisted == (Verdict.BORDERLINE, ["TP-1"])
    assert defect == (Verdict.OUT_OF_SCOPE, ["TP-2"])


def test_a_preview_feature_is_out_of_scope() -> None:
    assert clauses(facts(preview="ml")) == (Verdict.OUT_OF_SCOPE, ["PRE-1"])


@pytest.mark.parametrize(
    ("release", "critical", "expected"),
    [
        ("3.0", False, (Verdict.IN_SCOPE, ["REL-1", "REQ-DEFECT"])),
        ("2.0", True, (Verdict.IN_SCOPE, ["REL-3", "REQ-DEFECT"])),
        ("2.0", False, (Verdict.OUT_OF_SCOPE, ["REL-3", "REQ-BACKPORT"])),
        ("1.0", False, (Verdict.OUT_OF_SCOPE, ["REL-4", "REQ-BACKPORT"])),
    ],
)
def test_a_backport_is_support_only_where_the_release_still_gets_that_fix(
    release: str, critical: bool, expected: tuple[Verdict, list[str]]
) -> None:
    details: dict[str, str | Decimal] = {"fix": "BUG-7", "fixed_in": "4.0"}
    assert clauses(facts(RequestKind.BACKPORT, release, critical=critical, details=details)) == (
        expected
    )


def test_a_backport_proposal_carries_source_and_target_from_the_facts() -> None:
    details: dict[str, str | Decimal] = {"fix": "BUG-7", "fixed_in": "4.0"}
    result = triage(policy(), facts(RequestKind.BACKPORT, "1.0", details=details), DAY)
    (proposed,) = result.proposal
    assert proposed.line.service == "BP-FIX"
    assert proposed.line.parameters == {
        "fix_id": "BUG-7",
        "source_release": "4.0",
        "target_release": "1.0",
    }
    assert proposed.line.quantity is None


def test_services_kinds_are_out_of_scope_and_use_a_fixed_quantity_where_the_policy_says() -> None:
    result = triage(policy(), facts(RequestKind.DRIVER_PORT, details={"tier": "M"}), DAY)
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert [c.id for c in result.clauses] == ["REQ-DRIVER-PORT"]
    assert result.proposal[0].line.quantity == Decimal(1)
    assert result.proposal[0].line.parameters == {"tier": "M"}


def test_the_most_restrictive_finding_decides() -> None:
    # a preview on an uncertified board: out of scope beats borderline
    result = triage(policy(), facts(preview="ml", environment={"board": "pi"}), DAY)
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert {f.outcome for f in result.findings} == {
        Verdict.IN_SCOPE,
        Verdict.BORDERLINE,
        Verdict.OUT_OF_SCOPE,
    }
    assert [c.id for c in result.clauses] == ["PRE-1"]


def test_a_kind_the_policy_has_no_clause_for_is_refused() -> None:
    with pytest.raises(TriageError, match="no clause for requests of kind 'design'"):
        triage(policy(), facts(RequestKind.DESIGN), DAY)


def test_facts_about_another_product_are_refused() -> None:
    other = Facts("other-os", "4.0", "A question", Ask(RequestKind.USAGE))
    with pytest.raises(TriageError, match="product 'other-os'"):
        triage(policy(), other, DAY)


def test_the_book_is_the_facts_choice_or_the_policys() -> None:
    assert triage(policy(), facts(), DAY).book == "test-book"
    assert triage(policy(), facts(book="services-eur"), DAY).book == "services-eur"


def test_a_backport_on_an_uncertified_board_is_said_as_for_a_defect() -> None:
    details: dict[str, str | Decimal] = {"fix": "BUG-7", "fixed_in": "4.0"}
    result = triage(
        policy(),
        facts(RequestKind.BACKPORT, "3.0", details=details, environment={"board": "pi"}),
        DAY,
    )
    assert result.verdict is Verdict.BORDERLINE
    assert [f.code for f in result.deciding] == ["environment_efforts_defect"]


@pytest.mark.parametrize(("flag", "code"), [("critical", "critical"), ("security", "security")])
def test_a_backport_in_maintenance_is_explained_by_what_the_fix_is(flag: str, code: str) -> None:
    details: dict[str, str | Decimal] = {"fix": "BUG-7", "fixed_in": "4.0"}
    result = triage(
        policy(), facts(RequestKind.BACKPORT, "2.0", details=details, **{flag: True}), DAY
    )
    assert result.verdict is Verdict.IN_SCOPE
    assert result.findings[0].code == f"backport_maintenance_{code}"
