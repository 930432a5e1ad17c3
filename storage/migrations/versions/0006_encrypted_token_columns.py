"""encrypted token columns: room for Fernet ciphertext

OAuth tokens and webhook URLs are stored Fernet-encrypted (bot/oauth.py), which makes
them about 2.7 times as long as the 200 characters slack_sdk's columns allow; they
become TEXT.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECRET_COLUMNS = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": (
        "bot_token",
        "bot_refresh_token",
        "user_token",
        "user_refresh_token",
        "incoming_webhook_url",
    ),
}


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, columns in SECRET_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=old, type_=new)


def upgrade() -> None:
    _retype(sa.String(200), sa.Text())


def downgrade() -> None:
    """Fails on PostgreSQL while encrypted tokens are stored: they do not fit 200."""
    _retype(sa.Text(), sa.String(200))
