"""The service manager hears READY, STATUS and the watchdog through a real datagram socket."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.service.notify import ServiceNotifier


class Manager:
    """The service manager's end: a datagram socket that collects what the kiosk sends."""

    def __init__(self, sock: socket.socket, name: str) -> None:
        self.sock, self.name = sock, name

    def received(self) -> list[str]:
        messages = []
        while True:
            try:
                messages.append(self.sock.recv(4096).decode("utf-8"))
            except BlockingIOError:
                return messages

    def environ(self, **extra: str) -> dict[str, str]:
        return {"NOTIFY_SOCKET": self.name, **extra}


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[Manager]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.setblocking(False)
    yield Manager(sock, str(path))
    sock.close()


def test_ready_and_status_reach_the_manager(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(manager.environ())
    notifier.ready("showing 120 panels")
    notifier.stopping()
    assert manager.received() == ["READY=1\nSTATUS=showing 120 panels", "STOPPING=1"]


def test_status_is_sent_only_when_it_changes(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(manager.environ())
    for text in ("attract loop", "attract loop", "visitor at the screen", "visitor at the screen"):
        notifier.status(text)
    assert manager.received() == ["STATUS=attract loop", "STATUS=visitor at the screen"]


def test_status_given_with_ready_is_not_repeated(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(manager.environ())
    notifier.ready("attract loop")
    notifier.status("attract loop")
    assert manager.received() == ["READY=1\nSTATUS=attract loop"]


def test_watchdog_pings_at_half_the_timeout_however_often_it_is_called(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(manager.environ(WATCHDOG_USEC="10000000"))
    assert notifier.watchdog_due_s == 5
    for frame in range(1200):  # 12 s of frames, 10 ms apart
        notifier.watchdog(100 + frame / 100)
    assert manager.received() == ["WATCHDOG=1"] * 3  # at 0, 5 and 10 s


def test_the_watchdog_of_another_process_is_not_ours(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(manager.environ(WATCHDOG_USEC="10000000", WATCHDOG_PID="1"))
    notifier.watchdog(0.0)
    assert notifier.watchdog_due_s is None
    assert manager.received() == []


def test_the_watchdog_named_for_this_process_is_ours(manager: Manager) -> None:
    notifier = ServiceNotifier.from_environ(
        manager.environ(WATCHDOG_USEC="4000000", WATCHDOG_PID=str(os.getpid())))
    notifier.watchdog(0.0)
    assert notifier.watchdog_due_s == 2
    assert manager.received() == ["WATCHDOG=1"]


def test_abstract_socket_name() -> None:
    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        ServiceNotifier.from_environ({"NOTIFY_SOCKET": "@" + name}).ready()
        assert sock.recv(4096) == b"READY=1"


def test_without_a_socket_nothing_is_sent_and_nothing_fails() -> None:
    notifier = ServiceNotifier.from_environ({"WATCHDOG_USEC": "10000000"})
    notifier.ready("up")
    notifier.watchdog(0.0)
    notifier.status("up")
    notifier.stopping()
    assert notifier.watchdog_due_s is None


def test_a_vanished_manager_never_stops_the_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "gone"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        notifier = ServiceNotifier.from_environ({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "1000000"})
        notifier.ready()
    path.unlink()
    notifier.watchdog(0.0)
    notifier.status("still here")
    notifier.stopping()
