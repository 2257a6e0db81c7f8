"""The generation of an account's password, that its sessions record (a change ends the others).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, as 0003 does: SQLite's foreign keys refuse a batch copy of user_account with its rows.
    op.add_column("user_account", sa.Column("credentials", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("user_account", "credentials")
