"""Tell the service manager how the kiosk is doing (sd_notify), without a compiled binding.

kiosk.service waits for READY=1 before it counts the kiosk as started, and restarts it when
the WATCHDOG=1 pings stop for WatchdogSec (issue #13). The pings come from the frame loop
itself, so a loop that hangs stops them. The protocol is one datagram per message to the
Unix socket named by $NOTIFY_SOCKET; a leading "@" names the abstract namespace. Without a
socket (a developer's terminal, the tests) every method does nothing.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


class ServiceNotifier:
    def __init__(self, address: str | None = None, watchdog_interval_s: float | None = None) -> None:
        self._address = address
        self._interval_s = watchdog_interval_s
        self._socket: socket.socket | None = None
        self._last_ping: float | None = None
        self._last_status: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> ServiceNotifier:
        """The notifier systemd set up for this process, or one that does nothing."""
        address = environ.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]
        elif not address.startswith("/"):
            return cls()  # no socket, or a kind (vsock:...) the kiosk never runs under
        return cls(address, _watchdog_interval_s(environ))

    @property
    def watchdog_due_s(self) -> float | None:
        """Seconds between two pings (half the watchdog's timeout), None without a watchdog."""
        return None if self._interval_s is None else self._interval_s / 2

    def ready(self, status: str | None = None) -> None:
        lines = ["READY=1"]
        if status is not None:
            lines.append(f"STATUS={status}")
            self._last_status = status
        self._send("\n".join(lines))

    def watchdog(self, now: float) -> None:
        """Ping if half the timeout has passed since the last ping; `now` is time.monotonic()."""
        due = self.watchdog_due_s
        if due is None or (self._last_ping is not None and now - self._last_ping < due):
            return
        self._last_ping = now
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        """Shown by `systemctl status kiosk`; sent only when it changed."""
        if text == self._last_status:
            return
        self._last_status = text
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._address is None:
            return
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._socket.setblocking(False)  # a full queue drops a ping, never stalls a frame
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError:
            pass  # the manager went away or is busy: the kiosk goes on showing the hall


def _watchdog_interval_s(environ: Mapping[str, str]) -> float | None:
    pid = environ.get("WATCHDOG_PID")
    if pid is not None and pid != str(os.getpid()):
        return None  # the watchdog watches another process
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None
