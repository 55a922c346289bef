"""``python -m operator_app``: the same as the ``operator-app`` command (and the bundle's entry).

Starting allocates tens of thousands of objects that live all day (modules, classes, Qt
wrappers) and frees few, so the cycle collector's passes over them are wasted: about 25 ms of
the 300 before the sign-in screen is painted. It is paused from here and resumed once the first
screen has been painted, or at once for a command (``cli.main``).
"""

import gc

gc.disable()

from operator_app.cli.main import main  # noqa: E402

raise SystemExit(main())
