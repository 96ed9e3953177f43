"""The start-up heap set aside from the garbage collector (Qt-free).

A full collection walks every container object the process holds: once the window is up, ~55,000 of them (the
widgets' Python wrappers, the modules, the specs), 18–35 ms with the GIL held — a stall the user sees while a
big list loads or a burst of live events arrives. Those objects live as long as the window does: ``gc.freeze``
moves them where collections no longer look, so a full collection walks only what came after (4–6 ms).
Frozen objects are never collected, so it is done once, after a collection has freed what was already garbage.

While the window is being built no collection runs at all: what is made then lives as long as the window, so a
collection frees nothing and only delays the first paint (about 70 of them, ~18 ms of a start).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collections_while_building() -> Iterator[None]:
    """The collector paused for the block; as it was before afterwards (a caller that had paused it keeps that)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def set_aside_startup_heap() -> int:
    """Collect once, then freeze what is left; returns how many objects were set aside."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
