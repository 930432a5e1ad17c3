"""Which extractor runs: the rules extractor unless a model is configured.

The model client (openai, about 0.4 s to import) loads only when the model is asked
for, so the rules path starts fast.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from coordination.errors import UserError

if TYPE_CHECKING:
    from extractors.models import ExtractionRequest, ExtractionResult, Extractor

EXTRACTOR_NAMES = ("rules", "llm")


class ModelSettings(Protocol):
    """What choosing and configuring an extractor reads: `Settings` has it, and so has
    `NotesSettings`, which `extract` reads without pydantic-settings."""

    @property
    def model(self) -> str | None: ...
    @property
    def openai_api_key(self) -> str | None: ...
    @property
    def openai_base_url(self) -> str | None: ...
    @property
    def llm_timeout(self) -> float: ...


def _model_environment(settings: ModelSettings) -> dict[str, str]:
    """The model settings as the extractor reads them, so Settings stays the one source."""
    return {
        "OPENAI_API_KEY": settings.openai_api_key or "",
        "OPENAI_BASE_URL": settings.openai_base_url or "",
        "FOLLOWTHROUGH_MODEL": settings.model or "",
        "FOLLOWTHROUGH_LLM_TIMEOUT": str(settings.llm_timeout),
    }


class ModelWithRuleSignals:
    """The model for items, the rules for scope and budget remarks.

    The model's schema asks for action items only; the remarks that feed risks come
    from the rules extractor, which is cheap, so a model run loses none of them.
    """

    name = "llm"

    def __init__(self, model: Extractor, rules: Extractor) -> None:
        self.model, self.rules = model, rules

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        result = self.model.extract(request)
        if result.signals:
            return result
        signals = self.rules.extract(request).signals
        return replace(result, signals=signals)


def build_extractor(settings: ModelSettings, name: str | None = None) -> Extractor:
    """`name` overrides the default; asking for the model without one configured is an
    error, not a silent downgrade."""
    from extractors.rules.extractor import RulesExtractor

    rules = RulesExtractor()
    if name == "rules" or (name is None and not settings.model):
        return rules
    if not settings.model:
        raise UserError(
            "the llm extractor needs FOLLOWTHROUGH_MODEL (and OPENAI_BASE_URL or OPENAI_API_KEY)."
        )
    from extractors.llm.extractor import LLMNotConfiguredError, llm_extractor_from_env

    try:
        model = llm_extractor_from_env(fallback=rules, environ=_model_environment(settings))
    except LLMNotConfiguredError as error:
        raise UserError(f"the llm extractor is not configured: {error}.") from error
    return ModelWithRuleSignals(model, rules)
