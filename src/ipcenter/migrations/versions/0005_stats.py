"""Stats: uploaded SEI concordance, award list, and indexes the indicator SQL needs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def upgrade() -> None:
    op.create_table(
        "stats_sei_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sector_code", sa.String(length=12), nullable=False),
        sa.Column("sector_zh", sa.Text(), nullable=False),
        sa.Column("ipc_prefix", sa.String(length=32), nullable=False),
        sa.Column("keyword", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_sei_rules")),
    )
    with op.batch_alter_table("stats_sei_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stats_sei_rules_ipc_prefix"), ["ipc_prefix"], unique=False
        )
    op.create_table(
        "stats_awarded_patents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_number", sa.String(length=40), nullable=False),
        sa.Column("award", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_awarded_patents")),
    )
    with op.batch_alter_table("stats_awarded_patents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stats_awarded_patents_application_number"),
            ["application_number"],
            unique=True,
        )
    # The snapshot SQL ranks each patent's status events and parties; these let the database read
    # them in order per patent instead of sorting whole tables.
    op.create_index(
        "ix_stats_legal_events_patent_date", "legal_events", ["patent_id", "event_date"]
    )
    op.create_index("ix_stats_patent_parties_patent_role", "patent_parties", ["patent_id", "role"])


def downgrade() -> None:
    op.drop_index("ix_stats_patent_parties_patent_role", table_name="patent_parties")
    op.drop_index("ix_stats_legal_events_patent_date", table_name="legal_events")
    with op.batch_alter_table("stats_awarded_patents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_awarded_patents_application_number"))
    op.drop_table("stats_awarded_patents")
    with op.batch_alter_table("stats_sei_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_sei_rules_ipc_prefix"))
    op.drop_table("stats_sei_rules")
