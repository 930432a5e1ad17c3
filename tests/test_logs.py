"""Log lines are JSON and carry the ids bound around the work that wrote them."""

from __future__ import annotations

import json
import logging

from coordination.logs import ContextFilter, JsonFormatter, log_context


def _line(record_maker) -> dict:
    logger = logging.getLogger("test.logs")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    handler.addFilter(ContextFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        record_maker(logger)
    finally:
        logger.removeHandler(handler)
    return json.loads(JsonFormatter().format(records[0]))


def test_a_line_carries_the_ids_bound_around_it_and_its_extras() -> None:
    def log(logger: logging.Logger) -> None:
        with log_context(event_id="Ev1", team_id="T1"), log_context(job_id=7):
            logger.info("job done", extra={"kind": "thread"})

    line = _line(log)
    assert (line["msg"], line["level"], line["logger"]) == ("job done", "info", "test.logs")
    assert (line["event_id"], line["team_id"], line["job_id"], line["kind"]) == (
        "Ev1",
        "T1",
        7,
        "thread",
    )


def test_ids_do_not_leak_past_their_context() -> None:
    def log(logger: logging.Logger) -> None:
        with log_context(job_id=1):
            pass
        logger.warning("idle")

    assert "job_id" not in _line(log)
