"""The contract builder: a priced quote, the vendor, the standard terms and the wording in, the
scope-of-work `Document` out. Pure: no files, no rendering; every string formatted here with Babel.
"""

from __future__ import annotations

from quoter.documents.model import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyValues,
    Metadata,
    Paragraph,
    Party,
    Section,
    SignatureBlock,
    Table,
)
from quoter.domain.contract_terms import ContractTexts, StandardTerms, VendorProfile
from quoter.domain.display import date_text, money_text, number_text
from quoter.domain.money import Money
from quoter.domain.quote import PricedLine, PricedQuote

VENDOR_FIELD = "Signature-Vendor"
CUSTOMER_FIELD = "Signature-Customer"


def paragraphs(text: str) -> list[str]:
    """A multi-line text as paragraphs: a blank line separates them; a single line break inside a
    paragraph is a soft wrap of the source file and reads as a space."""
    blocks = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def build_contract(
    quote: PricedQuote,
    vendor: VendorProfile,
    terms: StandardTerms,
    texts: ContractTexts,
    *,
    number: str | None,
    logo: str | None = None,
    attachments: tuple[tuple[str, bytes], ...] = (),
) -> Document:
    """The scope-of-work contract for `quote`; `number` None makes it an unregistered draft."""
    builder = _Builder(quote, vendor, terms, texts, number)
    sections = builder.sections()
    shown_number = number or texts("draft_number")
    customer = quote.request.customer.legal_name
    page_of = texts("page_of", page="\x00", pages="\x00").split("\x00")
    return Document(
        id=f"sow-{number or 'draft'}",
        language=quote.language,
        title=texts("document_title"),
        metadata=Metadata(
            title=f"{texts('document_title')} {shown_number}: {customer}",
            author=vendor.legal_name,
            subject=texts("document_subject"),
            keywords=(shown_number, customer, quote.book.id, quote.book.version),
        ),
        footer=texts(
            "footer",
            number=shown_number,
            book_id=quote.book.id,
            book_version=quote.book.version,
            book_digest=quote.book.digest,
        ),
        page_of=(page_of[0], page_of[1], page_of[2]),
        sections=tuple(sections),
        logo=logo,
        draft=number is None,
        attachments=attachments,
    )


class _Builder:
    def __init__(
        self,
        quote: PricedQuote,
        vendor: VendorProfile,
        terms: StandardTerms,
        texts: ContractTexts,
        number: str | None,
    ) -> None:
        self.quote = quote
        self.vendor = vendor
        self.terms = terms
        self.t = texts
        self.number = number
        self.language = quote.language
        self.locale = quote.locale
        self.section_number = 0

    def money(self, money: Money) -> str:
        return money_text(money, self.locale)

    def heading(self, text: str) -> str:
        self.section_number += 1
        return f"{self.section_number}. {text}"

    def sections(self) -> list[Section]:
        sections = [self.cover(), self.parties(), self.background(), self.summary()]
        sections.extend(self.service(line) for line in self.quote.lines)
        sections.extend([self.payment(), self.standard_terms(), self.validity()])
        sections.extend([self.counterparts(), self.signatures()])
        return sections

    def cover(self) -> Section:
        t, quote = self.t, self.quote
        pairs = [
            (t("number_label"), self.number or t("draft_number")),
            (t("date_label"), date_text(quote.priced_on, self.locale)),
            (t("valid_until_label"), date_text(quote.valid_until, self.locale)),
        ]
        if quote.request.reference:
            pairs.append((t("reference_label"), quote.request.reference))
        pairs.append(
            (t("price_list_label"), f"{quote.book_title} ({quote.book.id} {quote.book.version})")
        )
        if quote.request.triage is not None:
            origin = quote.request.triage
            pairs.append((t("triage_label"), f"{origin.policy_id} {origin.policy_version}"))
        blocks: list[Block] = [
            Heading("title", t("document_title"), level=1),
            KeyValues("cover-details", tuple(pairs)),
        ]
        if self.number is None:
            blocks.append(Paragraph("draft-notice", t("draft_notice"), style="notice"))
        triage = quote.request.triage
        if triage is not None:
            blocks.append(
                Paragraph(
                    "triage",
                    t(
                        "triage_text",
                        policy_id=triage.policy_id,
                        policy_version=triage.policy_version,
                    ),
                    style="note",
                )
            )
        return Section("cover", None, tuple(blocks))

    def parties(self) -> Section:
        t, vendor = self.t, self.vendor
        customer = self.quote.request.customer
        vendor_lines = [
            *vendor.address.get(self.language, ()),
            f"{t('registration_label')}: {vendor.registration[self.language]}",
            f"{t('tax_id_label')}: {vendor.tax_id}",
        ]
        customer_lines = list(customer.address)
        if customer.tax_id:
            customer_lines.append(f"{t('tax_id_label')}: {customer.tax_id}")
        return Section(
            "parties",
            self.heading(t("parties_heading")),
            (
                Paragraph("parties-intro", t("parties_intro")),
                Party("party-vendor", t("vendor_role"), vendor.legal_name, tuple(vendor_lines)),
                Party(
                    "party-customer", t("customer_role"), customer.legal_name, tuple(customer_lines)
                ),
            ),
        )

    def background(self) -> Section:
        t, terms = self.t, self.terms
        text = t(
            "background_text",
            terms_name=terms.name[self.language],
            terms_version=terms.version,
            terms_date=date_text(terms.dated, self.locale),
        )
        return Section(
            "background",
            self.heading(t("background_heading")),
            (Paragraph("background-text", text),),
        )

    def summary(self) -> Section:
        t, quote = self.t, self.quote
        rows = tuple(
            (str(line.number), line.name, line.service_code, self.money(line.total))
            for line in quote.lines
        )
        totals = [(t("subtotal_label"), self.money(quote.subtotal))]
        if quote.tax is not None:
            percent = number_text(quote.tax.percent, self.locale)
            totals.append(
                (
                    t("tax_label", tax_label=quote.tax.label, tax_percent=percent),
                    self.money(quote.tax.amount),
                )
            )
        totals.append((t("total_label"), self.money(quote.total)))
        standard = t(
            "standard_prices_text",
            book_title=quote.book_title,
            book_id=quote.book.id,
            book_version=quote.book.version,
            book_digest=quote.book.digest,
        )
        return Section(
            "summary",
            self.heading(t("summary_heading")),
            (
                Table(
                    "fee-table",
                    (t("column_number"), t("column_service"), t("column_code"), t("column_amount")),
                    rows,
                    ("left", "left", "left", "right"),
                    tuple(totals),
                ),
                Paragraph("standard-prices", standard, style="note"),
            ),
        )

    def service(self, line: PricedLine) -> Section:
        t = self.t
        at = f"line-{line.number}"
        blocks: list[Block] = []
        particulars = [(p.label, p.shown) for p in line.parameters]
        if particulars:
            blocks.append(Heading(f"{at}-parameters-heading", t("parameters_heading"), level=3))
            blocks.append(KeyValues(f"{at}-parameters", tuple(particulars)))
        blocks.append(Heading(f"{at}-scope-heading", t("scope_heading"), level=3))
        blocks.extend(
            Paragraph(f"{at}-scope-{i}", text)
            for i, text in enumerate(paragraphs(line.scope), start=1)
        )
        blocks.append(Heading(f"{at}-deliverables-heading", t("deliverables_heading"), level=3))
        if line.deliverables:
            blocks.append(BulletList(f"{at}-deliverables", line.deliverables))
        else:
            blocks.append(Paragraph(f"{at}-deliverables", t("no_deliverables")))
        if line.assumptions:
            blocks.append(Heading(f"{at}-assumptions-heading", t("assumptions_heading"), level=3))
            blocks.append(Paragraph(f"{at}-assumptions-intro", t("assumptions_intro")))
            blocks.append(BulletList(f"{at}-assumptions", line.assumptions))
        if line.exclusions:
            blocks.append(Heading(f"{at}-exclusions-heading", t("exclusions_heading"), level=3))
            blocks.append(BulletList(f"{at}-exclusions", line.exclusions))
        blocks.append(
            Heading(f"{at}-responsibilities-heading", t("responsibilities_heading"), level=3)
        )
        blocks.append(Paragraph(f"{at}-responsibilities", t("responsibilities_text")))
        blocks.append(Heading(f"{at}-schedule-heading", t("schedule_heading"), level=3))
        blocks.append(
            Paragraph(f"{at}-schedule", t("schedule_text", days=str(line.lead_time_days)))
        )
        blocks.append(Heading(f"{at}-fee-heading", t("fee_heading"), level=3))
        blocks.append(Paragraph(f"{at}-fee", self.fee(line)))
        heading = t(
            "service_heading", number=str(line.number), name=f"{line.name} ({line.service_code})"
        )
        return Section(at, self.heading(heading), tuple(blocks))

    def fee(self, line: PricedLine) -> str:
        t = self.t
        amount = self.money(line.total)
        if line.model == "per_unit" and line.unit_price is not None:
            return t(
                "fee_per_unit",
                quantity=number_text(line.quantity, self.locale),
                unit_price=self.money(line.unit_price),
                unit=line.unit or "",
                amount=amount,
            )
        if line.model == "base_plus_unit" and line.base is not None and line.unit_price is not None:
            return t(
                "fee_base_plus_unit",
                base=self.money(line.base),
                units=str(line.units),
                unit_price=self.money(line.unit_price),
                unit=line.unit or "",
                amount=amount,
            )
        return t("fee_fixed", amount=amount)

    def payment(self) -> Section:
        t, quote = self.t, self.quote
        blocks: list[Block] = [
            KeyValues(
                "payment-terms",
                ((t("payment_terms_label"), " ".join(paragraphs(quote.payment_terms))),),
            ),
        ]
        if quote.tax is None:
            blocks.append(Paragraph("taxes", t("no_tax_text")))
        blocks.append(Paragraph("expenses", t("expenses_text")))
        return Section("payment", self.heading(t("payment_heading")), tuple(blocks))

    def standard_terms(self) -> Section:
        blocks: list[Block] = []
        for clause in self.terms.clauses:
            blocks.append(
                Heading(f"terms-{clause.id}-heading", clause.heading[self.language], level=3)
            )
            blocks.extend(
                Paragraph(f"terms-{clause.id}-{i}", text)
                for i, text in enumerate(paragraphs(clause.text[self.language]), start=1)
            )
        return Section("terms", self.heading(self.t("terms_heading")), tuple(blocks))

    def validity(self) -> Section:
        t = self.t
        text = t("validity_text", valid_until=date_text(self.quote.valid_until, self.locale))
        return Section(
            "validity", self.heading(t("validity_heading")), (Paragraph("validity-text", text),)
        )

    def counterparts(self) -> Section:
        t = self.t
        return Section(
            "counterparts",
            self.heading(t("counterparts_heading")),
            (Paragraph("counterparts-text", t("counterparts_text")),),
        )

    def signatures(self) -> Section:
        t = self.t
        labels = (t("signature_by"), t("signature_name"), t("signature_title"), t("signature_date"))
        customer = self.quote.request.customer
        return Section(
            "signatures",
            self.heading(t("signatures_heading")),
            (
                Paragraph("signatures-intro", t("signatures_intro")),
                SignatureBlock(
                    "signature-vendor",
                    self.vendor.legal_name,
                    labels,
                    self.vendor.signatory_name,
                    self.vendor.signatory_title[self.language],
                    VENDOR_FIELD,
                    t("signature_field_hint"),
                ),
                SignatureBlock(
                    "signature-customer",
                    customer.legal_name,
                    labels,
                    customer.signatory.name,
                    customer.signatory.title,
                    CUSTOMER_FIELD,
                    t("signature_field_hint"),
                ),
            ),
            keep_together=True,
        )
