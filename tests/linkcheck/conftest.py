"""The local servers (``servers.py``) as fixtures of every link-checker test."""

from .servers import hosts, web

__all__ = ["hosts", "web"]
