"""Touch kiosk for exhibition halls."""

__version__ = "0.1.0"  # written into the interaction log at every start
