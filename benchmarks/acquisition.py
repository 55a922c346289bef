"""Acquisition: our read path against a bare pymodbus loop, and what twenty PLCs at 1 Hz cost.

1. Throughput. Both loops read the same 60 tags (120 holding registers of scaled float32
   values in word order CDAB, 64 coils) from one real pymodbus server for the same time. The
   bare loop is the floor a hand-written reader would reach (two block requests, no decoding);
   ours plans blocks, decodes every tag with its word order, scales, timestamps and qualifies
   it. Ours sends the same two requests over the same pymodbus client, but builds each request
   once and decodes replies with its lean reply classes (``machine_data/replies.py``); a third
   loop, ours on pymodbus' stock reply classes, shows how much of the figure that is. The
   loops alternate in slices; prints full reads per second of each, the ratio of the totals
   and the median of the slices' ratios.
2. Load. Twenty simulated PLCs, each polled by a real ``DevicePoller`` (its own thread and
   connection) at 1 Hz for a while: the CPU time of this process over the wall time.

The PLCs run in a child process (``--serve``), as real PLCs are other machines: with the
server in the same process, its thread competes for the GIL and the figures measure the
interpreter's thread hand-offs more than either reader.

    python benchmarks/acquisition.py [read seconds] [poll seconds]
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from pymodbus.client import ModbusTcpClient
from pymodbus.pdu.bit_message import ReadCoilsResponse
from pymodbus.pdu.register_message import ReadHoldingRegistersResponse

# This checkout's code, not whichever one the virtual environment's editable install names.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import record

from operator_app.machine_data.decoding import encode_value
from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.modbus_server import ModbusServerThread, free_port
from operator_app.machine_data.poller import DevicePoller
from operator_app.machine_data.samples import PollResult
from operator_app.site_config.tag_map import (
    ModbusConnection,
    Table,
    Tag,
    ValueType,
    WordOrder,
)

REGISTER_TAGS = [
    Tag(f"r{i}", Table.HOLDING_REGISTER, i * 2, ValueType.FLOAT32, WordOrder.CDAB, scale=0.1)
    for i in range(60)
]
COIL_TAGS = [Tag(f"c{i}", Table.COIL, i, ValueType.BOOL) for i in range(64)]
# A tuple, as a poller hands its reader.
TAGS = (*REGISTER_TAGS, *COIL_TAGS)
PLCS = 20


def serve(count: int) -> None:
    """Child process: ``count`` PLCs holding plausible values; ports on stdout; ends with stdin."""
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    servers = [ModbusServerThread(free_port(), bits=64, registers=128) for _ in range(count)]
    for server in servers:
        server.start()
    for server in servers:
        for i, tag in enumerate(REGISTER_TAGS):
            server.set_values(tag.table, tag.address, encode_value(tag, 20.0 + i * 1.5))
        server.set_values(Table.COIL, 0, [i % 3 == 0 for i in range(64)])
    print(" ".join(str(s.port) for s in servers), flush=True)
    sys.stdin.read()
    for server in servers:
        server.stop()


def bare_loop(port: int, seconds: float) -> int:
    client = ModbusTcpClient("127.0.0.1", port=port, timeout=1.0, retries=0)
    reads = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        client.read_holding_registers(0, count=120, device_id=1)
        client.read_coils(0, count=64, device_id=1)
        reads += 1
    client.close()
    return reads


def our_reader(port: int, seconds: float, *, stock_replies: bool = False) -> int:
    reader = DeviceReader(ModbusConnection("127.0.0.1", port, 1, 1.0))
    if stock_replies:
        # pymodbus' own reply classes again, registered over the reader's lean ones.
        reader.client.register(ReadHoldingRegistersResponse)
        reader.client.register(ReadCoilsResponse)
    reads = 0
    previous: dict = {}
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        _, previous, _ = reader.read(TAGS, previous)
        reads += 1
    reader.close()
    return reads


def our_reader_on_stock_replies(port: int, seconds: float) -> int:
    return our_reader(port, seconds, stock_replies=True)


LOOPS = {
    "bare": bare_loop,
    "ours": our_reader,
    "stock": our_reader_on_stock_replies,
}


def throughput(port: int, seconds: float) -> None:
    for loop in LOOPS.values():
        loop(port, 0.5)  # warm up every path and the server
    reads = dict.fromkeys(LOOPS, 0)
    wall = dict.fromkeys(LOOPS, 0.0)
    cpu = dict.fromkeys(LOOPS, 0.0)
    ratios: dict[str, list[float]] = {"ours": [], "stock": []}
    # Alternated in slices so a burst of load from elsewhere on the machine hits all alike.
    slices = 10
    for _ in range(slices):
        rate = {}
        for name, loop in LOOPS.items():
            cpu0, wall0 = time.process_time(), time.perf_counter()
            done = loop(port, seconds / slices)
            took = time.perf_counter() - wall0
            reads[name] += done
            wall[name] += took
            cpu[name] += time.process_time() - cpu0
            rate[name] = done / took
        for name in ratios:
            ratios[name].append(rate[name] / rate["bare"])
    per_s = {name: reads[name] / wall[name] for name in LOOPS}
    # This process's CPU per read: the reader's own cost, the PLC being in another process.
    cpu_ms = {name: cpu[name] / reads[name] * 1000 for name in LOOPS}
    labels = {
        "bare": "bare pymodbus loop",
        "ours": "operator-app reader",
        "stock": "ours, stock replies",
    }
    for name, label in labels.items():
        print(
            f"{label:21}{per_s[name]:8.1f} full reads/s ({per_s[name] * len(TAGS):9.0f} tags/s), "
            f"{cpu_ms[name]:.3f} ms CPU per read"
        )
    for name in ratios:
        print(
            f"ratio {labels[name]} / bare, full reads/s: {per_s[name] / per_s['bare']:.2f} "
            f"(median of {slices} slices {statistics.median(ratios[name]):.2f}); "
            f"CPU per read: {cpu_ms[name] / cpu_ms['bare']:.2f}"
        )
    record(
        "acquisition",
        "full reads/s of 60 float32 tags + 64 coils",
        per_s["ours"],
        "/s",
        baseline=per_s["bare"],
        baseline_name="bare pymodbus loop",
    )
    record(
        "acquisition",
        "client CPU per full read",
        cpu_ms["ours"],
        "ms",
        baseline=cpu_ms["bare"],
        baseline_name="bare pymodbus loop",
    )


def twenty_plcs(ports: list[int], seconds: float) -> None:
    tags = [Tag(t.name, t.table, t.address, t.type, t.word_order, t.scale) for t in TAGS]
    polls = [0]
    problems: list[str] = []
    lock = threading.Lock()

    def deliver(result: PollResult) -> None:
        with lock:
            polls[0] += 1
            problems.extend(result.problems)

    pollers = [
        DevicePoller(f"plc{i}", ModbusConnection("127.0.0.1", port, 1, 0.4), tags, deliver)
        for i, port in enumerate(ports)
    ]
    for poller in pollers:
        poller.start()
    time.sleep(2.0)  # connections made, first polls done
    polls[0] = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    done = polls[0]
    for poller in pollers:
        poller.stop()
    share = cpu / wall
    print(
        f"{len(ports)} PLCs x {len(TAGS)} tags at 1 Hz for {wall:.0f} s: {done} polls "
        f"({done / wall:.1f}/s), process CPU {share:.1%} of a core "
        f"({cpu / max(done, 1) * 1000:.2f} ms per poll), {len(problems)} problems"
    )
    record("acquisition", f"{len(ports)} PLCs polled at 1 Hz, CPU of a core", share * 100, "%")


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
        return
    read_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    poll_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    plcs = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(PLCS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert plcs.stdout is not None
        ports = [int(p) for p in plcs.stdout.readline().split()]
        throughput(ports[0], read_seconds)
        twenty_plcs(ports, poll_seconds)
    finally:
        assert plcs.stdin is not None
        plcs.stdin.close()
        plcs.wait(10)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
