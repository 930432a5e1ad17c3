"""All tables, imported in one place so metadata and alembic see every one."""

from storage.models.delivery import Delivery, ProcessedEvent
from storage.models.dependency import Dependency
from storage.models.item import ActionItem, ItemHistory
from storage.models.job import Job
from storage.models.person import Person
from storage.models.program import Program, Project
from storage.models.risk import Risk
from storage.models.source import Source
from storage.models.workspace import Workspace
from storage.statuses import ITEM_STATUSES

__all__ = [
    "ITEM_STATUSES",
    "ActionItem",
    "Delivery",
    "Dependency",
    "ItemHistory",
    "Job",
    "Person",
    "ProcessedEvent",
    "Program",
    "Project",
    "Risk",
    "Source",
    "Workspace",
]
