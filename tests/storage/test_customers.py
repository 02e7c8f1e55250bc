"""The register's customers: kept from each draft's request (the latest details win), offered for
completion most recently used first, and the path by which quotes are found by customer name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quoter.storage.register import Register
from quoter.storage.schema import customers, quotes
from tests.storage.conftest import quote_facts

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _customer_ids(register: Register) -> dict[str, int | None]:
    """Each quote's customer_id, by number."""
    with register.engine.connect() as connection:
        rows = connection.execute(select(quotes.c.number, quotes.c.customer_id))
        return {row.number: row.customer_id for row in rows}


def test_a_draft_stores_its_customer_and_the_latest_details_win(database: str) -> None:
    register = Register(database)
    try:
        first = register.create_draft(
            "Q", quote_facts("Acme GmbH", address="1 Old Road"), NOW, "sam", year=2026
        )
        register.create_draft(
            "Q", quote_facts("Globex"), NOW + timedelta(hours=1), "sam", year=2026
        )
        second = register.create_draft(
            "Q",
            quote_facts("Acme GmbH", address="2 New Road"),
            NOW + timedelta(hours=2),
            "sam",
            year=2026,
        )
        ids = _customer_ids(register)
        assert ids[first] == ids[second] is not None
        (acme,) = register.customers("acme")
        assert acme.legal_name == "Acme GmbH"
        assert acme.details["address"] == ["2 New Road", "Springfield"]
        assert acme.details["signatory"] == {"name": "Jane Smith", "title": "CTO"}
        assert acme.last_used_at == NOW + timedelta(hours=2)
        # editing the older draft uses the customer again, with that draft's new details
        register.update_draft(
            register.get(first),
            quote_facts("Acme GmbH", address="3 Edited Lane"),
            NOW + timedelta(hours=3),
            "sam",
        )
        (acme,) = register.customers("ACME")
        assert acme.details["address"] == ["3 Edited Lane", "Springfield"]
        assert acme.last_used_at == NOW + timedelta(hours=3)
        with register.engine.connect() as connection:
            assert len(connection.execute(select(customers.c.id)).all()) == 2
    finally:
        register.close()


def test_completion_lists_the_most_recently_used_first(database: str) -> None:
    register = Register(database)
    try:
        for hour, name in enumerate(["Initech LLC", "Initrode Inc.", "Globex", "Hooli"]):
            register.create_draft(
                "Q", quote_facts(name), NOW + timedelta(hours=hour), "sam", year=2026
            )
        assert [c.legal_name for c in register.customers()] == [
            "Hooli",
            "Globex",
            "Initrode Inc.",
            "Initech LLC",
        ]
        assert [c.legal_name for c in register.customers("INIT")] == [
            "Initrode Inc.",
            "Initech LLC",
        ]
        assert [c.legal_name for c in register.customers("", limit=2)] == ["Hooli", "Globex"]
        assert register.customers("nobody") == []
    finally:
        register.close()


def test_a_draft_edited_to_another_customer_moves_to_it(database: str) -> None:
    register = Register(database)
    try:
        number = register.create_draft("Q", quote_facts("Acme GmbH"), NOW, "sam", year=2026)
        register.update_draft(register.get(number), quote_facts("Globex"), NOW, "sam")
        assert [q.number for q in register.find(customer="globex")] == [number]
        assert register.find(customer="acme") == []
        assert register.summaries(customer="acme") == []
        assert register.get(number).customer == "Globex"
        # the customer stays known for completion though no quote is its any more
        assert {c.legal_name for c in register.customers()} == {"Acme GmbH", "Globex"}
    finally:
        register.close()


def test_a_request_without_a_customer_object_keeps_the_stored_details(database: str) -> None:
    register = Register(database)
    try:
        register.create_draft(
            "Q", quote_facts("Acme GmbH", address="1 Old Road"), NOW, "sam", year=2026
        )
        bare = quote_facts("Acme GmbH")
        bare.request.pop("customer")
        later = NOW + timedelta(days=1)
        register.create_draft("Q", bare, later, "sam", year=2026)
        (acme,) = register.customers()
        assert acme.details["address"] == ["1 Old Road", "Springfield"]
        assert acme.last_used_at == later
        # a first quote without one still gets its customer, by name
        bare = quote_facts("Globex")
        bare.request.pop("customer")
        register.create_draft("Q", bare, later, "sam", year=2026)
        assert register.customers("globex")[0].details == {"legal_name": "Globex"}
    finally:
        register.close()


def test_the_customer_filter_matches_wildcards_literally_in_any_case(database: str) -> None:
    names = [
        "Acme 100% Ltd",
        "Acme 1000 Inc.",
        "Acme_Tools GmbH",
        "Acme Tools AG",
        "Back\\slash Corp",
        "Backslash AG",
        "Straße Bau AG",
    ]
    register = Register(database)
    try:
        numbers = {
            name: register.create_draft(
                "Q", quote_facts(name), NOW + timedelta(minutes=i), "sam", year=2026
            )
            for i, name in enumerate(names)
        }

        def found(text: str) -> list[str]:
            listed = [s.customer for s in register.summaries(customer=text)]
            assert listed == [q.customer for q in register.find(customer=text)]
            return listed

        assert found("100%") == ["Acme 100% Ltd"]
        assert found("0%") == ["Acme 100% Ltd"]
        assert found("e_t") == ["Acme_Tools GmbH"]
        assert found("_") == ["Acme_Tools GmbH"]
        assert found("k\\s") == ["Back\\slash Corp"]
        assert found("ACME TOOLS") == ["Acme Tools AG"]
        assert found("aCmE") == [
            "Acme Tools AG",
            "Acme_Tools GmbH",
            "Acme 1000 Inc.",
            "Acme 100% Ltd",
        ]
        assert found("STRASSE") == ["Straße Bau AG"]  # casefolded, beyond ASCII
        assert found("%") == ["Acme 100% Ltd"]
        assert found("nobody") == []
        assert len(found("")) == len(names)  # an empty filter is no filter
        assert register.get(numbers["Straße Bau AG"]).customer == "Straße Bau AG"
    finally:
        register.close()
