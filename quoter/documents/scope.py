"""The Scope of Support builder: a policy, its price book and the wording in, the published
`Document` out. Pure, like the contract builder: every string is formatted here with Babel, and the
same HTML/PDF and DOCX layouts render it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from quoter.documents.contract import paragraphs
from quoter.documents.model import (
    Block,
    Document,
    Heading,
    KeyValues,
    Metadata,
    Paragraph,
    Section,
    Table,
)
from quoter.domain.contract_terms import ContractTexts, VendorProfile
from quoter.domain.display import date_text, money_text
from quoter.domain.explain import clause_words
from quoter.domain.money import Money
from quoter.domain.policy import Clause, ItemsClause, Policy, release_table
from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    FixedPrice,
    PerUnitPrice,
    PriceBook,
    Service,
    TieredPrice,
)
from quoter.domain.pricing import document_locale


def build_scope_document(
    policy: Policy,
    book: PriceBook,
    vendor: VendorProfile,
    wording: ContractTexts,
    language: str,
    day: date,
    *,
    logo: str | None = None,
) -> Document:
    """The published Scope of Support of `policy` as of `day`, in `language`, with the services
    catalogue of `book` (the policy's book in force on `day`) as its appendix."""
    builder = _Builder(policy, book, wording, language, day)
    t = wording
    title = policy.title[language]
    page_of = t("page_of", page="\x00", pages="\x00").split("\x00")
    return Document(
        id=f"scope-{policy.id}-{policy.version}",
        language=language,
        title=title,
        metadata=Metadata(
            title=f"{title} ({policy.id} {policy.version})",
            author=vendor.legal_name,
            subject=t("document_subject"),
            keywords=(policy.id, policy.version, policy.product.name),
        ),
        footer=t(
            "footer",
            policy_id=policy.id,
            policy_version=policy.version,
            policy_digest=policy.ref.digest,
        ),
        page_of=(page_of[0], page_of[1], page_of[2]),
        sections=tuple(builder.sections()),
        logo=logo,
    )


class _Builder:
    def __init__(
        self, policy: Policy, book: PriceBook, wording: ContractTexts, language: str, day: date
    ) -> None:
        self.policy = policy
        self.book = book
        self.t = wording
        self.language = language
        self.day = day
        self.locale = document_locale(language, book.locale)
        self.number = 0

    def heading(self, key: str) -> str:
        self.number += 1
        return f"{self.number}. {self.t(key)}"

    def date(self, day: date) -> str:
        return date_text(day, self.locale)

    def clauses(self, block_id: str, *pairs: tuple[str, str]) -> KeyValues:
        """Clauses as the document lists them: each id beside its words."""
        return KeyValues(block_id, pairs, style="clauses")

    def clause(self, clause: Clause) -> tuple[str, str]:
        return (clause.id, self._words(clause))

    def _words(self, clause: Clause) -> str:
        return clause_words(self.policy, clause, self.language, self.locale)

    def sections(self) -> list[Section]:
        return [
            self.cover(),
            self.introduction(),
            self.covered(),
            self.releases(),
            self.environments(),
            self.modified(),
            self.third_party(),
            *([self.previews()] if self.policy.previews else []),
            self.not_covered(),
            self.how_to_buy(),
            self.catalogue(),
        ]

    def cover(self) -> Section:
        t, policy = self.t, self.policy
        pairs = (
            (t("product_label"), policy.product.name),
            (t("version_label"), f"{policy.id} {policy.version}"),
            (t("effective_label"), self.date(policy.effective_from)),
            (t("status_label"), self.date(self.day)),
            (t("digest_label"), policy.ref.digest),
        )
        blocks = (
            Heading("title", policy.title[self.language], level=1),
            KeyValues("cover-details", pairs),
        )
        return Section("cover", None, blocks)

    def introduction(self) -> Section:
        texts = paragraphs(self.policy.introduction[self.language])
        blocks = tuple(Paragraph(f"introduction-{i}", text) for i, text in enumerate(texts, 1))
        return Section("introduction", self.heading("introduction_heading"), blocks)

    def covered(self) -> Section:
        pairs = [self.clause(r.clause) for r in self.policy.requests if r.kind.covered]
        blocks = (
            Paragraph("covered-intro", self.t("covered_intro")),
            self.clauses("covered-clauses", *pairs),
        )
        return Section("covered", self.heading("covered_heading"), blocks)

    def releases(self) -> Section:
        t = self.t
        rows = []
        for status in release_table(self.policy, self.day):
            release = self.policy.product.release(status.release)
            assert release is not None
            if status.until is not None:
                until = self.date(status.until)
            elif status.releases_left == 1:
                until = t("until_next_release")
            elif status.releases_left is not None:
                until = t("until_releases", count=str(status.releases_left))
            else:
                until = "\N{EN DASH}"
            rows.append(
                (
                    release.name,
                    self.date(release.released_on),
                    t(f"phase_{status.phase.value}"),
                    until,
                    status.clause.id,
                )
            )
        header = tuple(
            t(key)
            for key in (
                "column_release",
                "column_published",
                "column_phase",
                "column_until",
                "column_clause",
            )
        )
        blocks: list[Block] = [
            Paragraph("releases-intro", t("releases_intro", date=self.date(self.day))),
            Table("releases-table", header, tuple(rows), ("left", "left", "left", "left", "left")),
        ]
        pairs = [self.clause(self.policy.window.clause)]
        pairs += [self.clause(dated.clause) for dated in self.policy.dated]
        pairs += [self.clause(self.policy.maintenance), self.clause(self.policy.end_of_life)]
        blocks.append(self.clauses("release-clauses", *pairs))
        return Section("releases", self.heading("releases_heading"), tuple(blocks))

    def environments(self) -> Section:
        t = self.t
        rows = tuple(
            (
                t(f"category_label_{clause.category}"),
                item.name,
                t(f"level_{clause.level.value}"),
                clause.clause.id,
            )
            for clause in self.policy.environments
            for item in clause.items
        )
        header = (
            t("column_category"),
            t("column_environment"),
            t("column_level"),
            t("column_clause"),
        )
        blocks: list[Block] = [
            Paragraph("environments-intro", t("environments_intro")),
            Table("environments-table", header, rows, ("left", "left", "left", "left")),
        ]
        pairs = [self.clause(clause.clause) for clause in self.policy.environments]
        pairs.append(self.clause(self.policy.unlisted_environments))
        blocks.append(self.clauses("environment-clauses", *pairs))
        return Section("environments", self.heading("environments_heading"), tuple(blocks))

    def modified(self) -> Section:
        blocks = (self.clauses("modified-clauses", self.clause(self.policy.modified_source)),)
        return Section("modified", self.heading("modified_heading"), blocks)

    def third_party(self) -> Section:
        blocks = self.listed(self.policy.third_party, "third_party_listed")
        blocks.append(
            self.clauses("third-party-defects", self.clause(self.policy.third_party_defects))
        )
        return Section("third-party", self.heading("third_party_heading"), tuple(blocks))

    def previews(self) -> Section:
        blocks = self.listed(self.policy.previews, "previews_listed")
        return Section("previews", self.heading("previews_heading"), tuple(blocks))

    def listed(self, clauses: tuple[ItemsClause, ...], key: str) -> list[Block]:
        """Each clause, followed in its own words by the names of the things it lists."""
        blocks: list[Block] = []
        for clause in clauses:
            names = ", ".join(item.name for item in clause.items)
            words = f"{self._words(clause.clause)} {self.t(key, items=names)}"
            blocks.append(self.clauses(f"clause-{clause.clause.id}", (clause.clause.id, words)))
        return blocks

    def not_covered(self) -> Section:
        pairs = []
        for request in self.policy.requests:
            if request.kind.covered or request.proposal is None:
                continue
            service = self.book.service(request.proposal.service)
            name = service.name[self.language] if service else request.proposal.service
            words = self.t(
                "not_covered_item",
                text=self._words(request.clause),
                service=name,
                code=request.proposal.service,
            )
            pairs.append((request.clause.id, words))
        blocks = (
            Paragraph("not-covered-intro", self.t("not_covered_intro")),
            self.clauses("not-covered-clauses", *pairs),
        )
        return Section("not-covered", self.heading("not_covered_heading"), blocks)

    def how_to_buy(self) -> Section:
        texts = paragraphs(self.policy.how_to_buy[self.language])
        blocks: list[Block] = [
            Paragraph(f"how-to-buy-{i}", text) for i, text in enumerate(texts, 1)
        ]
        blocks.append(
            Paragraph(
                "catalogue-pointer",
                self.t(
                    "catalogue_pointer",
                    date=self.date(self.day),
                    book_title=self.book.title[self.language],
                    book_id=self.book.id,
                    book_version=self.book.version,
                ),
            )
        )
        return Section("how-to-buy", self.heading("how_to_buy_heading"), tuple(blocks))

    def catalogue(self) -> Section:
        t, book = self.t, self.book
        blocks: list[Block] = [
            Paragraph(
                "catalogue-intro",
                t(
                    "catalogue_intro",
                    book_title=book.title[self.language],
                    book_id=book.id,
                    book_version=book.version,
                    book_digest=book.digest,
                    date=self.date(self.day),
                ),
            )
        ]
        header = (t("column_code"), t("column_service"), t("column_price"))
        for category in book.categories:
            services = [s for s in book.services if s.category == category.id]
            if not services:
                continue
            rows = tuple((s.code, s.name[self.language], self.price(s)) for s in services)
            blocks.append(Heading(f"category-{category.id}", category.name[self.language], 3))
            blocks.append(
                Table(f"catalogue-{category.id}", header, rows, ("left", "left", "right"))
            )
        blocks.append(
            KeyValues(
                "payment-terms",
                ((t("payment_terms_label"), book.payment_terms[self.language]),),
            )
        )
        return Section("catalogue", t("catalogue_heading"), tuple(blocks))

    def price(self, service: Service) -> str:
        """A service's price as the catalogue states it, in the book's currency."""
        t, pricing = self.t, service.pricing
        if isinstance(pricing, FixedPrice):
            return t("price_fixed", price=self.money(pricing.price))
        if isinstance(pricing, PerUnitPrice):
            return t(
                "price_per_unit",
                price=self.money(pricing.unit_price),
                unit=pricing.unit[self.language],
            )
        if isinstance(pricing, TieredPrice):
            return "; ".join(
                t("price_tiered", tier=tier, price=self.money(amount))
                for tier, amount in pricing.prices.items()
            )
        assert isinstance(pricing, BasePlusUnitPrice)
        return t(
            "price_base_plus_unit",
            base=self.money(pricing.base),
            price=self.money(pricing.unit_price),
            unit=pricing.unit[self.language],
        )

    def money(self, amount: Decimal) -> str:
        return money_text(Money(amount, self.book.currency), self.locale)
