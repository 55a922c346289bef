"""The product a machine says it is set up for, from its product_code register.

Plain Python, fed one ``PollResult`` at a time like ``MachineTrack``: it reports the product
once when the PLC's number changes (and once at the first reading, so a client started with a
job of another product in force hears what is really running). A number read with any quality
but good says nothing; 0 is "no product loaded" and leaves the job in force alone, as a PLC
between recipes does not mean the job ended.
"""

from __future__ import annotations

from dataclasses import dataclass

from operator_app.machine_data.samples import PollResult, Quality
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole


@dataclass(frozen=True)
class ProductReported:
    machine_id: str
    number: int  # the PLC's own number, for the log and a message
    product_code: str


class ProductWatch:
    """One machine's product_code tag; ``feed`` returns a report only when the product changed."""

    def __init__(self, machine: MachineConfig) -> None:
        self.machine_id = machine.machine_id
        self.tag: Tag | None = next(
            (t for t in machine.tags if t.role is TagRole.PRODUCT_CODE), None
        )
        self._last: int | None = None

    def feed(self, result: PollResult) -> ProductReported | None:
        if self.tag is None:
            return None
        sample = result.samples.get(self.tag.name)
        # Only a value read in this poll (a stale one is the last good value, not news).
        if sample is None or sample.quality is not Quality.GOOD or sample.raw is None:
            return None
        number = int(sample.raw)
        if number == self._last:
            return None
        self._last = number
        code = self.tag.product_code(number)
        return None if code is None else ProductReported(self.machine_id, number, code)

    def forget(self) -> None:
        """Report the next reading again (the rule that takes it could not be written)."""
        self._last = None
