"""Whether the products a site file names exist in the region's products in force."""

from __future__ import annotations

import json
import logging
import sqlite3

from operator_app.site_config import SiteConfig
from shopfloor_core.domain.products import Products, ProductsError, bundled_products, load_products

log = logging.getLogger(__name__)


def products_for_check(site: SiteConfig) -> Products:
    """The products in force for ``site`` without opening its store for writing: the active
    bundle's section if the store has one, else the shipped products."""
    path = site.database_path
    if path.exists():
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                row = conn.execute("SELECT document FROM bundles WHERE active = 1").fetchone()
            section = json.loads(row[0]).get("products") if row else None
            if section is not None:
                return load_products(section)
        except (sqlite3.Error, ValueError, ProductsError) as exc:
            log.warning("products of the bundle in %s not read: %s", path, exc)
    return bundled_products()


def unknown_site_products(site: SiteConfig, products: Products | None = None) -> list[str]:
    """One line per code of ``[products] runs`` that the products in force do not have."""
    products = products or products_for_check(site)
    return [
        f"products.runs: {code!r} is not a product of the region's products version "
        f"{products.version}"
        for code in products.unknown(site.products)
    ]
