"""A press that runs, stops and drifts like a real one, served over real Modbus TCP.

Cycles vary around the ideal cycle time, parts are sometimes rejected, the machine stops now
and then (mostly micro-stops, some longer, a few with a fault and a fault code), and its oil
temperature follows the work with a slow drift. Any Modbus tool can read it: the register map
is ``SIMULATOR_TAGS`` (and ``tag_map_toml`` prints it for a site config).

Writing coil 8 (``hold``) from any Modbus client holds the machine stopped until it is cleared,
as an operator's stop button would.

Holding register 7 (``product_code``) is the product the press is set up for: the number an
HMI writes there (or ``set_product``) switches its ideal cycle time to that product's
(``product_cycles``) from the next part on, the part in the tool being thrown away, as after a
tool change. A number it has no cycle time for runs at ``ideal_cycle_s``.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field

from operator_app.machine_data.decoding import encode_value
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.site_config.tag_map import Table, Tag, TagRole, ValueType, WordOrder

HOLD_COIL = 8
PRODUCT_REGISTER = 7

SIMULATOR_TAGS: tuple[Tag, ...] = (
    Tag("running", Table.COIL, 0, ValueType.BOOL, role=TagRole.RUNNING),
    Tag("fault", Table.COIL, 1, ValueType.BOOL, role=TagRole.FAULT),
    Tag(
        "good_parts",
        Table.HOLDING_REGISTER,
        0,
        ValueType.UINT32,
        WordOrder.CDAB,
        role=TagRole.GOOD_COUNTER,
    ),
    Tag("reject_parts", Table.HOLDING_REGISTER, 2, ValueType.UINT16, role=TagRole.REJECT_COUNTER),
    Tag("fault_code", Table.HOLDING_REGISTER, 3, ValueType.UINT16, role=TagRole.FAULT_CODE),
    Tag(
        "oil_temperature",
        Table.HOLDING_REGISTER,
        4,
        ValueType.FLOAT32,
        unit="°C",
        low=20.0,
        high=55.0,
    ),
    Tag("cycle_time", Table.HOLDING_REGISTER, 6, ValueType.UINT16, scale=0.001, unit="s"),
    Tag(
        "product_code",
        Table.HOLDING_REGISTER,
        PRODUCT_REGISTER,
        ValueType.UINT16,
        role=TagRole.PRODUCT_CODE,
    ),
    Tag(
        "press_force",
        Table.INPUT_REGISTER,
        0,
        ValueType.INT32,
        WordOrder.BADC,
        scale=0.01,
        unit="kN",
        high=200.0,
    ),
    Tag("energy", Table.INPUT_REGISTER, 2, ValueType.FLOAT64, unit="kWh"),
)
_BY_NAME = {t.name: t for t in SIMULATOR_TAGS}


@dataclass
class MachineModel:
    """The physics and the whims of the press; ``step`` advances it by ``dt`` seconds."""

    ideal_cycle_s: float = 2.0
    # Product number -> its ideal cycle time on this press (seconds).
    product_cycles: dict[int, float] = field(default_factory=dict)
    product: int = 0
    seed: int | None = None
    random_stops: bool = True
    mean_run_s: float = 120.0
    good: int = 0
    reject: int = 0
    running: bool = True
    fault: bool = False
    fault_code: int = 0
    temperature: float = 38.0
    force_kn: float = 0.0
    energy_kwh: float = 0.0
    last_cycle_s: float = 0.0
    held: bool = False
    elapsed_s: float = 0.0
    _cycle_progress: float = 0.0
    _cycle_target: float = 0.0
    _stop_left_s: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        # Mid-life counters: the reject counter is 16 bits and wraps within a shift.
        self.good = self.rng.randrange(100_000, 2_000_000)
        self.reject = self.rng.randrange(64_000, 65_500)
        self._cycle_target = self._next_cycle()

    @property
    def cycle_s(self) -> float:
        """The ideal cycle time of the product set up now."""
        return self.product_cycles.get(self.product, self.ideal_cycle_s)

    def set_product(self, product: int) -> None:
        """Set the press up for ``product``: its cycle from the next part on."""
        if product == self.product:
            return
        self.product = product
        self._cycle_progress = 0.0
        self._cycle_target = self._next_cycle()

    def _next_cycle(self) -> float:
        return self.cycle_s * self.rng.uniform(1.0, 1.15)

    def step(self, dt: float) -> None:
        self.elapsed_s += dt
        if self._stop_left_s > 0:
            self._stop_left_s -= dt
            if self._stop_left_s <= 0:
                self.fault, self.fault_code = False, 0
        elif self.random_stops and self.running and self.rng.random() < dt / self.mean_run_s:
            self._start_random_stop()
        self.running = not self.held and self._stop_left_s <= 0
        if self.running:
            self._cycle_progress += dt
            self.force_kn = 150.0 + 30.0 * math.sin(self._cycle_progress * math.pi) ** 2
            self.force_kn += self.rng.gauss(0, 2.0)
            if self._cycle_progress >= self._cycle_target:
                self._part_made()
        else:
            self.force_kn = 0.0
        self.energy_kwh += dt / 3600.0 * (12.0 if self.running else 2.5)
        self._temperature(dt)

    def _part_made(self) -> None:
        self.last_cycle_s = self._cycle_progress
        self._cycle_progress = 0.0
        self._cycle_target = self._next_cycle()
        if self.rng.random() < 0.03:
            self.reject = (self.reject + 1) % 65536
        else:
            self.good = (self.good + 1) % (1 << 32)

    def _start_random_stop(self) -> None:
        kind = self.rng.random()
        if kind < 0.55:
            self._stop_left_s = self.rng.uniform(3.0, 20.0)  # micro-stop
        elif kind < 0.9:
            self._stop_left_s = self.rng.uniform(40.0, 180.0)
        else:
            self._stop_left_s = self.rng.uniform(120.0, 400.0)
            self.fault = True
            # Two codes the bundled fault map knows (infeed jam, drive fault), one it does not.
            self.fault_code = self.rng.choice((101, 201, 417))

    def _temperature(self, dt: float) -> None:
        # Hotter while working, cooler while idle, with a slow 20-minute swing and some noise.
        swing = 3.0 * math.sin(self.elapsed_s / 1200 * 2 * math.pi)
        target = (46.0 if self.running else 31.0) + swing
        self.temperature += (target - self.temperature) * min(dt / 300.0, 1.0)
        self.temperature += self.rng.gauss(0, 0.05) * math.sqrt(max(dt, 0.0))

    def registers(self) -> list[tuple[Table, int, list[int] | list[bool]]]:
        """Every table write that shows the model's state to a Modbus client."""

        def regs(name: str, raw: float | int) -> tuple[Table, int, list[int] | list[bool]]:
            tag = _BY_NAME[name]
            return tag.table, tag.address, encode_value(tag, raw)

        return [
            (Table.COIL, 0, [self.running, self.fault]),
            regs("good_parts", self.good),
            regs("reject_parts", self.reject),
            regs("fault_code", self.fault_code),
            regs("oil_temperature", self.temperature),
            regs("cycle_time", min(int(self.last_cycle_s * 1000), 65535)),
            regs("press_force", round(self.force_kn * 100)),
            regs("energy", self.energy_kwh),
            regs("product_code", self.product),
        ]


class SimulatedMachine:
    """The model behind a Modbus TCP server; ``start``/``stop``; ``hold`` for tests and demos."""

    def __init__(
        self,
        port: int,
        *,
        host: str = "127.0.0.1",
        unit_id: int = 1,
        ideal_cycle_s: float = 2.0,
        seed: int | None = None,
        random_stops: bool = True,
        tick_s: float = 0.1,
        product_cycles: dict[int, float] | None = None,
        product: int = 0,
    ) -> None:
        self.model = MachineModel(
            ideal_cycle_s=ideal_cycle_s,
            seed=seed,
            random_stops=random_stops,
            product_cycles=dict(product_cycles or {}),
        )
        self.model.set_product(product)
        self._lock = threading.Lock()
        self._held_by_api = False
        self.server = ModbusServerThread(
            port, host=host, unit_id=unit_id, tick_s=tick_s, on_tick=self._tick
        )
        self._publish(self.server)

    @property
    def port(self) -> int:
        return self.server.port

    def start(self) -> SimulatedMachine:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def hold(self, held: bool) -> None:
        """Hold the machine stopped (True) or let it run again (False)."""
        with self._lock:
            self._held_by_api = held

    def set_product(self, product: int) -> None:
        """Set the press up for another product, as its HMI would."""
        with self._lock:
            self.model.set_product(product)

    def carry_on_from(self, good: int | None, reject: int | None) -> None:
        """Counters where the last run left them: a PLC keeps its counts while a client is
        closed, and a fresh random value would read as a counter restart."""
        with self._lock:
            if good is not None:
                self.model.good = good
            if reject is not None:
                self.model.reject = reject
            self._publish(self.server)

    def _tick(self, server: ModbusServerThread, dt: float) -> None:
        with self._lock:
            written = server.written_registers.pop(PRODUCT_REGISTER, None)
            if written is not None:
                self.model.set_product(written)
            self.model.held = self._held_by_api or server.written_coils.get(HOLD_COIL, False)
            self.model.step(dt)
        self._publish(server)

    def _publish(self, server: ModbusServerThread) -> None:
        for table, address, values in self.model.registers():
            server.set_values(table, address, values)


def tag_map_toml(host: str, port: int, unit_id: int = 1) -> str:
    """The ``[[machines]]`` Modbus section that reads this simulator."""
    lines = [
        "[machines.modbus]",
        f'host = "{host}"',
        f"port = {port}",
        f"unit_id = {unit_id}",
    ]
    for tag in SIMULATOR_TAGS:
        lines += ["", "[[machines.tags]]", f'name = "{tag.name}"', f'table = "{tag.table}"']
        lines += [f"address = {tag.address}", f'type = "{tag.type}"']
        if tag.type.registers > 1:
            lines.append(f'word_order = "{tag.word_order}"')
        if tag.scale != 1.0:
            lines.append(f"scale = {tag.scale:g}")
        if tag.unit:
            lines.append(f'unit = "{tag.unit}"')
        for limit in ("low", "high"):
            value = getattr(tag, limit)
            if value is not None:
                lines.append(f"{limit} = {value:g}")
        if tag.role is not TagRole.VALUE:
            lines.append(f'role = "{tag.role}"')
    return "\n".join(lines)
