"""One read of a device's tags: coalesced block requests, decoded values, honest qualities.

Not thread-safe (neither is the pymodbus sync client): one reader per device thread.

Timing rules the poller relies on:

- ``retries=0`` and a short timeout: a dead device costs one timeout (by default 0.4 of the
  poll interval, at most 1 s: ``site_config.tag_map.default_timeout_s``), not the library's
  3 s x 4 tries. A device that hangs is thus noticed within poll interval + timeout.
- After a timeout or a garbled reply the socket is closed. Whatever the device sends late then
  dies with that socket and can never be taken as the answer to a later request (pymodbus also
  drops frames whose transaction id does not match; closing makes it certain).
- A timeout or a lost connection ends the read at once: the remaining blocks would only wait
  for the same silent device.

Per poll the reader does only what the reply needs: each block's request is built once and
sent again (pymodbus sets a new transaction id on every send), replies are decoded by the lean
classes of ``replies.py``, and the plan of a tuple of tags is found by identity.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any

from pymodbus.client import ModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.pdu import ModbusPDU
from pymodbus.pdu.bit_message import ReadCoilsRequest, ReadDiscreteInputsRequest
from pymodbus.pdu.register_message import ReadHoldingRegistersRequest, ReadInputRegistersRequest

from operator_app.machine_data.block_decoder import BlockDecoder
from operator_app.machine_data.blocks import ReadBlock, plan_blocks
from operator_app.machine_data.replies import LEAN_REPLIES
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.site_config.tag_map import ModbusConnection, Table, Tag
from shopfloor_core.domain.clock import Clock, utc_now

log = logging.getLogger(__name__)

GOOD = Quality.GOOD
_NAME = attrgetter("name")
# Sample._make without its Python frame: tuple.__new__(Sample, fields) called from C per tag.
_NEW = tuple.__new__

EXCEPTION_NAMES = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "device failure",
    5: "acknowledge",
    6: "device busy",
    10: "gateway path unavailable",
    11: "gateway target failed to respond",
}


# The Modbus function code of a read of each table; a reply must carry the same one.
READ_FUNCTION = {
    Table.COIL: 1,
    Table.DISCRETE_INPUT: 2,
    Table.HOLDING_REGISTER: 3,
    Table.INPUT_REGISTER: 4,
}
READ_REQUEST: dict[Table, type[ModbusPDU]] = {
    Table.COIL: ReadCoilsRequest,
    Table.DISCRETE_INPUT: ReadDiscreteInputsRequest,
    Table.HOLDING_REGISTER: ReadHoldingRegistersRequest,
    Table.INPUT_REGISTER: ReadInputRegistersRequest,
}


class _Step:
    """One block of a plan: its decoder and the request that reads it, both made once."""

    __slots__ = ("block", "decoder", "function_code", "is_bits", "request")

    def __init__(self, block: ReadBlock, unit_id: int) -> None:
        self.block = block
        self.decoder = BlockDecoder(block)
        # Looked up once: an enum's hash and ``is_bits`` are Python calls.
        self.function_code = READ_FUNCTION[block.table]
        self.is_bits = block.table.is_bits
        self.request = READ_REQUEST[block.table](
            address=block.start, count=block.count, dev_id=unit_id
        )


class DeviceReader:
    def __init__(self, connection: ModbusConnection, *, clock: Clock = utc_now) -> None:
        self.connection = connection
        self.clock = clock
        self.client = ModbusTcpClient(
            connection.host,
            port=connection.port,
            timeout=connection.timeout_s,
            retries=0,
            name=f"{connection.host}:{connection.port}",
        )
        for reply in LEAN_REPLIES:
            self.client.register(reply)
        # Per set of tags asked for: its blocks, each with its decoder compiled once.
        self._plans: dict[tuple[str, ...], list[_Step]] = {}
        # The tuple of tags of the last read and its plan: a poller asks for the same tuple.
        self._last: tuple[Sequence[Tag], list[_Step]] = ((), [])
        # The last good reply of each register block, newest last.
        self._words: dict[BlockDecoder, list[int]] = {}

    def close(self) -> None:
        self._drop()

    def _drop(self) -> None:
        client: Any = self.client  # pymodbus leaves close() unannotated
        client.close()

    def read(
        self, tags: Sequence[Tag], previous: dict[str, Sample] | None = None
    ) -> tuple[LinkState, dict[str, Sample], list[str]]:
        """Read ``tags`` once: (link state, a sample per tag, problems in plain words)."""
        previous = previous or {}
        samples: dict[str, Sample] = {}
        problems: list[str] = []
        link = LinkState.ONLINE
        for step in self._plan(tags):
            block = step.block
            try:
                reply = self.client.execute(False, step.request)
            except ConnectionException:
                self._drop()
                problems.append(
                    f"cannot reach {self.connection.host}:{self.connection.port} "
                    f"(connection refused or lost)"
                )
                return self._offline(tags, previous, problems)
            except ModbusIOException as exc:
                self._drop()
                if "No response" in str(exc) or "no response" in str(exc).lower():
                    problems.append(
                        f"no reply within {self.connection.timeout_s:g} s to {block.describe()}"
                    )
                    return self._offline(tags, previous, problems)
                problems.append(f"malformed reply to {block.describe()}")
                link = LinkState.DEGRADED
                self._not_read(block, previous, samples)
                continue
            except ModbusException as exc:
                self._drop()
                problems.append(f"malformed reply to {block.describe()} ({exc})")
                link = LinkState.DEGRADED
                self._not_read(block, previous, samples)
                continue
            at = self.clock()
            if reply.isError():
                code = int(getattr(reply, "exception_code", 0))
                name = EXCEPTION_NAMES.get(code, "unknown")
                problems.append(f"{block.describe()}: exception {code} ({name})")
                link = LinkState.DEGRADED
                self._not_read(block, previous, samples)
                continue
            answered = int(getattr(reply, "function_code", 0))
            if answered != step.function_code:
                # An answer to another question (a confused gateway, a stale reply): its
                # registers are not the ones asked for, whatever they look like.
                self._drop()
                problems.append(
                    f"{block.describe()}: reply with function code {answered}, "
                    f"expected {step.function_code}"
                )
                link = LinkState.DEGRADED
                self._not_read(block, previous, samples)
                continue
            bad = self._decode(step, reply, at, previous, samples)
            if bad:
                problems.extend(bad)
                link = LinkState.DEGRADED
        return link, samples, problems

    def _plan(self, tags: Sequence[Tag]) -> list[_Step]:
        last_tags, last_plan = self._last
        # A tuple cannot change, and holding it keeps its identity from being reused.
        if tags is last_tags and isinstance(tags, tuple):
            return last_plan
        key = tuple(map(_NAME, tags))
        plan = self._plans.get(key)
        if plan is None:
            unit = self.connection.unit_id
            plan = self._plans[key] = [_Step(b, unit) for b in plan_blocks(tags)]
        self._last = (tags, plan)
        return plan

    def _decode(
        self,
        step: _Step,
        reply: Any,
        at: Any,
        previous: dict[str, Sample],
        samples: dict[str, Sample],
    ) -> list[str]:
        block, decoder = step.block, step.decoder
        if step.is_bits:
            words: list[Any] = getattr(reply, "bits", None) or []
            if len(words) < block.count:
                self._not_read(block, previous, samples)
                return [f"malformed reply to {block.describe()}: {len(words)} bits"]
        else:
            words = getattr(reply, "registers", None) or []
            if len(words) != block.count:
                self._not_read(block, previous, samples)
                return [f"malformed reply to {block.describe()}: {len(words)} registers"]
            # Kept as sent, per block: the probe slices each tag's words out when it asks.
            self._words.pop(decoder, None)
            self._words[decoder] = words
        raw = decoder.raw_values(words)
        values = decoder.engineering_values(raw)
        names = decoder.names
        # Built in C (map over zip): this runs for every tag of every poll.
        fresh = map(_NEW, repeat(Sample), zip(names, values, raw, repeat(at), repeat(GOOD)))
        samples.update(zip(names, fresh, strict=True))
        bad = decoder.not_finite(raw)
        for i in bad:
            tag = block.tags[i]
            samples[tag.name] = _degraded(tag, previous)
        return [f"{block.tags[i].name}: the PLC sent {raw[i]}" for i in bad]

    @property
    def registers(self) -> dict[str, tuple[int, ...]]:
        """The words each tag was read from last, as the PLC sent them (the probe shows them)."""
        words: dict[str, tuple[int, ...]] = {}
        for decoder, registers in self._words.items():
            block = decoder.block
            for tag in block.tags:
                offset = tag.address - block.start
                words[tag.name] = tuple(registers[offset : offset + tag.width])
        return words

    def _not_read(
        self, block: ReadBlock, previous: dict[str, Sample], samples: dict[str, Sample]
    ) -> None:
        for tag in block.tags:
            samples[tag.name] = _degraded(tag, previous)

    def _offline(
        self, tags: Sequence[Tag], previous: dict[str, Sample], problems: list[str]
    ) -> tuple[LinkState, dict[str, Sample], list[str]]:
        now = self.clock()
        samples = {}
        for tag in tags:
            old = previous.get(tag.name)
            value, raw = (old.value, old.raw) if old else (None, None)
            at = old.at if old else now
            samples[tag.name] = Sample(tag.name, value, raw, at, Quality.COMM_ERROR)
        return LinkState.OFFLINE, samples, problems


def _degraded(tag: Tag, previous: dict[str, Sample]) -> Sample:
    """The last good value marked stale, or a communication error if there never was one."""
    old = previous.get(tag.name)
    if old is not None and old.value is not None:
        return Sample(tag.name, old.value, old.raw, old.at, Quality.STALE)
    return Sample(tag.name, None, None, utc_now(), Quality.COMM_ERROR)
