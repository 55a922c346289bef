"""Read replies decoded in one C call each, in place of pymodbus' own reply classes.

pymodbus 3.16 turns a register reply into numbers with one ``struct.unpack`` per register and
a bit reply with a Python loop per bit, and then renders the whole reply as text for a debug
line even when debug logging is off (``pdu/decoders.py``). For a block of 120 registers that is
about 30 µs a poll, more than the reader's own decoding of the block. These classes give the same
``registers`` and ``bits`` (checked against pymodbus' classes in
``tests/machine_data/test_replies.py``) with one ``unpack_from`` or one table look-up per byte,
and a short text.

They are registered on each reader's own client (``client.register``), so nothing else using
pymodbus in the process is affected.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from itertools import chain

from pymodbus.exceptions import ModbusIOException
from pymodbus.pdu.bit_message import ReadCoilsResponse, ReadDiscreteInputsResponse
from pymodbus.pdu.pdu import ModbusPDU
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersResponse,
    ReadInputRegistersResponse,
)

# The bits of each byte value, least significant first (Modbus' order within a byte).
_BYTE_BITS = tuple(tuple(bool(value >> bit & 1) for bit in range(8)) for value in range(256))
# A reply holds at most 125 registers (250 bytes): one format per length, made once.
_WORDS = tuple(struct.Struct(f">{count}H") for count in range(128))


def _registers(reply: ModbusPDU, data: bytes) -> None:
    size = data[0]
    # As pymodbus: a byte count the frame cannot hold is a broken reply.
    if size >= len(data):
        raise ModbusIOException(
            f"byte_count {size} > length of packet {len(data)}",
            function_code=reply.function_code,
        )
    reply.registers = _WORDS[size // 2].unpack_from(data, 1)


def _bits(reply: ModbusPDU, data: bytes) -> None:
    reply.bits = list(chain.from_iterable(map(_BYTE_BITS.__getitem__, data[1:])))


def _text(reply: ModbusPDU) -> str:
    return (
        f"{type(reply).__name__}(dev_id={reply.dev_id}, transaction_id={reply.transaction_id}, "
        f"{len(reply.registers)} registers, {len(reply.bits)} bits)"
    )


def _lean(stock: type[ModbusPDU], decode: Callable[[ModbusPDU, bytes], None]) -> type[ModbusPDU]:
    """A subclass of pymodbus' reply class ``stock`` that decodes with ``decode``."""
    return type(f"Lean{stock.__name__}", (stock,), {"decode": decode, "__str__": _text})


LEAN_REPLIES = (
    _lean(ReadCoilsResponse, _bits),
    _lean(ReadDiscreteInputsResponse, _bits),
    _lean(ReadHoldingRegistersResponse, _registers),
    _lean(ReadInputRegistersResponse, _registers),
)
