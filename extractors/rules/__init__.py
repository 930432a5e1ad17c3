"""Offline, deterministic extraction of action items from meeting notes."""

from extractors.rules.extractor import RulesExtractor

__all__ = ["RulesExtractor"]
