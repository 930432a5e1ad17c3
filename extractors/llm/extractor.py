"""The LLM extractor: ask the model per chunk, check every answer, fall back when it fails.

A failed model call never fails the request: the fallback extractor (the rules one)
answers instead and the result says so in `warnings`, so a user sees items either way
and knows which extractor produced them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import openai
import pydantic

from extractors.llm.calls import ModelCallFailedError, call_model
from extractors.llm.chunking import Chunk, check_chunking, dedupe, split_lines
from extractors.llm.conversation import read_source
from extractors.llm.lines import Source, SourceLine, blank
from extractors.llm.prompt import render_messages
from extractors.llm.schema import ModelAnswer, response_format
from extractors.llm.validation import Checked, check_item, instruction_like
from extractors.models import ExtractionRequest, ExtractionResult, Extractor

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 30.0


class LLMNotConfiguredError(RuntimeError):
    """Neither an API key nor a base URL is set, so there is no model to ask."""


class LLMExtractor:
    name = "llm"

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        fallback: Extractor,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        chunk_lines: int = 200,
        overlap: int = 20,
        backoff: float = 0.5,
        max_retry_wait: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`client` may come configured any way: this extractor owns timeout and retries."""
        check_chunking(chunk_lines, overlap)
        self.client = client.with_options(timeout=timeout, max_retries=0)
        self.model = model
        self.fallback = fallback
        self.timeout = timeout
        self.max_retries = max_retries
        self.chunk_lines = chunk_lines
        self.overlap = overlap
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.sleep = sleep

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        source = read_source(request)
        if not any(line.content.strip() for line in source.lines):
            return ExtractionResult(extractor=self.name)
        chunks = split_lines(source.texts(), self.chunk_lines, self.overlap)
        try:
            answers = [
                self._ask(request, source, chunk, i, len(chunks)) for i, chunk in enumerate(chunks)
            ]
        except ModelCallFailedError as failure:
            return self._fall_back(request, failure.reason)
        suspicious = instruction_like([line.content for line in source.lines])
        support = blank(source.lines, suspicious)
        checked = [
            check
            for chunk, answer in zip(chunks, answers, strict=True)
            for check in _checked(request, source, support, chunk, answer)
        ]
        warnings = [_suspicious_warning(source, suspicious)] if suspicious else []
        warnings += [warning for check in checked for warning in check.warnings]
        return ExtractionResult(
            items=dedupe([check.item for check in checked if check.item is not None]),
            extractor=self.name,
            format="slack thread" if source.conversation else "",
            warnings=list(dict.fromkeys(warnings)),
        )

    def _ask(
        self, request: ExtractionRequest, source: Source, chunk: Chunk, index: int, count: int
    ) -> ModelAnswer:
        messages = render_messages(
            request,
            chunk,
            source.lines,
            conversation=source.conversation,
            index=index + 1,
            count=count,
        )
        return call_model(
            lambda: self._complete(messages),
            timeout=self.timeout,
            max_retries=self.max_retries,
            backoff=self.backoff,
            max_retry_wait=self.max_retry_wait,
            sleep=self.sleep,
        )

    def _complete(self, messages: list[dict[str, str]]) -> ModelAnswer:
        completion = self.client.chat.completions.create(
            model=self.model,
            messages=messages,
            response_format=response_format(),
            temperature=0,
        )
        return parse_answer(completion)

    def _fall_back(self, request: ExtractionRequest, reason: str) -> ExtractionResult:
        warning = f"model call failed ({reason}); used the {self.fallback.name} extractor"
        log.warning(warning)
        result = self.fallback.extract(request)
        return replace(
            result,
            extractor=f"{self.name}->{result.extractor}",
            warnings=[warning, *result.warnings],
        )


def _checked(
    request: ExtractionRequest,
    source: Source,
    support: tuple[SourceLine, ...],
    chunk: Chunk,
    answer: ModelAnswer,
) -> list[Checked]:
    bounds = (chunk.first_line, chunk.last_line)
    return [check_item(raw, source, support, bounds, request) for raw in answer.items]


def _suspicious_warning(source: Source, numbers: list[int]) -> str:
    positions = list(dict.fromkeys(source.lines[n - 1].position for n in numbers))
    where = ", ".join(map(str, positions))
    return (
        f"{source.unit}{'s' if len(positions) > 1 else ''} {where} read like instructions "
        "to the bot; treated as meeting text, not as a source of tasks, owners or dates"
    )


def parse_answer(completion: openai.types.chat.ChatCompletion) -> ModelAnswer:
    """Validate the message content ourselves: servers other than OpenAI may ignore strict."""
    if not completion.choices:
        raise ModelCallFailedError("the answer had no choices")
    choice = completion.choices[0]
    if choice.finish_reason == "length":
        raise ModelCallFailedError("the answer was cut off at the token limit")
    if choice.message.refusal:
        raise ModelCallFailedError("the model refused")
    try:
        return ModelAnswer.model_validate_json(choice.message.content or "")
    except pydantic.ValidationError as err:
        if any(e["type"] == "json_invalid" for e in err.errors()):
            raise ModelCallFailedError("malformed JSON in the answer") from err
        raise ModelCallFailedError("the answer did not match the schema") from err


def llm_extractor_from_env(
    fallback: Extractor, environ: Mapping[str, str] | None = None
) -> LLMExtractor:
    """Build from OPENAI_API_KEY, OPENAI_BASE_URL, FOLLOWTHROUGH_MODEL, FOLLOWTHROUGH_LLM_TIMEOUT.

    A base URL without a key is allowed because local OpenAI-compatible servers do not
    check one.
    """
    env = os.environ if environ is None else environ
    api_key = env.get("OPENAI_API_KEY") or ""
    base_url = env.get("OPENAI_BASE_URL") or None
    if not api_key and not base_url:
        raise LLMNotConfiguredError("set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
    timeout = _seconds(env.get("FOLLOWTHROUGH_LLM_TIMEOUT") or str(DEFAULT_TIMEOUT))
    client = openai.OpenAI(api_key=api_key or "not-needed", base_url=base_url, max_retries=0)
    model = env.get("FOLLOWTHROUGH_MODEL") or DEFAULT_MODEL
    return LLMExtractor(client, model, fallback, timeout=timeout)


def _seconds(raw: str) -> float:
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise LLMNotConfiguredError(f"FOLLOWTHROUGH_LLM_TIMEOUT={raw!r} is not a positive number")
    return seconds
