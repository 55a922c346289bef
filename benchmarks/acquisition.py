"""Acquisition throughput: our poller's read path against a bare pymodbus loop, same run.

Both read the same 60 tags (120 holding registers of float32 values, 64 coils) from one
real pymodbus server on loopback for the same time. The bare loop is the floor a hand-written
reader would reach (two block requests, no decoding); ours plans blocks, decodes every tag with
its word order, scales and timestamps it. Prints reads per second and the ratio.

    python benchmarks/acquisition.py [seconds]
"""

from __future__ import annotations

import logging
import sys
import time

from pymodbus.client import ModbusTcpClient

from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.modbus_server import ModbusServerThread, free_port
from operator_app.site_config.tag_map import ModbusConnection, Table, Tag, ValueType, WordOrder

REGISTER_TAGS = [
    Tag(f"r{i}", Table.HOLDING_REGISTER, i * 2, ValueType.FLOAT32, WordOrder.CDAB, scale=0.1)
    for i in range(60)
]
COIL_TAGS = [Tag(f"c{i}", Table.COIL, i, ValueType.BOOL) for i in range(64)]


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


def our_reader(port: int, seconds: float) -> int:
    reader = DeviceReader(ModbusConnection("127.0.0.1", port, 1, 1.0))
    tags = REGISTER_TAGS + COIL_TAGS
    reads = 0
    previous: dict = {}
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        _, previous, _ = reader.read(tags, previous)
        reads += 1
    reader.close()
    return reads


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    with ModbusServerThread(free_port(), bits=64, registers=128) as server:
        bare_loop(server.port, 0.5)  # warm up both paths and the server
        our_reader(server.port, 0.5)
        results = {}
        for name, fn in (("bare pymodbus loop", bare_loop), ("operator-app reader", our_reader)):
            started = time.process_time()
            reads = fn(server.port, seconds)
            cpu = time.process_time() - started
            results[name] = reads / seconds
            print(
                f"{name:22s} {reads / seconds:8.1f} full reads/s "
                f"({(reads / seconds) * 124:9.0f} tags/s), process CPU {cpu / seconds:.0%}"
            )
    ratio = results["operator-app reader"] / results["bare pymodbus loop"]
    print(f"ratio operator-app / bare: {ratio:.2f}")
    print("(the server runs in the same process, so CPU includes serving the requests)")


if __name__ == "__main__":
    main()
