"""Reading a product's release list (`products/<id>.toml`) into a `Product`."""

from __future__ import annotations

import re
from pathlib import Path

from quoter.books.fields import Fields, read_data_file
from quoter.domain.problems import Problem, ProductError
from quoter.domain.products import Product, Release

PRODUCT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
RELEASE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]*")


def read_product(path: Path) -> Product:
    """The product in `path`, or `ProductError` listing every problem with its line."""
    return read_data_file(path, "product file", ProductError, product_from_fields)


def product_from_fields(top: Fields) -> Product | None:
    collector = top.collector
    top.format_one()
    product_id = top.text("id", pattern=PRODUCT_ID, expected="a lower-case id like 'orca-os'")
    name = top.text("name", expected="the product's name")
    releases: list[Release] = []
    seen: dict[str, int] = {}
    for entry in top.tables(
        "releases", expected="one [[releases]] table per release, oldest first"
    ):
        release_id = entry.text("id", pattern=RELEASE_ID, expected="a release id like '4.2'")
        release_name = entry.text("name", expected="the release's name, e.g. '4.2 LTS'")
        released_on = entry.date("date")
        entry.finish()
        if release_id is not None and release_id in seen:
            entry.problem("id", f"release '{release_id}' is listed twice", "each release once")
        if release_id and release_name and released_on:
            seen[release_id] = len(releases)
            if releases and released_on < releases[-1].released_on:
                entry.problem(
                    "date",
                    f"{released_on} is before the previous release's date "
                    f"{releases[-1].released_on}",
                    "releases listed oldest first",
                )
            releases.append(Release(release_id, release_name, released_on))
    top.finish()
    if not releases and not any(p.path[:1] == ("releases",) for p in collector.problems):
        collector.problems.append(
            Problem(("releases",), "no releases", "at least one [[releases]]")
        )
    if collector.problems or product_id is None or name is None:
        return None
    return Product(product_id, name, tuple(releases))
