"""Validate scope-of-support policies, and publish one as the Scope of Support document.

Validation reads each file on its own (every problem, located), then checks what a policy says about
other data: the services it proposes must exist in every version of its price book, take the
parameters it fills, and have every required parameter filled.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from quoter.books.library import Library
from quoter.books.source import locate, read_text
from quoter.domain.bookset import book_in_force
from quoter.domain.policy import Policy
from quoter.domain.policyset import check_policy_set, republished_policy
from quoter.domain.pricebook import PerUnitPrice, PriceBook
from quoter.domain.pricing import checked_quantity
from quoter.domain.problems import PolicyError, PriceBookError, Problem
from quoter.domain.quote import QuoteRequest
from quoter.domain.text import MissingLanguageError
from quoter.locations import DataLocator
from quoter.settings import Settings


@dataclass(frozen=True, slots=True)
class PolicyCheck:
    file: Path
    policy: Policy | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class PolicyReport:
    checks: tuple[PolicyCheck, ...]
    set_problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.set_problems and all(not check.problems for check in self.checks)


def validate_policy_files(files: list[Path], settings: Settings) -> PolicyReport:
    """Each file validated and checked against the price books; then the valid ones together, and
    against the other policy files of the data folders: a published id and version never changes.
    """
    library = Library(DataLocator(settings))
    checks = [_check(path, library) for path in files]
    given = {path.resolve() for path in files}
    others = [p for p in library.locator.files("policies") if p.resolve() not in given]
    known = []
    for other in others:
        with suppress(PolicyError):  # a broken other file is its own validation's business
            known.append(library.read_policy(other))
    checks = [_republished(check, known) for check in checks]
    valid = [check.policy for check in checks if check.policy is not None]
    return PolicyReport(tuple(checks), tuple(check_policy_set(valid)))


def validate_data_policies(settings: Settings) -> PolicyReport:
    """The policy files of the data folders, each validated and checked against the price books,
    then together as the triage reads them: a configured folder's id hides the bundled one, which
    it may not republish with other content."""
    library = Library(DataLocator(settings))
    checks = [_check(path, library) for path in library.locator.files("policies")]
    bundled = [c for c in checks if library.locator.is_bundled(c.file)]
    configured = [c for c in checks if not library.locator.is_bundled(c.file)]
    own_ids = {check.policy.id for check in configured if check.policy}
    hidden = [c.policy for c in bundled if c.policy and c.policy.id in own_ids]
    checks = [_republished(check, hidden) for check in configured]
    checks += [c for c in bundled if not (c.policy and c.policy.id in own_ids)]
    valid = [check.policy for check in checks if check.policy is not None]
    return PolicyReport(tuple(checks), tuple(check_policy_set(valid)))


def _check(path: Path, library: Library) -> PolicyCheck:
    try:
        policy = library.read_policy(path)
    except PolicyError as error:
        failed = error.problems or (Problem((), error.summary, file=str(path)),)
        return PolicyCheck(path, None, tuple(failed))
    problems = services_problems(policy, library)
    if problems:  # each with its line in the policy file
        problems = locate(problems, read_text(path), str(path))
    return PolicyCheck(path, policy, tuple(problems))


def _republished(check: PolicyCheck, known: list[Policy]) -> PolicyCheck:
    """The check, with a problem if its id and version are published elsewhere with other
    content."""
    if check.policy is None:
        return check
    for other in known:
        problem = republished_policy(check.policy, other)
        if problem is not None:
            located = locate([problem], read_text(check.file), str(check.file))
            return replace(check, problems=(*check.problems, *located))
    return check


def published_digest(policy_id: str, version: str, library: Library) -> str | None:
    """The digest the data folders publish this policy version with, or None if they do not."""
    for policy in library.policies():
        if (policy.id, policy.version) == (policy_id, version):
            return policy.ref.digest
    return None


def check_triage_origin(request: QuoteRequest, library: Library) -> list[Problem]:
    """What is wrong with a request's `[triage]` table: a quote may cite only a policy version the
    data folders publish, with the digest they publish it with."""
    origin = request.triage
    if origin is None:
        return []
    published = published_digest(origin.policy_id, origin.policy_version, library)
    if published == origin.policy_digest:
        return []
    if published is None:
        message = (
            f"the request says it came from a triage under {origin.policy_id} "
            f"{origin.policy_version}, which is not a published policy of the data folders"
        )
        return [Problem(("triage", "policy_id"), message, "a policy quoter publishes")]
    message = (
        f"{origin.policy_id} {origin.policy_version} is published with the digest {published}, "
        f"not {origin.policy_digest}"
    )
    return [Problem(("triage", "policy_digest"), message, "the digest of the policy's triage")]


def fitting(policy: Policy, library: Library) -> Policy:
    """The policy, once the services it proposes fit its price book (as `policy validate` checks);
    otherwise `PolicyError` with the problems located in the policy's file."""
    problems = services_problems(policy, library)
    if problems and policy.source:
        problems = locate(problems, read_text(Path(policy.source)), policy.source)
    if problems:
        raise PolicyError(
            f"{policy.source or policy.id}: the services the policy proposes do not fit its price "
            "book (quoter policy validate shows the same)",
            problems,
        )
    return policy


def services_problems(policy: Policy, library: Library) -> list[Problem]:
    """What the policy's proposals get wrong about the versions of the price book it names that
    are in force on or after the day the policy takes effect."""
    try:
        books = [book for book in library.books() if book.id == policy.book]
    except PriceBookError as error:
        return [Problem(("book",), error.describe())]
    if not books:
        known = sorted({book.id for book in library.books()})
        return [
            Problem(
                ("book",), f"there is no price book '{policy.book}'", "one of: " + ", ".join(known)
            )
        ]
    current = [book for book in books if book.effective_from > policy.effective_from]
    with suppress(PriceBookError):  # no version yet on that day: the later ones are checked
        current.append(book_in_force(books, policy.book, policy.effective_from))
    problems: list[Problem] = []
    for book in current:
        lacking = [language for language in policy.languages if language not in book.languages]
        if lacking:
            problems.append(
                Problem(
                    ("languages",),
                    f"{book.id} {book.version} has no texts in {', '.join(lacking)}",
                    "only languages the price book also has (one language per document)",
                )
            )
        if book.product != policy.product.id:
            problems.append(
                Problem(
                    ("book",),
                    f"{book.id} {book.version} sells services for '{book.product}'",
                    f"a book for {policy.product.id}",
                )
            )
            continue
        problems.extend(p for p in _proposal_problems(policy, book) if p not in problems)
    return problems


def _proposal_problems(policy: Policy, book: PriceBook) -> list[Problem]:
    problems = []
    for index, request in enumerate(policy.requests):
        proposal = request.proposal
        if proposal is None:
            continue
        at = ("requests", index)
        service = book.service(proposal.service)
        if service is None:
            problems.append(
                Problem(
                    (*at, "service"),
                    f"{book.id} {book.version} has no service '{proposal.service}'",
                    "a service code of the policy's price book",
                )
            )
            continue
        for name in proposal.parameters:
            if service.parameter(name) is None:
                problems.append(
                    Problem(
                        (*at, "parameters", name),
                        f"{service.code} in {book.id} {book.version} has no parameter '{name}'",
                        "one of: " + ", ".join(p.name for p in service.parameters),
                    )
                )
        if isinstance(proposal.quantity, Decimal):  # a fixed quantity: the engine's own check
            found: list[Problem] = []
            checked_quantity(at, service.code, proposal.quantity, service, found)
            problems.extend(found)
        per_unit = isinstance(service.pricing, PerUnitPrice)
        if per_unit and proposal.quantity is None:
            problems.append(
                Problem(
                    (*at, "service"),
                    f"{service.code} is priced per unit and the policy gives no quantity",
                    'quantity = "days" (the fact) or a fixed number',
                )
            )
        elif not per_unit and isinstance(proposal.quantity, str):
            problems.append(
                Problem(
                    (*at, "quantity"),
                    f"{service.code} is not priced per unit: it takes no quantity",
                    "no quantity for this service",
                )
            )
        for parameter in service.parameters:
            if parameter.required and parameter.name not in proposal.parameters:
                problems.append(
                    Problem(
                        (*at, "parameters"),
                        f"{service.code} needs '{parameter.name}', which the policy does not fill",
                        f"{parameter.name} = a fact name",
                    )
                )
    return problems


@dataclass(frozen=True, slots=True)
class PublishResult:
    policy: Policy
    book: PriceBook
    language: str
    pdf: Path | None
    docx: Path | None


def publish_policy(
    policy_ref: str | None,
    settings: Settings,
    day: date,
    *,
    pdf: Path | None = None,
    docx: Path | None = None,
    language: str | None = None,
) -> PublishResult:
    """Render the Scope of Support to PDF and/or DOCX, with the release table and the services
    catalogue as of `day`. `policy_ref` is a policy file, or a policy id (its version in force on
    `day`), or None for the one product's policy in force."""
    from quoter.documents.scope import build_scope_document
    from quoter.usecases.contracts import check_targets, load_kit, write_documents
    from quoter.usecases.triage import load_scope_wording, wording_for

    check_targets(pdf, docx)
    library = Library(DataLocator(settings))
    policy = fitting(find_policy(policy_ref, library, day), library)
    language = language or policy.languages[0]
    if language not in policy.languages:
        raise PolicyError(
            f"the policy {policy.id} {policy.version} has no texts in '{language}' "
            f"(it has: {', '.join(policy.languages)})"
        )
    book = library.book_in_force(policy.book, day)
    kit = load_kit(settings)
    wording = wording_for(load_scope_wording(settings), language)
    try:
        document = build_scope_document(
            policy, book, kit.vendor, wording, language, day, logo=kit.logo()
        )
    except MissingLanguageError as error:  # validate refuses this; a policy file may not be
        raise PolicyError(f"{policy.source}: {error}") from None
    write_documents(document, kit, pdf, docx)
    return PublishResult(policy, book, language, pdf, docx)


def find_policy(policy_ref: str | None, library: Library, day: date) -> Policy:
    """A policy file, or the version of a policy id in force on `day`, or (None) the policy in
    force for the only product that has one."""
    if policy_ref is not None and (policy_ref.endswith(".toml") or Path(policy_ref).exists()):
        path = Path(policy_ref)
        if not path.is_file():
            raise PolicyError(f"{path}: there is no such policy file")
        return library.read_policy(path)
    policies = library.policies()
    if policy_ref is None:
        products = sorted({policy.product.id for policy in policies})
        if len(products) != 1:
            raise PolicyError(
                "name the policy (a file or an id): the data folders have policies for "
                f"{', '.join(products) or 'no product'}"
            )
        return library.policy_in_force(products[0], day)
    versions = [policy for policy in policies if policy.id == policy_ref]
    if not versions:
        known = ", ".join(sorted({policy.id for policy in policies})) or "none"
        raise PolicyError(f"there is no policy '{policy_ref}' in policies/ (known: {known})")
    in_force = library.policy_in_force(versions[0].product.id, day)
    if in_force.id != policy_ref:
        raise PolicyError(
            f"on {day} the policy in force for {in_force.product.name} is {in_force.id} "
            f"{in_force.version}, not {policy_ref}: give another --date, or the policy's file"
        )
    return in_force
