"""Cafs, user accounts, checks of drafts and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("caf", sa.Column("id", sa.String(40), primary_key=True))
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("caf_id", sa.String(40), sa.ForeignKey("caf.id"), nullable=False, index=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "draft_check",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("caf_id", sa.String(40), sa.ForeignKey("caf.id"), nullable=False, index=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("model_id", sa.String(80)),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("unreadable", sa.Text),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("report_html", sa.Text, nullable=False),
        sa.Column("annotated", sa.LargeBinary),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("caf_id", sa.String(40), sa.ForeignKey("caf.id"), nullable=False, index=True),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("territory", sa.String(200)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("check_id", sa.Integer, sa.ForeignKey("draft_check.id")),
    )


def downgrade() -> None:
    for table in ("audit_entry", "draft_check", "user_account", "caf"):
        op.drop_table(table)
