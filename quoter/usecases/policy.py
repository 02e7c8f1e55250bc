"""Validate scope-of-support policies, publish one as the Scope of Support document, and show the
one in force (`quoter policy show`).

Validation reads each file on its own (every problem, located), then checks what a policy says about
other data: the services it proposes must exist in every version of its price book, take the
parameters it fills, and have every required parameter filled.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from quoter.books.source import locate, read_text
from quoter.data.library import Library, wording_for
from quoter.domain.contract_terms import ContractTexts
from quoter.domain.policy import Policy, ReleaseStatus, release_status
from quoter.domain.policy_fit import fit_problems
from quoter.domain.policyset import check_policy_set, republished_policy
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import document_locale
from quoter.domain.problems import PolicyError, PriceBookError, Problem
from quoter.domain.text import MissingLanguageError
from quoter.usecases.context import AppContext
from quoter.usecases.contracts import (
    check_targets,
    render_docx_bytes,
    render_pdf_bytes,
    write_files,
)
from quoter.usecases.progress import CancelFlag, Progress, Steps


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


def validate_policy_files(files: list[Path], context: AppContext) -> PolicyReport:
    """Each file validated and checked against the price books; then the valid ones together, and
    against the other policy files of the data folders: a published id and version never changes.
    """
    library = context.library
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


def validate_data_policies(context: AppContext) -> PolicyReport:
    """The policy files of the data folders, each validated and checked against the price books,
    then together as the triage reads them: a configured folder's id hides the bundled one, which
    it may not republish with other content."""
    library = context.library
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


def fitting(policy: Policy, library: Library) -> Policy:
    """The policy, once the services it proposes fit its price book (as `policy validate` checks);
    otherwise `PolicyError` with the problems located in the policy's file."""
    problems = services_problems(policy, library)
    if problems and policy.source:
        problems = locate(problems, read_text(Path(policy.source)), policy.source)
    if problems:
        raise PolicyError(
            f"{policy.source or policy.id}: the services the policy proposes do not fit its price "
            "book (validating the policy shows the same)",
            problems,
        )
    return policy


def services_problems(policy: Policy, library: Library) -> list[Problem]:
    """What the policy's proposals get wrong about its book's versions (see `fit_problems`)."""
    try:
        books = library.books()
    except PriceBookError as error:
        return [Problem(("book",), error.describe())]
    return fit_problems(policy, books)


@dataclass(frozen=True, slots=True)
class PublishedScope:
    """The Scope of Support as rendered: its policy, the book its prices come from, its language,
    and the bytes of the documents asked for."""

    policy: Policy
    book: PriceBook
    language: str
    pdf: bytes | None
    docx: bytes | None


def publish_policy_files(
    context: AppContext,
    policy: Policy,
    *,
    language: str | None = None,
    day: date | None = None,
    pdf: bool = True,
    docx: bool = True,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> PublishedScope:
    """Render the Scope of Support of `policy` (see `find_policy`) as PDF and/or DOCX bytes, with
    the release table and the services catalogue as of `day` (default today)."""
    from quoter.documents.scope import build_scope_document

    library = context.library
    day = day or context.today()
    policy = fitting(policy, library)
    language = language or policy.languages[0]
    if language not in policy.languages:
        raise PolicyError(
            f"the policy {policy.id} {policy.version} has no texts in '{language}' "
            f"(it has: {', '.join(policy.languages)})"
        )
    steps = Steps(1 + pdf + docx, progress, cancel)
    steps.check()
    book = library.book_in_force(policy.book, day)
    kit = library.kit()
    wording = wording_for(library.scope_wording(), language)
    try:
        document = build_scope_document(
            policy, book, kit.vendor, wording, language, day, logo=kit.logo()
        )
    except MissingLanguageError as error:  # validate refuses this; a policy file may not be
        raise PolicyError(f"{policy.source}: {error}") from None
    steps.step("document")
    pdf_bytes = docx_bytes = None
    if pdf:
        steps.check()
        pdf_bytes = render_pdf_bytes(document, kit)
        steps.step("PDF")
    if docx:
        steps.check()
        docx_bytes = render_docx_bytes(document, kit)
        steps.step("DOCX")
    return PublishedScope(policy, book, language, pdf_bytes, docx_bytes)


@dataclass(frozen=True, slots=True)
class PublishResult:
    policy: Policy
    book: PriceBook
    language: str
    pdf: Path | None
    docx: Path | None


def publish_policy(
    context: AppContext,
    policy_ref: str | None,
    *,
    day: date | None = None,
    pdf: Path | None = None,
    docx: Path | None = None,
    language: str | None = None,
) -> PublishResult:
    """Write the Scope of Support to PDF and/or DOCX files. `policy_ref` is a policy file, or a
    policy id (its version in force on `day`), or None for the one product's policy in force."""
    check_targets(pdf, docx)
    day = day or context.today()
    policy = find_policy(policy_ref, context.library, day)
    scope = publish_policy_files(
        context, policy, language=language, day=day, pdf=pdf is not None, docx=docx is not None
    )
    write_files(((pdf, scope.pdf), (docx, scope.docx)))
    return PublishResult(scope.policy, scope.book, scope.language, pdf, docx)


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
            f"{in_force.version}, not {policy_ref}: choose another day, or the policy's file"
        )
    return in_force


@dataclass(frozen=True, slots=True)
class PolicyOverview:
    """A policy as `quoter policy show` prints it: the policy, its releases' phases on `day`, and
    the words to say it in `language` (the Scope of Support's wording, dates in `locale`). `book`
    is the policy's price book in force on `day`, for the names of the services it proposes; None
    when no version is in force then (the services are shown by code)."""

    policy: Policy
    day: date
    language: str
    locale: str
    wording: ContractTexts
    releases: tuple[ReleaseStatus, ...]
    book: PriceBook | None


def policy_overview(
    context: AppContext,
    which: str | None = None,
    *,
    day: date | None = None,
    language: str | None = None,
) -> PolicyOverview:
    """The policy in force on `day` (default today) for the product `which` (or a policy id or
    file, see `find_policy`; default the one product with a policy), to be shown in `language`
    (default the policy's first)."""
    library = context.library
    day = day or context.today()
    policies = library.policies()
    products = sorted({policy.product.id for policy in policies})
    if which in products:
        policy = library.policy_in_force(which, day)
    elif which is None or any(p.id == which for p in policies) or _a_file(which):
        policy = find_policy(which, library, day)
    else:
        raise PolicyError(
            f"there is no product or policy '{which}' (products with a policy: "
            f"{', '.join(products) or 'none'})"
        )
    language = language or policy.languages[0]
    if language not in policy.languages:
        raise PolicyError(
            f"the policy {policy.id} {policy.version} has no texts in '{language}' "
            f"(it has: {', '.join(policy.languages)})"
        )
    book = None
    with suppress(PriceBookError):  # without a book in force, the services are named by code
        book = library.book_in_force(policy.book, day)
    locale = document_locale(language, book.locale if book else language)
    wording = wording_for(library.scope_wording(), language)
    # every release a facts file may name, the ones not yet published on the day first
    releases = tuple(release_status(policy, r.id, day) for r in reversed(policy.product.releases))
    return PolicyOverview(policy, day, language, locale, wording, releases, book)


def _a_file(name: str) -> bool:
    return name.endswith(".toml") or Path(name).exists()
