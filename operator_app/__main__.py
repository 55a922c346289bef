"""``python -m operator_app``: the same as the ``operator-app`` command."""

from operator_app.cli.main import main

raise SystemExit(main())
