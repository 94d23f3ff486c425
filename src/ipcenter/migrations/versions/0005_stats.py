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
    # Derived snapshot facts (rebuilt by `ipcenter stats refresh`); the watermark they came from.
    op.create_table(
        "stats_patent_facts",
        sa.Column("patent_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction", sa.String(length=2), nullable=False),
        sa.Column("patent_type", sa.String(length=20), nullable=False),
        sa.Column("patent_key", sa.String(length=48), nullable=False),
        sa.Column("application_number", sa.String(length=40), nullable=True),
        sa.Column("family_id", sa.String(length=40), nullable=True),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("grant_date", sa.Date(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("province", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=4), nullable=True),
        sa.Column("county", sa.String(length=6), nullable=True),
        sa.Column("domestic", sa.Boolean(), nullable=False),
        sa.Column("applicant_type", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=12), nullable=False),
        sa.Column("sei", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("patent_id", name=op.f("pk_stats_patent_facts")),
    )
    op.create_index(
        "ix_stats_patent_facts_application_number", "stats_patent_facts", ["application_number"]
    )
    op.create_index(
        "ix_stats_patent_facts_kind",
        "stats_patent_facts",
        ["jurisdiction", "patent_type", "domestic", "province"],
    )
    op.create_index("ix_stats_patent_facts_family", "stats_patent_facts", ["family_id"])
    op.create_table(
        "stats_patent_in_force",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_patent_in_force")),
    )
    op.create_index(
        "ix_stats_patent_in_force_patent", "stats_patent_in_force", ["patent_id", "valid_from"]
    )
    op.create_index(
        "ix_stats_patent_in_force_dates", "stats_patent_in_force", ["valid_from", "valid_to"]
    )
    op.create_table(
        "stats_fact_refresh",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watermark", sa.Text(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("patents", sa.Integer(), nullable=False),
        sa.Column("intervals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_fact_refresh")),
    )
    # The change check reads max(updated_at) of the patents.
    op.create_index("ix_stats_patents_updated_at", "patents", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_stats_patents_updated_at", table_name="patents")
    op.drop_table("stats_fact_refresh")
    op.drop_index("ix_stats_patent_in_force_dates", table_name="stats_patent_in_force")
    op.drop_index("ix_stats_patent_in_force_patent", table_name="stats_patent_in_force")
    op.drop_table("stats_patent_in_force")
    op.drop_index("ix_stats_patent_facts_family", table_name="stats_patent_facts")
    op.drop_index("ix_stats_patent_facts_kind", table_name="stats_patent_facts")
    op.drop_index("ix_stats_patent_facts_application_number", table_name="stats_patent_facts")
    op.drop_table("stats_patent_facts")
    op.drop_index("ix_stats_patent_parties_patent_role", table_name="patent_parties")
    op.drop_index("ix_stats_legal_events_patent_date", table_name="legal_events")
    with op.batch_alter_table("stats_awarded_patents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_awarded_patents_application_number"))
    op.drop_table("stats_awarded_patents")
    with op.batch_alter_table("stats_sei_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_sei_rules_ipc_prefix"))
    op.drop_table("stats_sei_rules")
