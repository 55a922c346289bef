"""What the line banner may say about the line, from what is known of each of its machines.

One rule for every screen: the line is "all running" only when every machine's own signal says
it runs and no stop is open. A stop recorded by a person or the PLC's word "stopped" makes the
machine down, whichever came first (detection records a stop only after the micro-stop limit).
A machine with no signal source (no PLC), or whose signal has not been heard yet, is only known
to have no stop recorded: the line is then not called running on its word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from shopfloor_core.domain.detection import MachineState


class MachineCondition(StrEnum):
    RUNNING = "running"  # its signal says it runs and no stop is open
    STOPPED = "stopped"  # a stop is open, or its signal says it stopped
    NO_SIGNAL = "no_signal"  # its signal source is silent
    UNCONFIRMED = "unconfirmed"  # no signal source, or nothing heard yet: no stop recorded


class LineCondition(StrEnum):
    # In the order they take precedence: a stopped machine outweighs a silent one, and so on.
    DOWN = "down"
    NO_SIGNAL = "no_signal"
    UNCONFIRMED = "unconfirmed"
    ALL_RUNNING = "all_running"


_LINE_FOR = {
    MachineCondition.STOPPED: LineCondition.DOWN,
    MachineCondition.NO_SIGNAL: LineCondition.NO_SIGNAL,
    MachineCondition.UNCONFIRMED: LineCondition.UNCONFIRMED,
}


def machine_condition(stop_open: bool, live: MachineState | None) -> MachineCondition:
    """``stop_open``: a stop is recorded and not ended. ``live``: what the machine's signal
    says, None when it has no signal source."""
    if stop_open or live is MachineState.STOPPED:
        return MachineCondition.STOPPED
    if live is MachineState.NO_SIGNAL:
        return MachineCondition.NO_SIGNAL
    if live is MachineState.RUNNING:
        return MachineCondition.RUNNING
    return MachineCondition.UNCONFIRMED


@dataclass(frozen=True)
class LineState:
    condition: LineCondition
    # The machines that make it so, in the line's order (none when all run).
    machines: tuple[str, ...]

    @property
    def all_running(self) -> bool:
        return self.condition is LineCondition.ALL_RUNNING


def line_state(machines: Mapping[str, MachineCondition]) -> LineState:
    """The line's state from its machines' (``machines`` in the line's order)."""
    for line_condition in (LineCondition.DOWN, LineCondition.NO_SIGNAL, LineCondition.UNCONFIRMED):
        which = tuple(m for m, c in machines.items() if _LINE_FOR.get(c) is line_condition)
        if which:
            return LineState(line_condition, which)
    return LineState(LineCondition.ALL_RUNNING, ())
