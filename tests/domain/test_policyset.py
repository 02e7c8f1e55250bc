"""Which policy is in force on a day, and what makes a set of policies inconsistent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from quoter.domain.policy import PolicyRef
from quoter.domain.policyset import check_policy_set, policy_in_force, republished_policy
from quoter.domain.problems import PolicyError
from tests.builders import policy

FIRST = replace(policy(), source="first.toml")
SECOND = replace(
    policy(),
    ref=PolicyRef("test-policy", "2", "sha256:" + "2" * 64),
    effective_from=date(2027, 1, 1),
    source="second.toml",
)


def test_the_version_in_force_is_the_latest_started() -> None:
    assert policy_in_force([FIRST, SECOND], "orca-os", date(2026, 12, 31)) is FIRST
    assert policy_in_force([FIRST, SECOND], "orca-os", date(2027, 1, 1)) is SECOND
    with pytest.raises(PolicyError, match=r"in force on 2019-12-31 \(the first takes effect"):
        policy_in_force([FIRST, SECOND], "orca-os", date(2019, 12, 31))
    with pytest.raises(PolicyError, match="no scope-of-support policy for product 'other'"):
        policy_in_force([FIRST], "other", date(2026, 1, 1))


def test_a_set_refuses_one_version_twice_and_two_starting_the_same_day() -> None:
    assert check_policy_set([FIRST, SECOND]) == []
    twice = replace(FIRST, source="copy.toml")
    (problem,) = check_policy_set([FIRST, twice])
    assert str(problem) == (
        "copy.toml: version: test-policy 1 is also in first.toml "
        "(expected each id and version in one file (a new scope is a new version))"
    )
    rival = replace(SECOND, effective_from=FIRST.effective_from)
    (problem,) = check_policy_set([FIRST, rival])
    assert "both take effect for orca-os on 2020-01-01" in problem.message


def test_a_published_version_never_changes() -> None:
    assert republished_policy(FIRST, replace(FIRST, source="bundled.toml")) is None
    changed = replace(FIRST, ref=PolicyRef("test-policy", "1", "sha256:" + "9" * 64))
    problem = republished_policy(changed, replace(FIRST, source="bundled.toml"))
    assert problem is not None
    assert problem.message == (
        "test-policy 1 is already published (in bundled.toml) with other content"
    )
    assert republished_policy(SECOND, FIRST) is None  # another version is not a republication
