"""The line's state follows its machines': the demo's banner said "All running since 2:29 PM"
while Press 1's card read "Stopped (live)" and the welding cell, with no PLC, read "Running"."""

from __future__ import annotations

import pytest

from shopfloor_core.domain.detection import MachineState
from shopfloor_core.domain.line_state import (
    LineCondition,
    LineState,
    MachineCondition,
    line_state,
    machine_condition,
)

RUNNING, STOPPED = MachineCondition.RUNNING, MachineCondition.STOPPED


def test_the_demo_line_with_the_press_stopped_by_its_plc_is_down_not_all_running() -> None:
    # The PLC says stopped; detection has not recorded the stop yet (micro-stop limit).
    press = machine_condition(stop_open=False, live=MachineState.STOPPED)
    welder = machine_condition(stop_open=False, live=None)
    state = line_state({"PRESS-1": press, "WELD-2": welder})
    assert state == LineState(LineCondition.DOWN, ("PRESS-1",))
    assert not state.all_running


def test_a_machine_without_a_signal_source_is_not_known_to_run() -> None:
    assert machine_condition(stop_open=False, live=None) is MachineCondition.UNCONFIRMED
    state = line_state({"PRESS-1": RUNNING, "WELD-2": MachineCondition.UNCONFIRMED})
    assert state == LineState(LineCondition.UNCONFIRMED, ("WELD-2",))


@pytest.mark.parametrize(
    ("stop_open", "live", "expected"),
    [
        (True, MachineState.RUNNING, STOPPED),  # a stop a person recorded outweighs the PLC
        (True, None, STOPPED),
        (False, MachineState.STOPPED, STOPPED),
        (False, MachineState.NO_SIGNAL, MachineCondition.NO_SIGNAL),
        (False, MachineState.UNKNOWN, MachineCondition.UNCONFIRMED),  # nothing heard yet
        (False, MachineState.RUNNING, RUNNING),
    ],
)
def test_a_machine_s_condition(
    stop_open: bool, live: MachineState | None, expected: MachineCondition
) -> None:
    assert machine_condition(stop_open, live) is expected


def test_a_stopped_machine_outweighs_a_silent_one_and_all_are_named_in_line_order() -> None:
    state = line_state(
        {
            "A": MachineCondition.NO_SIGNAL,
            "B": STOPPED,
            "C": MachineCondition.UNCONFIRMED,
            "D": STOPPED,
        }
    )
    assert state == LineState(LineCondition.DOWN, ("B", "D"))
    silent = line_state({"A": MachineCondition.NO_SIGNAL, "C": MachineCondition.UNCONFIRMED})
    assert silent == LineState(LineCondition.NO_SIGNAL, ("A",))


def test_all_running_only_when_every_machine_s_signal_says_so() -> None:
    assert line_state({"A": RUNNING, "B": RUNNING}).all_running
    assert not line_state({"A": RUNNING, "B": MachineCondition.UNCONFIRMED}).all_running
