"""`quoter policy show` as a support engineer types it before writing a facts file: the releases
that exist and their phase, the environment ids, previews, third-party products and the kinds of
request with the services that sell them."""

from __future__ import annotations

import pytest

from quoter.cli import main
from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import REPO

DAY = "2026-11-24"


def test_show_states_the_policy_in_force_and_its_releases_on_the_day(run: Run) -> None:  # noqa: F811
    status, out, err = run("policy", "show", "--date", DAY)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Orca OS Scope of Support"
    assert "  Version               orca-os-support 2026.1" in lines
    assert any(line.startswith("  Digest                sha256:") for line in lines)
    assert "  Release status as of  November 24, 2026" in lines
    assert "  Release  Published           Phase         Until             Clause" in lines
    assert "  5.0      September 15, 2026  Full support  2 more releases   REL-1" in lines
    assert "  4.0 LTS  October 5, 2021     Maintenance   October 31, 2027  REL-2" in lines
    assert "  3.8      September 8, 2020   End of life   –                 REL-1" in lines


def test_show_lists_the_environment_ids_a_facts_file_uses(run: Run) -> None:  # noqa: F811
    _, out, _ = run("policy", "show", "orca-os", "--date", DAY)
    lines = out.splitlines()
    assert "  Board (board): Supported, ENV-5" in lines
    assert "    imx8mp-evk       NXP i.MX 8M Plus EVK" in lines
    assert "  Board (board): Reasonable efforts, ENV-6" in lines
    assert "  Development host (host): Supported, ENV-1" in lines
    assert "    postgresql-16    PostgreSQL 16 (libpq)" in lines
    assert (
        "  ENV-8  Hosts, architectures, boards and databases that this document does not list are not"
        in lines
    )


def test_show_lists_previews_third_party_and_the_kinds_with_their_services(run: Run) -> None:  # noqa: F811
    _, out, _ = run("policy", "show", "--date", DAY)
    lines = out.splitlines()
    assert "  vision-ml  Orca Vision ML Runtime  PRE-1" in lines
    assert "  mosquitto    Eclipse Mosquitto       TP-1" in lines
    assert "  defect         A defect report           SUP-5" in lines
    assert "What standard support does not cover (services-usd 2026.1)" in lines
    assert "  backport       SVC-1  BP-FIX    Backport of a single fix" in lines
    assert "  driver_port    SVC-4  DP-PORT   Driver port between two platforms" in lines


def test_show_in_german(run: Run) -> None:  # noqa: F811
    status, out, err = run("policy", "show", "--lang", "de", "--date", DAY)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Supportumfang für Orca OS"
    assert (
        "  4.0 LTS  5. Oktober 2021     Wartungsphase          31. Oktober 2027        REL-2"
        in lines
    )
    assert "  Board (board): Unterstützt, ENV-5" in lines


def test_the_phases_follow_the_day(run: Run) -> None:  # noqa: F811
    _, out, _ = run("policy", "show", "--date", "2026-01-05")
    lines = out.splitlines()
    assert "  5.0      September 15, 2026  Not yet published  –                 REL-1" in lines
    assert "  4.3      February 4, 2025    Full support       2 more releases   REL-1" in lines
    assert "  4.1      September 13, 2022  Maintenance        the next release  REL-1" in lines


def test_show_takes_the_policy_id_or_file_too(run: Run) -> None:  # noqa: F811
    _, by_product, _ = run("policy", "show", "orca-os", "--date", DAY)
    _, by_id, _ = run("policy", "show", "orca-os-support", "--date", DAY)
    status, by_file, err = run(
        "policy", "show", REPO / "policies" / "orca-os-support.toml", "--date", DAY
    )
    assert status == 0, err
    assert by_product == by_id == by_file


def test_an_unknown_product_or_language_is_said(run: Run) -> None:  # noqa: F811
    status, _, err = run("policy", "show", "orca-ox")
    assert status == 1
    assert "there is no product or policy 'orca-ox' (products with a policy: orca-os)" in err
    status, _, err = run("policy", "show", "--lang", "fr")
    assert status == 1
    assert "the policy orca-os-support 2026.1 has no texts in 'fr' (it has: en, de)" in err


def test_show_is_listed_in_the_policy_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["policy", "--help"])
    assert exit_.value.code == 0
    words = " ".join(capsys.readouterr().out.split())
    assert "show the policy in force: releases and their phase, environment ids" in words
