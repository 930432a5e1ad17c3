"""The status values stored for items, dependencies and risks.

Kept apart from the tables so the CLI can offer them as choices without loading
SQLAlchemy.
"""

ITEM_STATUSES = ("open", "done", "cancelled")
DEPENDENCY_STATUSES = ("open", "blocked", "resolved")
RISK_STATUSES = ("open", "mitigated", "closed")
