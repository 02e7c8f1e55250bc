"""A triage's facts file: every example reads and round-trips; each mistake is named with its place.

Each bad file starts from a bundled example and changes one thing. The policy the facts fall under is
found the way `quoter triage` finds it: the product's policy in force on the day.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.books.facts_file import facts_to_data, read_facts
from quoter.books.policy_file import read_policy
from quoter.books.toml_writer import to_toml
from quoter.data.library import Library
from quoter.domain.policy import Policy, RequestKind
from quoter.domain.problems import PolicyError, Problem, format_path
from quoter.domain.triage import Facts, Verdict, triage
from quoter.usecases.context import locator_for
from quoter.usecases.settings import Settings
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "triage"
BACKPORT = (EXAMPLES / "backport-fix.toml").read_text(encoding="utf-8")
HOWTO = (EXAMPLES / "howto-supported.toml").read_text(encoding="utf-8")
ONSITE = (EXAMPLES / "onsite-installation.toml").read_text(encoding="utf-8")
POLICY_TEXT = (REPO / "policies" / "orca-os-support.toml").read_text(encoding="utf-8")
DAY = date(2026, 11, 24)
ALL_RELEASES = "a release of Orca OS: `quoter policy show` lists them all"
KINDS = (
    "installation, usage, configuration, diagnosis, defect, backport, customisation, integration, "
    "driver_port, development, design, onsite, remote"
)

PolicyLookup = Callable[[str], Policy]
WriteFacts = Callable[..., Path]


@pytest.fixture
def library() -> Library:
    return Library(locator_for(Settings(data_dirs=(REPO,), use_bundled_data=False)))


@pytest.fixture
def find_policy(library: Library) -> PolicyLookup:
    """The product's policy in force on DAY, as `quoter triage` looks it up."""

    def find(product_id: str) -> Policy:
        return library.policy_in_force(product_id, DAY)

    return find


@pytest.fixture
def write_facts(tmp_path: Path) -> WriteFacts:
    """Write an example with text replacements (each must match once); returns its path."""

    def write(text: str, *replacements: tuple[str, str], name: str = "facts.toml") -> Path:
        for old, new in replacements:
            assert text.count(old) == 1, f"test setup: {old!r} is not once in the facts"
            text = text.replace(old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def problems(path: Path, find_policy: PolicyLookup) -> list[Problem]:
    with pytest.raises(PolicyError) as error:
        read_facts(path, find_policy)
    assert error.value.summary == f"{path}: not a valid facts file"
    return list(error.value.problems)


def only(path: Path, find_policy: PolicyLookup) -> Problem:
    found = problems(path, find_policy)
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].file == str(path)
    return found[0]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- the examples ------------------------------------------------------------------------------

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


def test_there_are_examples_to_read() -> None:
    assert len(EXAMPLE_FILES) >= 16


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_each_example_reads_and_round_trips_through_json(
    example: Path, find_policy: PolicyLookup, tmp_path: Path
) -> None:
    facts, policy = read_facts(example, find_policy)
    assert facts.product == "orca-os" and policy.id == "orca-os-support"
    copy = tmp_path / "facts.json"
    copy.write_text(json.dumps(facts_to_data(facts), ensure_ascii=False), encoding="utf-8")
    again, same_policy = read_facts(copy, find_policy)
    assert again == facts
    assert same_policy.ref == policy.ref


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_each_example_round_trips_through_toml(
    example: Path, find_policy: PolicyLookup, tmp_path: Path
) -> None:
    facts, _ = read_facts(example, find_policy)
    copy = tmp_path / "facts.toml"
    copy.write_text(to_toml(facts_to_data(facts), "a copy"), encoding="utf-8")
    assert read_facts(copy, find_policy)[0] == facts


def test_the_backport_example_reads_exactly(find_policy: PolicyLookup) -> None:
    facts, _ = read_facts(EXAMPLES / "backport-fix.toml", find_policy)
    assert (facts.release, facts.ticket) == ("3.8", "CMC-SR-20931")
    assert facts.ask.kind is RequestKind.BACKPORT
    assert dict(facts.ask.details) == {"fix": "ORCA-1234", "fixed_in": "4.2"}
    assert not (facts.ask.critical or facts.ask.security or facts.ask.in_third_party)
    assert dict(facts.environment) == {"board": "imx8mp-evk"}
    assert (
        facts.customer is not None and facts.customer.legal_name == "Cascade Motion Controls, Inc."
    )
    assert facts.customer.signatory.title == "Vice President, Engineering"
    assert (facts.language, facts.book, facts.preview, facts.modified) == (None, None, None, None)


def test_days_read_as_exact_decimals(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    facts, _ = read_facts(write_facts(ONSITE, ("days = 2", "days = 1.50")), find_policy)
    assert facts.ask.details["days"] == Decimal("1.50")
    assert facts_to_data(facts)["ask"]["days"] == "1.5"


def test_facts_the_policy_does_not_list_are_facts_not_errors(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(
        HOWTO,
        ('host = "ubuntu-24.04"', 'host = "unlisted:gentoo-2026"'),
        ('ticket = "SUP-30412"', 'ticket = "SUP-30412"\nthird_party = "nginx"'),
    )
    facts, _ = read_facts(path, find_policy)
    assert facts.environment["host"] == "gentoo-2026" and facts.third_party == "nginx"
    assert facts.unlisted == {"host"}
    assert facts_to_data(facts)["environment"]["host"] == "unlisted:gentoo-2026"


# --- environments ------------------------------------------------------------------------------


def test_a_mistyped_board_is_located_with_the_board_it_likely_means(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('board = "imx8mp-evk"', 'board = "imx8mp-evm"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'imx8mp-evm')}: environment.board: 'imx8mp-evm' is not a board "
        "policy orca-os-support lists; did you mean 'imx8mp-evk', the NXP i.MX 8M Plus EVK? "
        "(expected one of the board ids `quoter policy show` lists, "
        'or board = "unlisted:imx8mp-evm" for one the policy does not list, on purpose)'
    )


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("IMX93-EVK", "'imx93-evk', the NXP i.MX 93 EVK"),  # whatever the case
        ("Raspberry Pi 5", "'rpi-5', the Raspberry Pi 5"),  # by its name
        ("rpi-cm5", "'rpi-cm4', the Raspberry Pi Compute Module 4"),
    ],
)
def test_a_board_written_another_way_suggests_the_listed_id(
    find_policy: PolicyLookup, write_facts: WriteFacts, written: str, meant: str
) -> None:
    path = write_facts(BACKPORT, ('board = "imx8mp-evk"', f'board = "{written}"'))
    assert f"; did you mean {meant}? (expected" in only(path, find_policy).message + " (expected"


def test_an_unknown_environment_like_no_listed_one_is_refused_all_the_same(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ('host = "ubuntu-24.04"', 'host = "gentoo-2026"'))
    problem = only(path, find_policy)
    assert problem.line == line_of(path, "gentoo-2026")
    assert problem.message == "'gentoo-2026' is not a host policy orca-os-support lists"
    assert 'host = "unlisted:gentoo-2026"' in problem.expected


def test_an_unlisted_board_reaches_the_unlisted_environment_clause(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ('board = "imx93-evk"', 'board = "unlisted:our-own-board"'))
    facts, policy = read_facts(path, find_policy)
    assert facts.environment["board"] == "our-own-board" and facts.unlisted == {"board"}
    verdict = triage(policy, facts, DAY)
    assert verdict.verdict is Verdict.OUT_OF_SCOPE
    assert [(f.code, f.clause.id) for f in verdict.deciding] == [("environment_unlisted", "ENV-8")]


def test_a_listed_board_marked_unlisted_is_a_mistake(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('board = "imx8mp-evk"', 'board = "unlisted:imx8mp-evk"'))
    assert str(only(path, find_policy)) == (
        f"{path}:{line_of(path, 'unlisted:')}: environment.board: 'imx8mp-evk' is marked "
        "unlisted, but clause ENV-5 of policy orca-os-support lists it: NXP i.MX 8M Plus EVK "
        '(expected board = "imx8mp-evk")'
    )


def test_an_unlisted_environment_must_still_be_an_id(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('board = "imx8mp-evk"', 'board = "unlisted:Our Board"'))
    assert only(path, find_policy).message == "'unlisted:Our Board' is not an id"


# --- what must be there ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "removed", "expected"),
    [
        (
            BACKPORT,
            'release = "3.8"\n',
            "release: is missing (expected the customer's release, e.g. '3.8')",
        ),
        (
            BACKPORT,
            'summary = "Backport fix ORCA-1234 (CAN bus lock-up after bus-off) from 4.2 to our 3.8 controllers"\n',
            "summary: is missing (expected what the customer asks, in one line)",
        ),
        (
            HOWTO,
            '[ask]\nkind = "usage"\n',
            "ask: is missing (expected an [ask] table saying what is asked)",
        ),
    ],
    ids=["release", "summary", "ask"],
)
def test_a_missing_fact(
    find_policy: PolicyLookup, write_facts: WriteFacts, text: str, removed: str, expected: str
) -> None:
    path = write_facts(text, (removed, ""))
    problem = only(path, find_policy)
    assert problem.line is None  # nothing in the file to point at
    assert str(problem) == f"{path}: {expected}"


def test_a_missing_kind_is_shown_at_the_ask_table(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ('kind = "usage"\n', ""))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, '[ask]')}: ask.kind: is missing (expected one of: {KINDS})"
    )


# --- releases ----------------------------------------------------------------------------------


def test_an_unknown_release_names_the_nearest_ones(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('release = "3.8"', 'release = "3.9"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, '3.9')}: release: '3.9' is not a release of Orca OS; the nearest "
        f"are 3.8 and 4.0 (expected {ALL_RELEASES})"
    )


@pytest.mark.parametrize(
    ("written", "nearest"),
    [
        ("3.10", "the nearest are 3.8 and 4.0"),  # versions compare number by number
        ("4.0.1", "the nearest are 4.0 and 4.1"),
        ("9.9", "the nearest is 5.0"),
        ("3.5", "the nearest is 3.6"),
        ("4.2-lts", "the nearest are 4.2 and 4.3"),
    ],
)
def test_the_nearest_releases_are_by_version(
    find_policy: PolicyLookup, write_facts: WriteFacts, written: str, nearest: str
) -> None:
    path = write_facts(BACKPORT, ('release = "3.8"', f'release = "{written}"'))
    assert only(path, find_policy).message == (
        f"'{written}' is not a release of Orca OS; {nearest}"
    )


def test_a_release_that_is_no_version_names_none(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('release = "3.8"', 'release = "latest"'))
    assert only(path, find_policy).message == "'latest' is not a release of Orca OS"


def test_a_backport_without_a_fix(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(BACKPORT, ('fix = "ORCA-1234"\n', ""))
    problem = only(path, find_policy)
    assert format_path(problem.path) == "ask.fix"
    assert problem.message == "is missing for a backport"
    assert problem.expected == "the fix's id, e.g. ORCA-1234"
    assert problem.line == line_of(path, "[ask]")


def test_a_backport_without_fix_and_fixed_in(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(BACKPORT, ('fix = "ORCA-1234"\nfixed_in = "4.2"\n', ""))
    found = problems(path, find_policy)
    assert [(format_path(p.path), p.message) for p in found] == [
        ("ask.fix", "is missing for a backport"),
        ("ask.fixed_in", "is missing for a backport"),
    ]


@pytest.mark.parametrize("fixed_in", ["3.8", "3.6"])
def test_a_fix_that_is_not_newer_than_the_release(
    find_policy: PolicyLookup, write_facts: WriteFacts, fixed_in: str
) -> None:
    path = write_facts(BACKPORT, ('fixed_in = "4.2"', f'fixed_in = "{fixed_in}"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'fixed_in = ')}: ask.fixed_in: the fix is in {fixed_in}, which is "
        "not newer than the customer's release 3.8 "
        "(expected a backport from a newer release to the customer's older one)"
    )


def test_a_fix_in_an_unknown_release(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(BACKPORT, ('fixed_in = "4.2"', 'fixed_in = "4.9"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, '4.9')}: ask.fixed_in: '4.9' is not a release of Orca OS; the "
        f"nearest are 4.3 and 5.0 (expected {ALL_RELEASES})"
    )


# --- the kind of request and its details -------------------------------------------------------


def test_an_unknown_kind_lists_the_vocabulary(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ('kind = "usage"', 'kind = "howto"'))
    problem = only(path, find_policy)
    line = line_of(path, 'kind = "howto"')
    assert str(problem) == (
        f"{path}:{line}: ask.kind: 'howto' is not a kind of request (expected one of: {KINDS})"
    )


def test_an_unknown_preview_lists_the_policys_previews(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(
        HOWTO, ('ticket = "SUP-30412"', 'ticket = "SUP-30412"\npreview = "hologram"')
    )
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'hologram')}: preview: 'hologram' is not a preview feature of "
        "policy orca-os-support (expected one of: vision-ml, ota-delta)"
    )


@pytest.mark.parametrize(
    ("written", "message", "expected"),
    [
        ("0", "0 is not positive", "a positive number of days"),
        ("-2", "-2 is not positive", "a positive number of days"),
        (
            "1e3",
            "'1e3' is not a plain decimal number",
            "a plain number like 1500 or 1500.00 for the number of days",
        ),
        (
            '"two"',
            'is the text "two"',
            "a plain number like 1500 or 1500.00 for the number of days",
        ),
        (
            "true",
            "is true (a true/false value)",
            "a plain number like 1500 or 1500.00 for the number of days",
        ),
    ],
    ids=["zero", "negative", "exponent", "text", "boolean"],
)
def test_days_that_are_not_a_positive_number(
    find_policy: PolicyLookup, write_facts: WriteFacts, written: str, message: str, expected: str
) -> None:
    """Zero is refused, so the hint for a negative number must not invite zero either."""
    path = write_facts(ONSITE, ("days = 2", f"days = {written}"))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'days = ')}: ask.days: {message} (expected {expected})"
    )


# --- keys that are not facts -------------------------------------------------------------------


def test_an_unknown_key_in_ask(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(HOWTO, ('kind = "usage"', 'kind = "usage"\nurgent = true'))
    problem = only(path, find_policy)
    assert format_path(problem.path) == "ask.urgent"
    assert problem.message == "unknown key 'urgent'"
    assert problem.expected.startswith("one of: ") and "critical" in problem.expected
    assert problem.line == line_of(path, "urgent = true")


def test_an_unknown_key_in_environment(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(HOWTO, ('host = "ubuntu-24.04"', 'host = "ubuntu-24.04"\nos = "linux"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'os = ')}: environment.os: unknown key 'os' "
        "(expected one of: host, architecture, board, database)"
    )


@pytest.mark.parametrize(
    ("after", "written", "field"),
    [
        ('ticket = "SUP-30412"', "price = 1500.00", "price"),
        ('ticket = "SUP-30412"', "discount = 10", "discount"),
        ('kind = "usage"', "price = 1500.00", "ask.price"),
        ('kind = "usage"', "discount = 10", "ask.discount"),
    ],
)
def test_a_price_or_discount_is_not_a_fact(
    find_policy: PolicyLookup, write_facts: WriteFacts, after: str, written: str, field: str
) -> None:
    path = write_facts(HOWTO, (after, f"{after}\n{written}"))
    problem = only(path, find_policy)
    key = field.rsplit(".", 1)[-1]
    assert format_path(problem.path) == field
    assert problem.message == f"unknown key '{key}'"
    assert problem.line == line_of(path, written)


@pytest.mark.parametrize(
    ("escaped", "message"),
    [
        ("\\u0007", "contains a control character (code 7)"),
        ("\\n", "contains a line break (code 10)"),
        ("\\u202e", "contains a control character (code 8238)"),
    ],
    ids=["bell", "line-break", "bidi-override"],
)
def test_control_characters_in_the_summary(
    find_policy: PolicyLookup, write_facts: WriteFacts, escaped: str, message: str
) -> None:
    path = write_facts(HOWTO, ('summary = "How do I', f'summary = "How{escaped} do I'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'summary = ')}: summary: {message} (expected plain text on one line)"
    )


# --- the product and its policy ----------------------------------------------------------------


def test_a_product_without_a_policy(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(HOWTO, ('product = "orca-os"', 'product = "whale-os"'))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'whale-os')}: product: no scope-of-support policy for product "
        "'whale-os' in policies/ (expected a product with a scope-of-support policy)"
    )


def test_a_product_whose_policy_is_not_in_force_yet(
    library: Library, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO)
    with pytest.raises(PolicyError) as error:
        read_facts(path, lambda product_id: library.policy_in_force(product_id, date(2025, 6, 1)))
    [problem] = error.value.problems
    assert format_path(problem.path) == "product" and problem.line == line_of(path, "product = ")
    assert problem.message == (
        "no scope-of-support policy for 'orca-os' is in force on 2025-06-01 "
        "(the first takes effect on 2026-01-01)"
    )


def test_the_problems_of_a_broken_policy_reach_the_user(
    library: Library, write_facts: WriteFacts, tmp_path: Path
) -> None:
    """`quoter triage --policy FILE` with a mistake in FILE: the facts' error must still say what
    is wrong in the policy and where, as the price book reader does for a broken product file."""
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_TEXT.replace("full_support = 2", "full_support = 0"), encoding="utf-8")
    path = write_facts(HOWTO)
    with pytest.raises(PolicyError) as error:
        read_facts(path, lambda product_id: read_policy(policy, library.product))
    # the policy is what is wrong, not the facts: its own located problems, nothing else
    assert error.value.summary == f"{policy}: not a valid scope-of-support policy"
    found = list(error.value.problems)
    assert all(problem.file == str(policy) for problem in found)
    line = line_of(policy, "full_support = 0")
    assert (
        f"{policy}:{line}: release_window.full_support: 0 is out of range "
        "(expected a whole number from 1 to 50)"
    ) in [str(p) for p in found]


# --- JSON, syntax, several mistakes ------------------------------------------------------------


def json_facts(
    tmp_path: Path, find_policy: PolicyLookup, change: Callable[[dict[str, object]], None]
) -> Path:
    facts, _ = read_facts(EXAMPLES / "backport-fix.toml", find_policy)
    data = facts_to_data(facts)
    change(data)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_json_facts_file_with_an_unknown_release(
    tmp_path: Path, find_policy: PolicyLookup
) -> None:
    path = json_facts(tmp_path, find_policy, lambda data: data.update(release="3.9"))
    problem = only(path, find_policy)
    assert problem.line is None  # JSON problems are found by their field path
    assert str(problem) == (
        f"{path}: release: '3.9' is not a release of Orca OS; the nearest are 3.8 and 4.0 "
        f"(expected {ALL_RELEASES})"
    )


def test_a_json_null_is_not_a_missing_fact(tmp_path: Path, find_policy: PolicyLookup) -> None:
    path = json_facts(tmp_path, find_policy, lambda data: data.update(summary=None))
    problem = only(path, find_policy)
    assert (
        str(problem) == f"{path}: summary: is null (expected what the customer asks, in one line)"
    )


def test_a_json_file_that_holds_a_list(tmp_path: Path, find_policy: PolicyLookup) -> None:
    path = tmp_path / "facts.json"
    path.write_text("[1, 2]", encoding="utf-8")
    problem = only(path, find_policy)
    assert (
        str(problem) == f"{path}: the file holds a list (expected a table/object at the top level)"
    )


def test_a_json_syntax_error(tmp_path: Path, find_policy: PolicyLookup) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{\n  "format": 1,\n  "product": "orca-os",\n}\n', encoding="utf-8")
    problem = only(path, find_policy)
    assert problem.line == 4 and problem.message.startswith("JSON syntax error")


def test_a_toml_syntax_error(find_policy: PolicyLookup, write_facts: WriteFacts) -> None:
    path = write_facts(HOWTO, ('release = "5.0"', 'release = "5.0'))
    problem = only(path, find_policy)
    assert problem.line == line_of(path, 'release = "5.0')
    assert problem.message.startswith("TOML syntax error")


def test_every_problem_is_reported_at_once(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(
        HOWTO, ('release = "5.0"', 'release = "9.9"'), ('kind = "usage"', 'kind = "howto"')
    )
    found = problems(path, find_policy)
    assert [(format_path(p.path), p.line) for p in found] == [
        ("release", line_of(path, 'release = "9.9"')),
        ("ask.kind", line_of(path, 'kind = "howto"')),
    ]
    assert all(p.file == str(path) for p in found)


def test_round_tripped_facts_equal_the_original(find_policy: PolicyLookup, tmp_path: Path) -> None:
    """The JSON copy keeps every fact, including the ones no example has."""
    facts = Facts(
        product="orca-os",
        release="4.2",
        summary="Two days on site",
        ask=read_facts(EXAMPLES / "onsite-installation.toml", find_policy)[0].ask,
        environment={"host": "debian-12", "architecture": "arm64"},
        preview="ota-delta",
        language="de",
        book="services-eur",
    )
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts_to_data(facts)), encoding="utf-8")
    assert read_facts(path, find_policy)[0] == facts


def test_a_modification_needs_the_changed_components(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ("[ask]", "[modified]\ncomponents = []\n\n[ask]"))
    problem = only(path, find_policy)
    assert str(problem) == (
        f"{path}:{line_of(path, 'components = []')}: modified.components: is empty "
        "(expected at least one changed component (or no [modified]))"
    )


def test_a_defect_in_third_party_code_names_the_product(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    path = write_facts(HOWTO, ('kind = "usage"', 'kind = "defect"\nin_third_party = true'))
    problem = only(path, find_policy)
    assert format_path(problem.path) == "third_party"
    assert problem.message == "is missing: [ask] says the defect lies in third-party code"


@pytest.mark.parametrize("blank", ['""', '"   "'])  # the field reader says the second
def test_an_empty_summary_is_named(
    find_policy: PolicyLookup, write_facts: WriteFacts, blank: str
) -> None:
    """Found by bench/reliability/fuzz_files.py: once an assertion failure (exit 70)."""
    line = next(n for n, text in enumerate(BACKPORT.splitlines(), 1) if text.startswith("summary"))
    summary = BACKPORT.splitlines()[line - 1]
    problem = only(write_facts(BACKPORT, (summary, f"summary = {blank}")), find_policy)
    assert (format_path(problem.path), problem.line) == ("summary", line)
    assert problem.message.startswith("is empty")


def test_half_a_surrogate_pair_in_json_is_refused_at_its_line(
    find_policy: PolicyLookup, write_facts: WriteFacts
) -> None:
    """JSON can escape half of a UTF-16 pair alone: no character, so it could be neither printed
    nor stored (found by the fuzzer: exit 70 when printed, and when stored)."""
    data = json.loads(
        json.dumps(facts_to_data(read_facts(EXAMPLES / "backport-fix.toml", find_policy)[0]))
    )
    text = json.dumps(data, indent=2).replace(
        '"summary": "', '"summary": "\\ud83d\\ude00 ok \\ud800', 1
    )
    path = write_facts(text, name="facts.json")
    with pytest.raises(PolicyError) as error:
        read_facts(path, find_policy)
    (problem,) = error.value.problems
    expected_line = next(n for n, t in enumerate(text.splitlines(), 1) if '"summary"' in t)
    assert "half of a UTF-16 surrogate pair" in problem.message and problem.line == expected_line
