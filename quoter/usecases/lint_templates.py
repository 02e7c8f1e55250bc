"""`quoter contract lint`: render every layout in every language against a full sample quote, and
the published Scope of Support of every policy in force in each of its languages.

For each price book in force and each language it shares with the contract wording, a sample
request orders every service of the book (parameters filled with valid sample values) for a
customer whose name holds characters templates get wrong (`&`, `<`, `{{ }}`). Both the PDF and the
DOCX are rendered; any problem is raised as the first failing template's error.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from quoter.data.library import Library
from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    Parameter,
    ParameterKind,
    PerUnitPrice,
    PriceBook,
    ReleasesBetween,
    Service,
)
from quoter.domain.pricing import price_request
from quoter.domain.problems import PolicyError, PriceBookError
from quoter.domain.products import Product
from quoter.domain.quote import (
    Customer,
    ParameterValue,
    QuoteRequest,
    RequestLine,
    Signatory,
    TriageOrigin,
)
from quoter.usecases.context import AppContext
from quoter.usecases.contracts import (
    contract_document,
    render_docx_bytes,
    render_pdf_bytes,
)

SAMPLE_CUSTOMER = Customer(
    legal_name="Smith & Sons <Ltd> {{ 7*7 }}",
    address=("1 Sample Street", "Springfield & Shelbyville"),
    signatory=Signatory("Jane <Q> Smith", "Chief Technology Officer"),
    tax_id="US-00-0000000",
)
SAMPLE_TRIAGE = TriageOrigin("sample-policy", "1", "sha256:" + "0" * 64)


def lint_templates(context: AppContext) -> list[str]:
    """One line per book and language rendered; raises the first problem found."""
    library = context.library
    kit = library.kit()
    today = context.today()
    report = []
    in_force = []
    for book_id in sorted({book.id for book in library.books()}):
        try:
            in_force.append(library.book_in_force(book_id, today))
        except PriceBookError:
            continue  # a lineage with no version in force today has nothing to render
    for book in in_force:
        product = library.product(book.product, near=Path(book.source) if book.source else None)
        for language in kit.languages:
            if language not in book.languages:
                continue
            request = sample_request(book, product, language)
            quote = price_request(request, book, product, today)
            document = contract_document(quote, kit, number="Q-LINT-00001")
            pdf = render_pdf_bytes(document, kit)
            docx = render_docx_bytes(document, kit)
            report.append(
                f"ok: {book.id} {book.version} in '{language}': {len(book.services)} services, "
                f"PDF {len(pdf) // 1024} KB, DOCX {len(docx) // 1024} KB"
            )
    if not report:
        report.append("nothing to lint: no price book in force today shares a contract language")
    return report + lint_scope_documents(library, today)


def lint_scope_documents(library: Library, today: date) -> list[str]:
    """The published Scope of Support of each product's policy in force, in each of its languages
    the wording has, rendered as PDF and DOCX (the wording files are checked as they load)."""
    from quoter.documents.scope import build_scope_document

    kit = library.kit()
    wording = library.scope_wording()
    report = []
    for product_id in sorted({policy.product.id for policy in library.policies()}):
        try:
            policy = library.policy_in_force(product_id, today)
            book = library.book_in_force(policy.book, today)
        except (PolicyError, PriceBookError):
            continue  # nothing in force today to publish
        for language in policy.languages:
            if language not in wording:
                continue
            document = build_scope_document(
                policy, book, kit.vendor, wording[language], language, today, logo=kit.logo()
            )
            pdf = render_pdf_bytes(document, kit)
            docx = render_docx_bytes(document, kit)
            report.append(
                f"ok: Scope of Support {policy.id} {policy.version} in '{language}': "
                f"PDF {len(pdf) // 1024} KB, DOCX {len(docx) // 1024} KB"
            )
    return report


def sample_request(book: PriceBook, product: Product, language: str) -> QuoteRequest:
    """A request ordering every service of `book` once, with valid sample parameters."""
    lines = [
        RequestLine(service.code, sample_parameters(service, product), sample_quantity(service))
        for service in book.services
    ]
    return QuoteRequest(
        customer=SAMPLE_CUSTOMER,
        book=book.id,
        lines=tuple(lines),
        language=language,
        reference="PO-LINT-1",
        triage=SAMPLE_TRIAGE,
    )


def sample_parameters(service: Service, product: Product) -> dict[str, ParameterValue]:
    values: dict[str, ParameterValue] = {}
    newest = product.releases[-1].id
    for parameter in service.parameters:
        values[parameter.name] = _sample_value(parameter, newest)
    pricing = service.pricing
    if isinstance(pricing, BasePlusUnitPrice) and isinstance(pricing.units, ReleasesBetween):
        steps = max(pricing.min_units, 1)
        newer = len(product.releases) - 1
        values[pricing.units.newer] = product.releases[newer].id
        values[pricing.units.older] = product.releases[max(newer - steps, 0)].id
    return values


def _sample_value(parameter: Parameter, newest_release: str) -> ParameterValue:
    if parameter.default is not None:
        return parameter.default
    if parameter.kind is ParameterKind.ENUM:
        return parameter.choices[0].value
    if parameter.kind is ParameterKind.INTEGER:
        return parameter.minimum if parameter.minimum is not None else 1
    if parameter.kind is ParameterKind.RELEASE:
        return newest_release
    return "Sample & <value> {x}"[: parameter.max_length]


def sample_quantity(service: Service) -> Decimal | None:
    pricing = service.pricing
    return pricing.min_quantity if isinstance(pricing, PerUnitPrice) else None
