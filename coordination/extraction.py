"""Which extractor runs: the rules extractor unless a model is configured."""

from __future__ import annotations

from coordination.errors import UserError
from coordination.settings import Settings
from extractors.llm.extractor import llm_extractor_from_env
from extractors.models import Extractor
from extractors.rules.extractor import RulesExtractor

EXTRACTOR_NAMES = ("rules", "llm")


def build_extractor(settings: Settings, name: str | None = None) -> Extractor:
    """`name` overrides the default; asking for the model without one configured is an error,
    not a silent downgrade."""
    rules = RulesExtractor()
    if name == "rules" or (name is None and not settings.model):
        return rules
    if not settings.model:
        raise UserError(
            "the llm extractor needs FOLLOWTHROUGH_MODEL (and OPENAI_BASE_URL or OPENAI_API_KEY)."
        )
    return llm_extractor_from_env(fallback=rules)
