"""``python -m validator`` and the ``fazhi-lint`` command.

Loading the checker takes Python a tenth of a second; Ctrl-C or SIGTERM in that time would end the run with a
KeyboardInterrupt traceback from an import. Until ``main`` takes over signal handling, either ends the run
quietly with the exit code it will have later: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType


def _quiet_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _quiet_exit)
    from validator.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
