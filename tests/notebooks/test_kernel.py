"""The kernel manager of ``maturity notebooks``: a clean run ends without an ERROR line."""

from __future__ import annotations

import asyncio

import pytest

from maturity.notebooks.run import QuietShutdownKernelManager


def test_no_interrupt_is_sent_to_a_kernel_being_shut_down() -> None:
    """jupyter_client interrupts (SIGINT) before it asks a kernel to shut down; after the
    last cell that interrupt made ipykernel log "ERROR | KeyboardInterrupt caught in
    kernel". While shutting down, the manager sends none (with no kernel running, an
    interrupt that went out would raise)."""
    manager = QuietShutdownKernelManager()
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())


def test_an_interrupt_outside_shutdown_still_goes_out() -> None:
    manager = QuietShutdownKernelManager()
    manager.shutting_down = False
    with pytest.raises(RuntimeError, match="Cannot interrupt kernel"):
        asyncio.run(manager._async_interrupt_kernel())
