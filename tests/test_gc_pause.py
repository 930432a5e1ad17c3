import gc
import weakref

import pytest

from coordination.gc_pause import gc_paused


def test_the_collector_is_off_inside_and_back_on_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("the view failed")
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        with gc_paused():
            with gc_paused():
                pass
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


class Record:
    """A tracked object standing in for one of the view's records."""


def _generation_of(thing: object) -> int | None:
    found = (n for n in range(3) if any(o is thing for o in gc.get_objects(generation=n)))
    return next(found, None)


def test_what_survives_a_pause_goes_to_the_oldest_generation_unwalked():
    with gc_paused():
        kept = Record()
    assert _generation_of(kept) == 2


def test_cycles_made_during_a_pause_are_still_freed_by_a_full_collection():
    with gc_paused():
        record = Record()
        record.itself = record
    alive = weakref.ref(record)
    del record
    gc.collect()
    assert alive() is None
