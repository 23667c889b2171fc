"""The local servers (``servers.py``) as fixtures of every link-checker test."""

from .servers import hosts, listener, web

__all__ = ["hosts", "listener", "web"]
