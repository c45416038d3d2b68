"""A refusal: one Chinese sentence for the person and a 4xx status for the script.

Handlers raise it anywhere; app.py turns it into the refused page or `{"error": ...}`.
"""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
