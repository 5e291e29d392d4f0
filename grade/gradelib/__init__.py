"""The autograder library: console transport, QEMU machines, the pytest plugin."""
from .console import (Console, ConsoleError, KernelPanic, MachineExited, CommandTimeout,  # noqa: F401
                      ProcessConsole, SerialConsole, normalise, scale)
