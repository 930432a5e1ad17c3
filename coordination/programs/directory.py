"""What the program knows about its people and projects, in the extractor's terms."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from extractors.models import KnownPerson, KnownProject
from storage.models import Person, Project
from storage.names import person_named, project_named
from storage.people import list_people
from storage.programs import list_projects


def person_key(person: Person) -> str:
    """Slack mentions resolve by user id; people known only by name by their row id."""
    return person.slack_user_id or f"person:{person.id}"


@dataclass(frozen=True)
class Directory:
    people: list[Person]
    projects: list[Project]

    def known_people(self) -> list[KnownPerson]:
        return [
            KnownPerson(key=person_key(p), name=p.display_name, aliases=list(p.aliases))
            for p in self.people
        ]

    def known_projects(self) -> list[KnownProject]:
        return [KnownProject(name=p.name, aliases=list(p.aliases)) for p in self.projects]

    def person_by_key(self) -> dict[str, Person]:
        return {person_key(p): p for p in self.people}

    def person(self, person_id: int | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def find_person(self, name: str) -> Person | None:
        return person_named(self.people, name)

    def find_project(self, name: str) -> Project | None:
        return project_named(self.projects, name)


def load_directory(session: Session, *, team_id: str, program_id: int) -> Directory:
    return Directory(
        people=list_people(session, team_id=team_id),
        projects=list_projects(session, team_id=team_id, program_id=program_id),
    )
