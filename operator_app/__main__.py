"""``python -m operator_app`` and the ``operator-app`` command (and the bundle's entry).

Starting allocates tens of thousands of objects that live all day (modules, classes, Qt
wrappers) and frees few, so the cycle collector's passes over them are wasted: 20-40 ms of the
300 before the sign-in screen is painted. ``run`` pauses it before anything is imported; the
GUI resumes it once its first screen has been painted, a command at once (``cli.main``).
"""

import gc


def run() -> int:
    gc.disable()
    from operator_app.cli.main import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
