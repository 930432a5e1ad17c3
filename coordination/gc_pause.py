"""Pausing the cyclic garbage collector while a program's facts are loaded and analysed.

Loading 200,000 items allocates millions of tracked objects (rows, records, tuples)
and none of them form cycles; each allocation burst triggers collections that walk
every object still alive, which measured as about a quarter of a status at that size.
Reference counting still frees everything as usual; only cycle detection waits.

What survives the pause (the view itself: hundreds of thousands of records at that
size) would then be walked by the first young collection after it, about 100 ms at
200,000 items. Those objects live as long as the view, so they are promoted straight to
the oldest generation instead (`gc.freeze()` then `gc.unfreeze()` moves every tracked
object there without walking any): they are looked at again only by a full collection,
which still frees any cycle among them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Nested or concurrent use keeps the collector off until the outermost exit that
    turned it off; one that found it off leaves it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
