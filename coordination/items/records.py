"""The item row, for the edges that name it in their types."""

from storage.models import ActionItem

__all__ = ["ActionItem"]
