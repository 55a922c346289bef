"""Live machine data over Modbus TCP: block planning, decoding, polling, simulation, probing.

Plain Python and threads; the Qt side is ``operator_app.workers.machine_monitor``.
"""
