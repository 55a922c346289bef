"""The ``operator-app`` command: the GUI by default, support commands for plant IT."""
