"""The register of territories, and the file named by an audit entry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "territory",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(63), nullable=False, unique=True),
        sa.Column("caf_id", sa.String(40), sa.ForeignKey("caf.id"), nullable=False, index=True),
        sa.Column("folder", sa.String(255), nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("user_account.id")),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("audit_entry") as table:
        table.add_column(sa.Column("file_name", sa.String(255)))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as table:
        table.drop_column("file_name")
    op.drop_table("territory")
