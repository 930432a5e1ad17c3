"""The shape the model must answer in, sent as a strict JSON schema.

Every field is required because OpenAI's strict mode requires it; optional values are
`T | None`. Types are kept loose (dates as strings, free line numbers) on purpose: a
wrong date or line is a doubt about one field that validation.py can flag, whereas a
type error here throws away the whole answer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from extractors.models import DependencyKind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelDependency(_Strict):
    kind: DependencyKind
    target: str = Field(description="What the item waits on, as written in the notes.")


class ModelItem(_Strict):
    task: str = Field(description="The action to take, as a short imperative sentence.")
    owners: list[str] = Field(
        description="Owner names exactly as written in the notes; in a conversation, user ids."
    )
    due: str | None = Field(description="Due date as YYYY-MM-DD, or null if none is stated.")
    due_quote: str | None = Field(
        description="The exact words in the notes that state the due date, or null."
    )
    project: str | None = Field(description="One of the known projects, or null.")
    dependencies: list[ModelDependency]
    evidence_first_line: int = Field(description="First line number the item comes from.")
    evidence_last_line: int = Field(description="Last line number the item comes from.")
    confidence: float = Field(description="How sure you are this is an action item, 0 to 1.")


class ModelAnswer(_Strict):
    items: list[ModelItem]


def response_format() -> dict:
    """The strict json_schema response_format for `ModelAnswer`.

    Built from pydantic directly rather than the SDK's private helpers: with
    extra="forbid" and no defaults, every object is closed and every field required,
    which is what strict mode asks for.
    """
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "action_items",
            "strict": True,
            "schema": ModelAnswer.model_json_schema(),
        },
    }
