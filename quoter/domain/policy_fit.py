"""Whether a policy's proposals fit its price book: every proposed service exists in each version
of the book in force on or after the day the policy takes effect, takes the parameters the policy
fills, has every required parameter filled, and gets a quantity exactly when it is priced per unit.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal

from quoter.domain.bookset import book_in_force
from quoter.domain.policy import Policy
from quoter.domain.pricebook import PerUnitPrice, PriceBook
from quoter.domain.pricing import checked_quantity
from quoter.domain.problems import PriceBookError, Problem


def fit_problems(policy: Policy, books: list[PriceBook]) -> list[Problem]:
    """What the policy's proposals get wrong about the versions of its price book (among `books`,
    every book the data folders hold) in force on or after the day the policy takes effect."""
    lineage = [book for book in books if book.id == policy.book]
    if not lineage:
        known = sorted({book.id for book in books})
        return [
            Problem(
                ("book",), f"there is no price book '{policy.book}'", "one of: " + ", ".join(known)
            )
        ]
    current = [book for book in lineage if book.effective_from > policy.effective_from]
    with suppress(PriceBookError):  # no version yet on that day: the later ones are checked
        current.append(book_in_force(lineage, policy.book, policy.effective_from))
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
