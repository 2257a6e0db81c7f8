"""Accounts disabled or active, and the account an audit entry is about (added, disabled…),
its author absent for the command line.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in a batch: SQLite would copy the table anew, which its foreign keys (checks, territories,
    # audit entries of the accounts) refuse; it adds a column with a constant default in place.
    op.add_column("user_account", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
    with op.batch_alter_table("audit_entry") as table:
        table.add_column(sa.Column("account_id", sa.Integer, sa.ForeignKey("user_account.id", name="fk_audit_account")))
        table.alter_column("user_id", existing_type=sa.Integer, nullable=True)


def downgrade() -> None:
    # Fails while the log holds entries of the command line: audit entries are not deleted to go back.
    with op.batch_alter_table("audit_entry") as table:
        table.alter_column("user_id", existing_type=sa.Integer, nullable=False)
        table.drop_constraint("fk_audit_account", type_="foreignkey")
        table.drop_column("account_id")
    op.drop_column("user_account", "active")  # SQLite 3.35 or later drops it in place
