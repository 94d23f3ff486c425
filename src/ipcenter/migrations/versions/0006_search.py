"""Search: indexed-state digests, reindex runs, added documents, saved searches, alerts, feedback.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_indexed",
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column(
            "indexed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_indexed")),
    )
    with op.batch_alter_table("search_indexed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_indexed_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_indexed_org_id"), ["org_id"], unique=False)

    op.create_table(
        "search_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("embedding", sa.String(length=12), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("embedded", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_runs")),
    )
    with op.batch_alter_table("search_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_runs_status"), ["status"], unique=False)

    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_search_documents_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint(
            "org_id", "kind", "external_id", name=op.f("uq_search_documents_org_id")
        ),
    )
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_documents_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_documents_org_id"), ["org_id"], unique=False)

    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("alert", sa.Boolean(), nullable=False),
        sa.Column("last_ids", sa.JSON(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_saved_searches_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_saved_searches_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_searches_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_searches_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "search_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("saved_search_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("doc_ids", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_search_alerts_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_searches.id"],
            name=op.f("fk_search_alerts_saved_search_id_saved_searches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_alerts")),
    )
    with op.batch_alter_table("search_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_alerts_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_search_alerts_saved_search_id"), ["saved_search_id"], unique=False
        )

    op.create_table(
        "search_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("saved_search_id", sa.Integer(), nullable=True),
        sa.Column("session_key", sa.String(length=64), nullable=True),
        sa.Column("doc_id", sa.String(length=80), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_search_feedback_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_searches.id"],
            name=op.f("fk_search_feedback_saved_search_id_saved_searches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_feedback")),
    )
    with op.batch_alter_table("search_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_feedback_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_search_feedback_saved_search_id"), ["saved_search_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_search_feedback_session_key"), ["session_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("search_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_feedback_session_key"))
        batch_op.drop_index(batch_op.f("ix_search_feedback_saved_search_id"))
        batch_op.drop_index(batch_op.f("ix_search_feedback_org_id"))

    op.drop_table("search_feedback")
    with op.batch_alter_table("search_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_alerts_saved_search_id"))
        batch_op.drop_index(batch_op.f("ix_search_alerts_org_id"))

    op.drop_table("search_alerts")
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_searches_owner_id"))
        batch_op.drop_index(batch_op.f("ix_saved_searches_org_id"))

    op.drop_table("saved_searches")
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_documents_org_id"))
        batch_op.drop_index(batch_op.f("ix_search_documents_kind"))

    op.drop_table("search_documents")
    with op.batch_alter_table("search_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_runs_status"))

    op.drop_table("search_runs")
    with op.batch_alter_table("search_indexed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_indexed_org_id"))
        batch_op.drop_index(batch_op.f("ix_search_indexed_kind"))

    op.drop_table("search_indexed")
