"""Validating policies against each other and against the price books they sell from, as the
support manager runs `quoter policy validate`; and what the published document leaves out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from quoter.documents.scope import build_scope_document
from quoter.usecases.policy import validate_data_policies, validate_policy_files
from quoter.usecases.settings import Settings
from tests.conftest import REPO, context_for

POLICY = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
DAY = date(2026, 11, 24)


def data_folder(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "orca-os-support.toml").write_text(text, encoding="utf-8")
    return Settings(data_dirs=(tmp_path,))


def test_the_bundled_policy_is_valid_with_the_bundled_books() -> None:
    report = validate_data_policies(context_for(Settings()))
    assert report.ok
    assert [check.policy.id for check in report.checks if check.policy] == ["orca-os-support"]


def test_a_copy_in_a_data_folder_hides_the_bundled_policy(tmp_path: Path) -> None:
    report = validate_data_policies(context_for(data_folder(tmp_path, POLICY)))
    assert report.ok
    assert [check.file for check in report.checks] == [
        tmp_path / "policies" / "orca-os-support.toml"
    ]


def test_a_published_version_cannot_be_changed_in_a_data_folder(tmp_path: Path) -> None:
    changed = POLICY.replace("full_support = 2", "full_support = 3")
    report = validate_data_policies(context_for(data_folder(tmp_path, changed)))
    assert not report.ok
    (check,) = report.checks  # the bundled policy is hidden by the data folder's
    (problem,) = check.problems
    assert str(problem).startswith(
        f"{tmp_path / 'policies' / 'orca-os-support.toml'}:7: version: orca-os-support 2026.1 "
        "is already published (in "
    )
    # the triage refuses it too, and so does validating the file alone
    assert not validate_policy_files([check.file], context_for(Settings(data_dirs=(tmp_path,)))).ok
    # a new version is the way to change it
    renewed = changed.replace('version = "2026.1"', 'version = "2026.2"').replace(
        "effective_from = 2026-01-01", "effective_from = 2026-12-01"
    )
    (tmp_path / "policies" / "orca-os-support.toml").write_text(renewed, encoding="utf-8")
    assert validate_data_policies(context_for(Settings(data_dirs=(tmp_path,)))).ok


def test_a_per_unit_service_needs_a_quantity_and_a_fixed_price_takes_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "policy.toml"
    text = POLICY.replace('version = "2026.1"', 'version = "2026.9"')
    text = text.replace(
        'service = "OS-DAY"\nparameters = { site = "site", topic = "topic" }\nquantity = "days"',
        'service = "OS-DAY"\nparameters = { site = "site", topic = "topic" }',
    )
    text = text.replace(
        'parameters = { feature = "feature", target_release = "release" }\n\n[[requests]]\n'
        'id = "SVC-3"',
        'parameters = { feature = "feature", target_release = "release" }\nquantity = 2\n\n'
        '[[requests]]\nid = "SVC-3"',
    )
    path.write_text(text, encoding="utf-8")
    (check,) = validate_policy_files([path], context_for(Settings())).checks
    assert [str(p).split(": ", 1)[1] for p in check.problems] == [
        "requests[7].quantity: CU-PKG-M: service CU-PKG-M is not sold per unit, so it takes no "
        "quantity (expected no quantity (add another line to order it again))",
        "requests[12].service: OS-DAY is priced per unit and the policy gives no quantity "
        '(expected quantity = "days" (the fact) or a fixed number)',
    ]


def test_a_policy_without_previews_publishes_no_empty_section() -> None:
    library = context_for(Settings(), DAY).library
    policy = library.policy_in_force("orca-os", DAY)
    from dataclasses import replace

    kit = library.kit()
    wording = library.scope_wording()["en"]
    book = library.book_in_force(policy.book, DAY)
    with_previews = build_scope_document(policy, book, kit.vendor, wording, "en", DAY)
    without = build_scope_document(
        replace(policy, previews=()), book, kit.vendor, wording, "en", DAY
    )
    assert "previews" in [section.id for section in with_previews.sections]
    assert "previews" not in [section.id for section in without.sections]
    headings = [section.heading for section in without.sections if section.heading]
    assert headings[6] == "7. What standard support does not cover"  # numbered without a gap
