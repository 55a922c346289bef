"""The reader's lean reply classes against pymodbus' own, and the reader really using them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pymodbus.pdu import ModbusPDU
from pymodbus.pdu.bit_message import (
    ReadCoilsResponse,
    ReadDiscreteInputsRequest,
    ReadDiscreteInputsResponse,
)
from pymodbus.pdu.decoders import DecodePDU
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadHoldingRegistersResponse,
    ReadInputRegistersResponse,
)

from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.replies import LEAN_REPLIES
from operator_app.site_config.tag_map import Table
from tests.machine_data.conftest import connection_to
from tests.machine_data.test_modbus_reading import settle

STOCK = DecodePDU(is_server=False)
LEAN = DecodePDU(is_server=False)
for _reply in LEAN_REPLIES:
    LEAN.register(_reply)

registers = st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=125)
bits = st.lists(st.booleans(), min_size=1, max_size=2000)


def stock_and_lean(frame: bytes) -> tuple[ModbusPDU, ModbusPDU]:
    stock, lean = STOCK.decode(frame), LEAN.decode(frame)
    assert stock is not None
    assert lean is not None
    assert type(lean) in LEAN_REPLIES
    assert isinstance(lean, type(stock))
    assert lean.function_code == stock.function_code
    assert not lean.isError()
    return stock, lean


@given(registers, st.sampled_from([ReadHoldingRegistersResponse, ReadInputRegistersResponse]))
def test_register_replies_decode_as_pymodbus_does(
    words: list[int], kind: type[ReadHoldingRegistersResponse]
) -> None:
    stock, lean = stock_and_lean(bytes([kind.function_code]) + kind(registers=words).encode())
    assert list(lean.registers) == stock.registers == words


@given(bits, st.sampled_from([ReadCoilsResponse, ReadDiscreteInputsResponse]))
def test_bit_replies_decode_as_pymodbus_does(
    values: list[bool], kind: type[ReadCoilsResponse]
) -> None:
    stock, lean = stock_and_lean(bytes([kind.function_code]) + kind(bits=values).encode())
    # Padded to whole bytes, as the protocol sends them: the same padding as pymodbus'.
    assert lean.bits == stock.bits
    assert lean.bits[: len(values)] == values
    assert all(type(b) is bool for b in lean.bits)


@given(registers, st.integers(1, 40))
def test_a_cut_register_reply_is_refused_as_pymodbus_refuses_it(words: list[int], cut: int) -> None:
    frame = bytes([3]) + ReadHoldingRegistersResponse(registers=words).encode()
    frame = frame[: max(2, len(frame) - cut)]
    assert STOCK.decode(frame) is None
    assert LEAN.decode(frame) is None


def test_the_text_of_a_reply_does_not_spell_out_its_registers() -> None:
    """pymodbus renders every reply as text for a debug line, even with debug logging off."""
    reply = LEAN.decode(bytes([3]) + ReadHoldingRegistersResponse(registers=[7] * 120).encode())
    assert reply is not None
    assert "120 registers" in str(reply)
    assert len(str(reply)) < 120


def test_the_reader_reads_through_the_lean_replies(plc: ModbusServerThread) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [1, 2, 3])
    plc.set_values(Table.DISCRETE_INPUT, 0, [True, False, True])
    settle(plc)
    reader = DeviceReader(connection_to(plc))
    try:
        client = reader.client
        words = client.execute(False, ReadHoldingRegistersRequest(address=0, count=3, dev_id=1))
        inputs = client.execute(False, ReadDiscreteInputsRequest(address=0, count=3, dev_id=1))
    finally:
        reader.close()
    assert type(words) in LEAN_REPLIES
    assert isinstance(words, ReadHoldingRegistersResponse)
    assert list(words.registers) == [1, 2, 3]
    assert type(inputs) in LEAN_REPLIES
    assert isinstance(inputs, ReadDiscreteInputsResponse)
    assert inputs.bits[:3] == [True, False, True]
