"""One video of the attract loop: prepared ahead, held on its first picture, then played.

The loop asks for the next item's video as soon as the current item starts. The player checks
the file, starts it and pauses it on its first picture ("cued"), so when its turn comes the
picture is already there and the cross-fade begins from a real frame, never a black one. It
plays muted (its sound is not even decoded) unless the playlist asks for sound, and loops
seamlessly through libvlc's own repeat when it is shorter than its item.

A video that cannot play counts as cued too: the loop shows its still instead (the cover of
the panel that holds it) and the administrator learns which file and why.
"""

from __future__ import annotations

import pygame

from kiosk.attract.playlist import AttractItem
from kiosk.engine.bodies.media import wake_loop
from kiosk.engine.scenes.base import Context
from kiosk.media.player import Player
from kiosk.media.progress import fit


class LoopVideo:
    def __init__(self, ctx: Context, item: AttractItem) -> None:
        assert item.video is not None
        self.ctx = ctx
        self.item = item
        volume = min(ctx.config.media.volume, ctx.config.media.volume_limit)
        self.player = Player(ctx.config.paths.content / item.video, "video", wake=wake_loop, loop=True,
                             volume=volume, sound=item.sound)
        self.wanted = False  # its turn came: play as soon as it is cued
        self.rect = pygame.Rect(0, 0, 0, 0)  # where its pictures go on the screen

    @property
    def failed(self) -> bool:
        return self.player.state == "failed"

    @property
    def cued(self) -> bool:
        """Its first picture is there (or it failed, and its still stands in)."""
        frames = self.player.frames
        return self.failed or (frames is not None and frames.delivered > 0)

    @property
    def running(self) -> bool:
        return self.player.state in ("starting", "playing")

    def poll(self) -> str | None:
        """Drive the player from the main loop; returns "failed" once, when it cannot play."""
        happened = self.player.poll()
        if happened == "ready":
            width, height = self.ctx.size
            size = fit(self.player.source_size, self.player.pixel_aspect, (width, height))
            self.rect = pygame.Rect((width - size[0]) // 2, (height - size[1]) // 2, *size)
            self.player.frame_size = size
            self.player.play()
        elif happened == "playing" and not self.wanted:
            self.player.pause()  # cued: held on its first picture until its turn
        elif happened == "failed":
            self._report()
            return "failed"
        return None

    def play(self) -> None:
        """Its turn: play from the cued picture (or as soon as it is cued)."""
        self.wanted = True
        if self.player.state == "paused":
            self.player.play()

    def picture(self, *, new_only: bool = False) -> pygame.Surface | None:
        """The newest picture; with `new_only`, None unless one arrived since the last look."""
        frames = self.player.frames
        if frames is None or self.failed:
            return None
        return frames.take() if new_only else frames.latest()

    def _report(self) -> None:
        message = f"{self.item.video} cannot be played: {self.player.problem}"
        note = f"playlist: {message}; the attract loop shows its still instead"
        if note not in self.ctx.runtime_problems:  # a broken file looped all day is one line
            self.ctx.runtime_problems.append(note)
        self.ctx.events.emit("attract_error", item=self.item.source, message=message)

    def close(self) -> None:
        self.player.close()
