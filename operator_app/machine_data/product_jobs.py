"""What the monitor does when a PLC reports another product: hand it to the domain's jobs.

Kept apart from the Qt worker so the rule's call is plain Python and testable on a store.
"""

from __future__ import annotations

from operator_app.machine_data.product_tag import ProductReported
from operator_app.services.capture import CaptureService


def follow_product(capture: CaptureService, reported: ProductReported) -> object:
    """Bring the reported product's job into force on the machine (see docs/configuration.md,
    "The product a PLC reports"); raises the domain's RuleViolation for an unknown product."""
    raise NotImplementedError("wired to the domain's jobs at integration")
