"""item quote: the sentence an item was read from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_column("quote")
