"""Human names for ids, so risk explanations read as sentences rather than numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from coordination.analysis.model import ItemFacts, PersonFacts, ProjectFacts
from coordination.analysis.table import ItemTable, as_table


@dataclass(frozen=True, slots=True)
class Labels:
    items: Mapping[int, ItemFacts] = field(default_factory=dict)
    projects: dict[int, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        items: ItemTable | Iterable[ItemFacts] = (),
        projects: Iterable[ProjectFacts] = (),
        people: Iterable[PersonFacts] = (),
    ) -> Labels:
        """Items are looked up in the table, each record made when first named."""
        return cls(
            as_table(items).by_id,
            {p.id: p.name for p in projects},
            {p.id: p.name for p in people},
        )

    def task(self, item_id: int) -> str:
        item = self.items.get(item_id)
        return f"'{item.task}'" if item else f"item {item_id}"

    def project(self, project_id: int | None) -> str:
        if project_id is None:
            return "no project"
        return self.projects.get(project_id, f"project {project_id}")

    def person_list(self, person_ids: Iterable[int]) -> str:
        names = [self.people.get(p, f"person {p}") for p in person_ids]
        return ", ".join(names) if names else "nobody"
