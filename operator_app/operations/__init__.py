"""Running a line PC unattended: one client per data directory, logs, a locked-down store,
and the diagnostics plant IT and the region's coaches read (docs/operations.md)."""
