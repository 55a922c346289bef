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
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import Any

from pymodbus.client import ModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException

from operator_app.machine_data.block_decoder import BlockDecoder
from operator_app.machine_data.blocks import ReadBlock, plan_blocks
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.site_config.tag_map import ModbusConnection, Table, Tag
from shopfloor_core.domain.clock import Clock, utc_now

log = logging.getLogger(__name__)

GOOD = Quality.GOOD
_NAME = attrgetter("name")
# Sample._make without its Python frame: tuple.__new__ called from C for each tag.
_SAMPLE = partial(tuple.__new__, Sample)

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
        # Per set of tags asked for: its blocks, each with its decoder compiled once.
        self._plans: dict[tuple[str, ...], list[BlockDecoder]] = {}
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
        key = tuple(map(_NAME, tags))
        decoders = self._plans.get(key)
        if decoders is None:
            decoders = self._plans[key] = [BlockDecoder(b) for b in plan_blocks(tags)]
        samples: dict[str, Sample] = {}
        problems: list[str] = []
        link = LinkState.ONLINE
        for decoder in decoders:
            block = decoder.block
            try:
                reply = self._request(block)
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
            if answered != READ_FUNCTION[block.table]:
                # An answer to another question (a confused gateway, a stale reply): its
                # registers are not the ones asked for, whatever they look like.
                self._drop()
                problems.append(
                    f"{block.describe()}: reply with function code {answered}, "
                    f"expected {READ_FUNCTION[block.table]}"
                )
                link = LinkState.DEGRADED
                self._not_read(block, previous, samples)
                continue
            bad = self._decode(decoder, reply, at, previous, samples)
            if bad:
                problems.extend(bad)
                link = LinkState.DEGRADED
        return link, samples, problems

    def _request(self, block: ReadBlock) -> Any:
        unit = self.connection.unit_id
        if block.table is Table.COIL:
            return self.client.read_coils(block.start, count=block.count, device_id=unit)
        if block.table is Table.DISCRETE_INPUT:
            return self.client.read_discrete_inputs(block.start, count=block.count, device_id=unit)
        if block.table is Table.HOLDING_REGISTER:
            return self.client.read_holding_registers(
                block.start, count=block.count, device_id=unit
            )
        return self.client.read_input_registers(block.start, count=block.count, device_id=unit)

    def _decode(
        self,
        decoder: BlockDecoder,
        reply: Any,
        at: Any,
        previous: dict[str, Sample],
        samples: dict[str, Sample],
    ) -> list[str]:
        block = decoder.block
        if block.table.is_bits:
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
        fresh = map(_SAMPLE, zip(names, values, raw, repeat(at), repeat(GOOD)))
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
