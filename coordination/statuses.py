"""The status values of items, dependencies and risks, for the edges to offer as choices.

Storage defines them in a module that loads no library, so the CLI builds its parser
without SQLAlchemy; this module keeps it that way.
"""

from storage.statuses import DEPENDENCY_STATUSES, ITEM_STATUSES, RISK_STATUSES

__all__ = ["DEPENDENCY_STATUSES", "ITEM_STATUSES", "RISK_STATUSES"]
