"""The rows of the programs concept that the edges name in their types."""

from storage.models import Person, Program, Project, Workspace

__all__ = ["Person", "Program", "Project", "Workspace"]
