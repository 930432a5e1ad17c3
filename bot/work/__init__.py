"""Job handlers: the slow part of each request, run by the Worker after the ack."""
