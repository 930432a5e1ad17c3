"""one source per slack thread

Two jobs reading the same thread at once (a second mention, the shortcut) must not
store it twice: the loser's transaction fails, and its retry finds the thread ingested.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:54:42.576357
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_source_team_id_channel_id_thread_ts"),
            ["team_id", "channel_id", "thread_ts"],
        )


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_source_team_id_channel_id_thread_ts"), type_="unique"
        )
