"""One test per kind of bad scope-of-support policy: each must name the file, the line and the field.

Every test starts from the bundled policy and changes one thing, so the message a support manager
reads is the only thing that differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.books.policy_file import read_policy
from quoter.data.library import Library
from quoter.domain.policy import Level, Policy, RequestKind
from quoter.domain.problems import PolicyError, Problem, format_path
from quoter.usecases.context import locator_for
from quoter.usecases.settings import Settings
from tests.conftest import REPO

POLICY_FILE = REPO / "policies" / "orca-os-support.toml"
POLICY_TEXT = POLICY_FILE.read_text(encoding="utf-8")
PRODUCT_TEXT = (REPO / "products" / "orca-os.toml").read_text(encoding="utf-8")
RELEASES = "3.6, 3.7, 3.8, 4.0, 4.1, 4.2, 4.3, 5.0"
KINDS = (
    "installation, usage, configuration, diagnosis, defect, backport, customisation, integration, "
    "driver_port, development, design, onsite, remote"
)
FACTS = (
    "release, ticket, summary, third_party, topic, fix, fixed_in, driver, from_platform, "
    "to_platform, tier, feature, site, days"
)
# The last lines of the on-site request (SVC-7), unique in the policy: where a quantity is changed.
ONSITE_QUANTITY = (
    'service = "OS-DAY"\nparameters = { site = "site", topic = "topic" }\nquantity = "days"'
)

WritePolicy = Callable[..., Path]


@pytest.fixture
def library() -> Library:
    """The repository's products, found the way quoter finds them."""
    return Library(locator_for(Settings(data_dirs=(REPO,), use_bundled_data=False)))


@pytest.fixture
def write_policy(tmp_path: Path) -> WritePolicy:
    """Write the bundled policy with text replacements (each must match once); returns its path."""

    def write(*replacements: tuple[str, str], text: str = POLICY_TEXT) -> Path:
        for old, new in replacements:
            assert text.count(old) == 1, f"test setup: {old!r} is not once in the policy"
            text = text.replace(old, new)
        path = tmp_path / "policy.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def read(path: Path, library: Library) -> Policy:
    return read_policy(path, library.product)


def problems(path: Path, library: Library) -> list[Problem]:
    with pytest.raises(PolicyError) as error:
        read(path, library)
    assert error.value.summary == f"{path}: not a valid scope-of-support policy"
    return list(error.value.problems)


def only(path: Path, library: Library) -> Problem:
    found = problems(path, library)
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].file == str(path)
    return found[0]


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The number of the first line holding `needle` (after the first line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0 if after is None else next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def block(start: str, end: str, text: str = POLICY_TEXT) -> str:
    """The policy's text from `start` up to (not including) `end`."""
    return text[text.index(start) : text.index(end)]


# --- the bundled policy ------------------------------------------------------------------------


def test_the_bundled_policy_reads(library: Library) -> None:
    policy = read(POLICY_FILE, library)
    assert (policy.id, policy.version) == ("orca-os-support", "2026.1")
    assert policy.product.id == "orca-os" and policy.languages == ("en", "de")
    assert policy.effective_from == date(2026, 1, 1) and policy.book == "services-usd"
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", policy.ref.digest)
    assert policy.source == str(POLICY_FILE)
    clauses = policy.clauses()
    assert len(clauses) == 29
    assert len({clause.id for clause in clauses}) == 29
    assert all(set(clause.text.by_language) == {"en", "de"} for clause in clauses)
    assert (policy.window.full_support, policy.window.maintenance) == (2, 1)
    assert [(d.release, d.full_support_until, d.maintenance_until) for d in policy.dated] == [
        ("4.0", date(2024, 10, 31), date(2027, 10, 31))
    ]
    assert [d.clause.id for d in policy.dated] == ["REL-2"]
    assert [r.kind for r in policy.requests] == list(RequestKind)
    assert (
        len(policy.environments) == 7 and policy.environments[1].level is Level.REASONABLE_EFFORTS
    )


def test_the_services_a_policy_proposes(library: Library) -> None:
    policy = read(POLICY_FILE, library)
    backport = policy.request_clause(RequestKind.BACKPORT)
    assert backport is not None and backport.proposal is not None
    assert backport.proposal.service == "BP-FIX"
    assert dict(backport.proposal.parameters) == {
        "fix_id": "fix",
        "source_release": "fixed_in",
        "target_release": "release",
        "customer_ticket": "ticket",
    }
    assert backport.proposal.quantity is None
    onsite = policy.request_clause(RequestKind.ONSITE)
    assert onsite is not None and onsite.proposal is not None
    assert onsite.proposal.quantity == "days"
    usage = policy.request_clause(RequestKind.USAGE)
    assert usage is not None and usage.proposal is None  # covered by support: nothing to sell


def test_comments_layout_and_key_order_do_not_change_the_digest(
    write_policy: WritePolicy, library: Library
) -> None:
    maintenance = block("[maintenance]", "[end_of_life]")
    path = write_policy(
        (
            'id = "orca-os-support"\nversion = "2026.1"',
            'version = "2026.1"\nid = "orca-os-support"',
        ),
        ("[end_of_life]\n", "# reviewed by legal\n[end_of_life]   # the last phase\n"),
        (maintenance, ""),
        ("full_support = 2", "full_support   =   2   # the current and the one before"),
    )
    path.write_text(path.read_text(encoding="utf-8") + "\n" + maintenance, encoding="utf-8")
    bundled = read(POLICY_FILE, library)
    moved = read(path, library)
    assert moved.ref == bundled.ref
    assert moved.clauses() == bundled.clauses()


def test_a_changed_clause_text_changes_the_digest(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(("is not supported. Kestrel offers", "is not supported. Kestrel may offer"))
    changed = read(path, library)
    assert changed.ref.digest != read(POLICY_FILE, library).ref.digest
    assert changed.ref.digest.startswith("sha256:")
    assert "Kestrel may offer" in changed.end_of_life.text["en"]


def test_literal_braces_in_a_clause_text_are_allowed(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(("on the listed development hosts.", "on the listed hosts {{see below}}."))
    policy = read(path, library)
    assert "{{see below}}" in policy.environments[0].clause.text["en"]


# --- the file's top level ----------------------------------------------------------------------


def test_a_missing_clause_table(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy((block("[maintenance]", "[end_of_life]"), ""))
    problem = only(path, library)
    assert str(problem) == f"{path}: maintenance: is missing (expected a [maintenance] clause)"
    assert problem.line is None  # nothing in the file to point at


def test_a_toml_syntax_error(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('version = "2026.1"', 'version = "2026.1'))
    problem = only(path, library)
    assert problem.line == line_of(path, 'version = "2026.1')
    assert problem.message.startswith("TOML syntax error")
    assert str(problem).startswith(f"{path}:{problem.line}: TOML syntax error")


def test_a_file_that_does_not_exist(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "no-such-policy.toml"
    assert str(only(path, library)) == f"{path}: no such file"


def test_a_number_written_in_hex(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(("full_support = 2", "full_support = 0x2"))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, '0x2')}: '0x2' is not a plain number "
        "(expected digits only, like 1000 or 1000.00)"
    )


def test_an_unknown_product(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('product = "orca-os"', 'product = "whale-os"'))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'whale-os')}: product: no product 'whale-os' in any products/ "
        "folder (known: orca-os) (expected a product with a products/<id>.toml file)"
    )


def test_a_broken_product_file_shows_its_own_problems(
    write_policy: WritePolicy, tmp_path: Path
) -> None:
    """The price book reader passes on the release list's located problems; so must a policy, or
    the support manager learns that the product file is wrong but not where."""
    data = tmp_path / "data"
    (data / "products").mkdir(parents=True)
    product = data / "products" / "orca-os.toml"
    product.write_text(PRODUCT_TEXT.replace('id = "4.0"', 'id = "3.8"'), encoding="utf-8")
    library = Library(locator_for(Settings(data_dirs=(data,), use_bundled_data=False)))
    path = write_policy()
    found = problems(path, library)
    assert found[0].file == str(path) and format_path(found[0].path) == "product"
    assert any(
        p.file == str(product) and p.message == "release '3.8' is listed twice" for p in found
    ), [str(p) for p in found]


def test_an_unknown_key_is_not_ignored(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(
        ('[maintenance]\nid = "REL-3"', '[maintenance]\nid = "REL-3"\ncritical = 1')
    )
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'critical = 1')}: maintenance.critical: unknown key 'critical' "
        "(expected one of: id, text)"
    )


@pytest.mark.parametrize(
    ("after", "field"),
    [
        ('book = "services-usd"', "discount"),
        ('service = "BP-FIX"', "requests[6].discount"),
    ],
)
def test_a_discount_is_not_a_policy_term(
    write_policy: WritePolicy, library: Library, after: str, field: str
) -> None:
    path = write_policy((after, f"{after}\ndiscount = 10"))
    problem = only(path, library)
    assert format_path(problem.path) == field
    assert problem.message == "unknown key 'discount'"
    assert problem.line == line_of(path, "discount = 10")


def test_a_title_missing_in_one_language(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('title.de = "Supportumfang für Orca OS"\n', ""))
    problem = only(path, library)
    assert (
        str(problem)
        == f"{path}:{line_of(path, 'title.en')}: title.de: is missing (expected the de text)"
    )


def test_a_clause_text_missing_in_one_language(write_policy: WritePolicy, library: Library) -> None:
    german = block('text.de = """\\\nDie aufgeführten Datenbanken', "[unlisted_environments]")
    path = write_policy((german, "\n"))
    problem = only(path, library)
    line = line_of(path, "text.en", after='id = "ENV-7"')  # the clause's text, nearest to .de
    assert (
        str(problem) == f"{path}:{line}: environments[7].text.de: is missing (expected the de text)"
    )


# --- clause ids --------------------------------------------------------------------------------


def test_a_clause_id_used_twice(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('id = "ENV-8"', 'id = "REL-3"'))
    problem = only(path, library)
    line = line_of(path, 'id = "REL-3"', after="[unlisted_environments]")
    assert str(problem) == (
        f"{path}:{line}: unlisted_environments.id: clause id 'REL-3' is used twice "
        "(expected a unique clause id)"
    )


@pytest.mark.parametrize("written", ["mod-1", "MOD_1", "MOD-", "1-MOD", "MOD 1"])
def test_a_clause_id_that_is_not_an_id(
    write_policy: WritePolicy, library: Library, written: str
) -> None:
    path = write_policy(('id = "MOD-1"', f'id = "{written}"'))
    problem = only(path, library)
    line = line_of(path, f'id = "{written}"')
    assert str(problem) == (
        f"{path}:{line}: modified_source.id: '{written}' is not valid "
        "(expected a clause id like 'REL-1')"
    )


# --- placeholders --------------------------------------------------------------------------------


def test_an_unknown_placeholder(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(("The Orca OS SDK and build tools", "The Orca OS {release} SDK"))
    problem = only(path, library)
    line = line_of(path, "text.en", after='id = "ENV-1"')
    assert str(problem) == (
        f"{path}:{line}: environments[1].text: en: unknown placeholder {{release}} "
        "(expected no placeholders here)"
    )


def test_an_unknown_placeholder_in_the_german_text(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(
        ("Ein Release, das sein End of Life", "Ein Release {name}, das sein End of Life")
    )
    problem = only(path, library)
    assert format_path(problem.path) == "end_of_life.text"
    assert problem.message == "de: unknown placeholder {name}"
    assert problem.line == line_of(path, "text.en", after='id = "REL-4"')


def test_release_dates_allow_their_own_placeholders_only(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(("published in the meantime.", "published in {product}."))
    problem = only(path, library)
    line = line_of(path, "text.en", after='id = "REL-2"')
    assert str(problem) == (
        f"{path}:{line}: release_dates[1].text: en: unknown placeholder {{product}} "
        "(expected {release}, {full_support_until}, {maintenance_until} here)"
    )


def test_a_dated_placeholder_outside_release_dates(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(
        (
            "Other defects are \\\ncorrected",
            "Other defects are \\\ncorrected until {maintenance_until}",
        )
    )
    problem = only(path, library)
    assert format_path(problem.path) == "maintenance.text"
    assert problem.message == "en: unknown placeholder {maintenance_until}"
    assert problem.expected == "no placeholders here"


@pytest.mark.parametrize("written", ["The { SDK", "The } SDK", "The {Release} SDK"])
def test_a_brace_that_is_not_a_placeholder(
    write_policy: WritePolicy, library: Library, written: str
) -> None:
    path = write_policy(("The Orca OS SDK and build tools", written))
    problem = only(path, library)
    assert format_path(problem.path) == "environments[1].text"
    assert problem.message.startswith("en: placeholder syntax: at character 5: ")
    assert problem.expected == "{{ for a brace"
    assert problem.line == line_of(path, "text.en", after='id = "ENV-1"')


# --- releases and their dates ------------------------------------------------------------------


def test_a_dated_release_the_product_does_not_have(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(('release = "4.0"', 'release = "4.9"'))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, '4.9')}: release_dates[1].release: '4.9' is not a release of "
        f"Orca OS (expected one of: {RELEASES})"
    )


def test_maintenance_ending_before_full_support(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(("maintenance_until = 2027-10-31", "maintenance_until = 2024-01-31"))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'maintenance_until = ')}: release_dates[1].maintenance_until: "
        "2024-01-31 is before full_support_until 2024-10-31 "
        "(expected maintenance ending on or after full support)"
    )


def test_full_support_ending_before_the_release(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(("full_support_until = 2024-10-31", "full_support_until = 2021-01-31"))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'full_support_until = ')}: release_dates[1].full_support_until: "
        "2021-01-31 is before the release's date 2021-10-05 "
        "(expected a date on or after the release date)"
    )


def test_a_date_written_as_text(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(("full_support_until = 2024-10-31", 'full_support_until = "2024-10-31"'))
    problem = only(path, library)
    assert format_path(problem.path) == "release_dates[1].full_support_until"
    assert problem.message == 'is the text "2024-10-31"'
    assert problem.expected == "a date like 2026-01-31 (no quotes, no time)"


def test_a_release_dated_twice(write_policy: WritePolicy, library: Library) -> None:
    """Two [[release_dates]] for 4.0 with different dates: the triage would use the first and
    silently ignore the second, so the reader must refuse it, as it refuses a kind twice."""
    dated = block("[[release_dates]]", "[maintenance]")
    again = dated.replace('id = "REL-2"', 'id = "REL-9"').replace("2027-10-31", "2030-10-31")
    path = write_policy((dated, dated + again))
    problem = only(path, library)
    assert format_path(problem.path) == "release_dates[2].release"
    assert problem.line == line_of(path, 'release = "4.0"', after='id = "REL-9"')


@pytest.mark.parametrize(
    ("written", "message"),
    [("0", "0 is out of range"), ("51", "51 is out of range"), ('"2"', 'is the text "2"')],
)
def test_a_window_without_full_support(
    write_policy: WritePolicy, library: Library, written: str, message: str
) -> None:
    path = write_policy(("full_support = 2", f"full_support = {written}"))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'full_support = ')}: release_window.full_support: {message} "
        "(expected a whole number from 1 to 50)"
    )


def test_a_window_without_maintenance_is_allowed(
    write_policy: WritePolicy, library: Library
) -> None:
    policy = read(write_policy(("maintenance = 1", "maintenance = 0")), library)
    assert policy.window.maintenance == 0


# --- environments ------------------------------------------------------------------------------


def test_an_unknown_environment_category(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('category = "database"', 'category = "databases"'))
    problem = only(path, library)
    line = line_of(path, 'category = "databases"')
    assert str(problem) == (
        f"{path}:{line}: environments[7].category: 'databases' is not an "
        "environment category (expected one of: host, architecture, board, database)"
    )


def test_an_unknown_support_level(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(
        (
            'id = "ENV-4"\ncategory = "architecture"\nlevel = "reasonable_efforts"',
            'id = "ENV-4"\ncategory = "architecture"\nlevel = "best_effort"',
        )
    )
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'best_effort')}: environments[4].level: 'best_effort' is not "
        "known here (expected one of: supported, reasonable_efforts, unsupported)"
    )


def test_an_environment_listed_twice_in_one_clause(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(('{ id = "debian-12"', '{ id = "ubuntu-22.04"'))
    problem = only(path, library)
    assert format_path(problem.path) == "environments[1].items[3].id"
    assert problem.message == "'ubuntu-22.04' is listed twice"
    assert problem.expected == "each environment once"
    # an item of a multi-line list is placed at the list or, better, at its own line
    lines = (line_of(path, "items = [", after='id = "ENV-1"'), line_of(path, "Debian 12"))
    assert problem.line is not None and lines[0] <= problem.line <= lines[1]


def test_an_environment_listed_in_two_clauses_of_one_category(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy(('{ id = "macos-15"', '{ id = "debian-12"'))
    problem = only(path, library)
    assert format_path(problem.path) == "environments[2].items[2].id"
    assert problem.message == "'debian-12' is listed twice"


def test_one_id_in_two_categories_is_allowed(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('{ id = "riscv64"', '{ id = "qemu-virt"'))
    policy = read(path, library)
    assert policy.environment("architecture", "qemu-virt") is not None
    assert policy.environment("board", "qemu-virt") is not None


def test_an_environment_clause_without_items(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(
        ('items = [\n  { id = "riscv64", name = "64-bit RISC-V (RV64GC)" },\n]', "items = []")
    )
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'items = []')}: environments[4].items: is empty "
        "(expected at least one environment)"
    )


# --- kinds of request --------------------------------------------------------------------------


def test_a_covered_kind_sells_no_service(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('kind = "usage"', 'kind = "usage"\nservice = "RE-DAY"'))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'RE-DAY', after='SUP-2')}: requests[2].service: a 'usage' request "
        "is covered by support and sells no service "
        "(expected no service, parameters or quantity for covered kinds)"
    )


def test_a_parameter_mapped_to_an_unknown_fact(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(
        (
            'parameters = { site = "site", topic = "topic" }',
            'parameters = { site = "location", topic = "topic" }',
        )
    )
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'location')}: requests[12].parameters.site: 'location' is not a "
        f"fact a triage knows (expected one of: {FACTS})"
    )


def test_an_unknown_kind_of_request(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('kind = "design"', 'kind = "architecture"'))
    problem = only(path, library)
    line = line_of(path, 'kind = "architecture"')
    assert str(problem) == (
        f"{path}:{line}: requests[11].kind: "
        f"'architecture' is not known here (expected one of: {KINDS})"
    )


def test_a_kind_with_two_clauses(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(('kind = "design"', 'kind = "development"'))
    problem = only(path, library)
    line = line_of(path, 'kind = "development"', after="SVC-6")
    assert str(problem) == (
        f"{path}:{line}: requests[11].kind: "
        "'development' has a clause already (expected one clause per kind)"
    )


def test_a_quantity_from_an_unknown_fact(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy((ONSITE_QUANTITY, ONSITE_QUANTITY.replace('"days"', '"hours"')))
    problem = only(path, library)
    assert str(problem) == (
        f"{path}:{line_of(path, 'hours')}: requests[12].quantity: 'hours' is not a fact that "
        "holds a number (expected a positive number or one of: days)"
    )


@pytest.mark.parametrize(
    ("written", "message"), [("0", "0 is not positive"), ("-1", "-1 is not positive")]
)
def test_a_fixed_quantity_that_is_not_positive(
    write_policy: WritePolicy, library: Library, written: str, message: str
) -> None:
    """Zero is refused, so the hint for a negative quantity must not invite zero either."""
    path = write_policy((ONSITE_QUANTITY, ONSITE_QUANTITY.replace('"days"', written)))
    problem = only(path, library)
    line = line_of(path, f"quantity = {written}")
    assert str(problem) == (
        f"{path}:{line}: requests[12].quantity: {message} "
        "(expected a positive number or one of: days)"
    )


def test_a_fixed_quantity_written_with_an_exponent(
    write_policy: WritePolicy, library: Library
) -> None:
    path = write_policy((ONSITE_QUANTITY, ONSITE_QUANTITY.replace('"days"', "1e3")))
    problem = only(path, library)
    assert format_path(problem.path) == "requests[12].quantity"
    assert problem.message == "'1e3' is not a plain decimal number"


def test_a_fixed_quantity_reads_exactly(write_policy: WritePolicy, library: Library) -> None:
    policy = read(
        write_policy((ONSITE_QUANTITY, ONSITE_QUANTITY.replace('"days"', "2.50"))), library
    )
    onsite = policy.request_clause(RequestKind.ONSITE)
    assert onsite is not None and onsite.proposal is not None
    assert onsite.proposal.quantity == Decimal("2.50")


@pytest.mark.parametrize("fact", ["release", "summary"])
def test_a_quantity_from_a_fact_that_is_not_a_number(
    write_policy: WritePolicy, library: Library, fact: str
) -> None:
    """Only `days` is a number: `quantity = "release"` priced 5.0 on-site days for release 5.0,
    and `quantity = "summary"` crashed the triage with decimal.InvalidOperation."""
    path = write_policy((ONSITE_QUANTITY, ONSITE_QUANTITY.replace('"days"', f'"{fact}"')))
    problem = only(path, library)
    assert format_path(problem.path) == "requests[12].quantity"
    assert problem.line == line_of(path, f'quantity = "{fact}"')


# --- all at once -------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once(write_policy: WritePolicy, library: Library) -> None:
    path = write_policy(
        ("full_support = 2", "full_support = 0"),
        ('kind = "design"', 'kind = "architecture"'),
        ('category = "database"', 'category = "databases"'),
    )
    found = problems(path, library)
    assert [(format_path(p.path), p.line) for p in found] == [
        ("release_window.full_support", line_of(path, "full_support = 0")),
        ("environments[7].category", line_of(path, 'category = "databases"')),
        ("requests[11].kind", line_of(path, 'kind = "architecture"')),
    ]
    assert all(p.file == str(path) for p in found)
