"""A real Modbus TCP server (pymodbus) in a thread of its own, with values set from outside.

Used by the simulated machine, the tests and the benchmarks. The four tables are separate
(coils and discrete inputs addressed by bit), as on most PLCs. Addresses outside the defined
ranges answer with exception 2 (illegal data address), like a real device.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, cast

from pymodbus.constants import ExcCodes
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from operator_app.site_config.tag_map import Table

log = logging.getLogger(__name__)

# Function codes whose table the datastore maps writes to (fc 2 and 4 are read-only on the
# wire, but the datastore accepts them internally: that is how the "PLC" sets its inputs).
_WRITE_CODES = {
    Table.COIL: 5,
    Table.DISCRETE_INPUT: 2,
    Table.HOLDING_REGISTER: 16,
    Table.INPUT_REGISTER: 4,
}


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class ModbusServerThread:
    """``bits`` and ``registers``: how many of each table exist, from address 0."""

    def __init__(
        self,
        port: int,
        *,
        host: str = "127.0.0.1",
        unit_id: int = 1,
        bits: int = 64,
        registers: int = 128,
        tick_s: float = 0.1,
        on_tick: Callable[[ModbusServerThread, float], None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.unit_id = unit_id
        self.bits = bits
        self.registers = registers
        self.tick_s = tick_s
        self.on_tick = on_tick
        # Knobs for failure tests: answer late, or refuse with an exception code.
        self.reply_delay_s = 0.0
        self.refuse_with: ExcCodes | None = None
        self.requests = 0
        # Coils a client wrote (address -> value), for a simulated operator's stop button.
        self.written_coils: dict[int, bool] = {}
        # Holding registers a client wrote (address -> value) and the simulation has not taken
        # yet: a product number an HMI or a test sets on the simulated press.
        self.written_registers: dict[int, int] = {}
        self._applying = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: ModbusTcpServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._pending: list[tuple[Table, int, list[Any]]] = []
        self._lock = threading.Lock()

    # -- life -------------------------------------------------------------------------------------
    def start(self, timeout: float = 5.0) -> ModbusServerThread:
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(
            target=self._serve, name=f"modbus-server-{self.port}", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"Modbus server on port {self.port} did not start")
        if self._error is not None:
            raise RuntimeError(f"Modbus server on port {self.port}: {self._error}")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        loop, server = self._loop, self._server
        if loop is not None and server is not None and loop.is_running():
            server = cast(Any, server)  # pymodbus leaves shutdown() unannotated
            done: Future[Any] = asyncio.run_coroutine_threadsafe(server.shutdown(), loop)
            try:
                done.result(timeout)
            except Exception:  # noqa: BLE001 - stopping must not fail a caller
                log.warning("Modbus server on port %s did not shut down cleanly", self.port)
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ModbusServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- values -----------------------------------------------------------------------------------
    def set_values(self, table: Table, address: int, values: Sequence[Any]) -> None:
        """Set bits (bools) or registers (ints); applied in the server loop within a tick."""
        with self._lock:
            self._pending.append((table, address, list(values)))
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(lambda: loop.create_task(self._apply()))

    async def read_values(self, table: Table, address: int, count: int) -> list[Any]:
        """From inside the server loop (``on_tick``): current values of the table."""
        assert self._server is not None
        read_codes = {Table.COIL: 1, Table.DISCRETE_INPUT: 2}
        code = read_codes.get(table, 3 if table is Table.HOLDING_REGISTER else 4)
        values = await self._server.context.async_getValues(self.unit_id, code, address, count)
        if isinstance(values, ExcCodes):
            raise ValueError(f"{table} {address}..{address + count - 1}: {values.name}")
        return list(values)

    async def _apply(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        assert self._server is not None
        # The datastore calls the action for these writes too: they are ours, not a client's.
        self._applying = True
        try:
            for table, address, values in pending:
                await self._server.context.async_setValues(
                    self.unit_id, _WRITE_CODES[table], address, values
                )
        finally:
            self._applying = False

    # -- the server loop --------------------------------------------------------------------------
    def _device(self) -> SimDevice:
        def bits() -> list[SimData]:
            return [SimData(address=0, values=[False] * self.bits, datatype=DataType.BITS)]

        def registers() -> list[SimData]:
            return [SimData(address=0, count=self.registers, values=0, datatype=DataType.REGISTERS)]

        return SimDevice(
            id=self.unit_id,
            simdata=(bits(), bits(), registers(), registers()),
            action=self._action,
        )

    async def _action(
        self,
        function_code: int,
        start_address: int,
        address: int,
        count: int,
        current: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        self.requests += 1
        if set_values is not None and function_code in (5, 15):
            for offset, value in enumerate(set_values):
                self.written_coils[address + offset] = bool(value)
        if set_values is not None and function_code in (6, 16) and not self._applying:
            for offset, value in enumerate(set_values):
                self.written_registers[address + offset] = int(value)
        if self.reply_delay_s > 0:
            await asyncio.sleep(self.reply_delay_s)
        return self.refuse_with

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._server = ModbusTcpServer(self._device(), address=(self.host, self.port))
        await self._server.serve_forever(background=True)
        await self._apply()
        self._ready.set()
        ticker = asyncio.create_task(self._ticks())
        try:
            await self._server.serving
        finally:
            ticker.cancel()
            self._loop = None

    async def _ticks(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_s)
            now = loop.time()
            if self.on_tick is not None:
                try:
                    self.on_tick(self, now - last)
                except Exception:
                    log.exception("simulated machine step failed")
            last = now
            await self._apply()
