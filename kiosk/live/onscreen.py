"""On the main loop, between two frames: a reload goes on screen and into the log.

Everything slow happened on the watcher's thread; here only references change hands, so a
change costs the main loop next to nothing whatever the size of the hall. The App sends a
visitor whose panel vanished back to its zone, and home when the zone vanished; a panel that
changed is rebuilt in place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Protocol

from kiosk.content.model import Catalog
from kiosk.live.reload import Reload

if TYPE_CHECKING:
    from kiosk.engine.scenes.base import Context

log = logging.getLogger(__name__)

MAX_PROBLEM_LINES = 20  # a whole exhibition replaced at once must not flood the log


class Screen(Protocol):
    ctx: Context

    def swap_catalog(self, catalog: Catalog, stale: Collection[str] = ()) -> None: ...


def show(app: Screen, reload: Reload, clock: Callable[[], float] = time.monotonic) -> None:
    ctx = app.ctx
    for note in reload.notes:
        log.warning("%s", note)
        ctx.runtime_problems.append(note)
    if reload.standing is not None:  # until fixed: a problem fixed leaves the overlay
        for note in set(reload.standing) - set(ctx.standing_problems.get("content", ())):
            log.warning("%s", note)
        ctx.standing_problems["content"] = reload.standing
    if reload.catalog is None:
        return
    ctx.pictures.forget(set(reload.forget))
    app.swap_catalog(reload.catalog, reload.forget)
    latency_ms = max(0, round((clock() - reload.last_event) * 1000))
    found = len(reload.new_problems)  # a report adds these up: problems still there are not counted again
    ctx.events.emit("content_reload", added=list(reload.added), changed=list(reload.changed),
                    removed=list(reload.removed), problems=found, latency_ms=latency_ms)
    log.info("content reloaded in %d ms: %d panels added, %d changed, %d removed; %d new problems, %d in all",
             latency_ms, len(reload.added), len(reload.changed), len(reload.removed), found,
             len(reload.catalog.problems))
    for problem in reload.new_problems[:MAX_PROBLEM_LINES]:
        log.warning("content: %s", problem)
    if len(reload.new_problems) > MAX_PROBLEM_LINES:
        log.warning("content: %d more problems; run `python -m kiosk check` for all of them",
                    len(reload.new_problems) - MAX_PROBLEM_LINES)
