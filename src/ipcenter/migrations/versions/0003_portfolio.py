"""Portfolio: the docketing rule engine's deadlines and renewal workflow.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.create_table(
        "portfolio_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("right_type", sa.String(length=12), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("right_kind", sa.String(length=20), nullable=False),
        sa.Column("jurisdiction", sa.String(length=2), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("window_opens", sa.Date(), nullable=True),
        sa.Column("grace_end", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("full_fee", MONEY, nullable=True),
        sa.Column("payable_fee", MONEY, nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("loses_right", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("instruction", sa.String(length=8), nullable=True),
        sa.Column("receipt_number", sa.String(length=80), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_amount", MONEY, nullable=True),
        sa.Column("state_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_portfolio_deadlines_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_deadlines")),
        sa.UniqueConstraint(
            "right_type", "right_id", "key", name=op.f("uq_portfolio_deadlines_right_type")
        ),
    )
    with op.batch_alter_table("portfolio_deadlines", schema=None) as batch_op:
        for column in ("due_date", "kind", "org_id", "right_id", "state"):
            batch_op.create_index(
                batch_op.f(f"ix_portfolio_deadlines_{column}"), [column], unique=False
            )

    op.create_table(
        "portfolio_right_syncs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("right_type", sa.String(length=12), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_portfolio_right_syncs_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_right_syncs")),
        sa.UniqueConstraint(
            "right_type", "right_id", name=op.f("uq_portfolio_right_syncs_right_type")
        ),
    )
    with op.batch_alter_table("portfolio_right_syncs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_portfolio_right_syncs_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "portfolio_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("sent_to", sa.Text(), nullable=False),
        sa.Column(
            "sent_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["portfolio_deadlines.id"],
            name=op.f("fk_portfolio_reminders_deadline_id_portfolio_deadlines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_portfolio_reminders_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_reminders")),
    )
    with op.batch_alter_table("portfolio_reminders", schema=None) as batch_op:
        for column in ("deadline_id", "org_id"):
            batch_op.create_index(
                batch_op.f(f"ix_portfolio_reminders_{column}"), [column], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("portfolio_reminders", schema=None) as batch_op:
        for column in ("org_id", "deadline_id"):
            batch_op.drop_index(batch_op.f(f"ix_portfolio_reminders_{column}"))
    op.drop_table("portfolio_reminders")
    with op.batch_alter_table("portfolio_right_syncs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portfolio_right_syncs_org_id"))
    op.drop_table("portfolio_right_syncs")
    with op.batch_alter_table("portfolio_deadlines", schema=None) as batch_op:
        for column in ("state", "right_id", "org_id", "kind", "due_date"):
            batch_op.drop_index(batch_op.f(f"ix_portfolio_deadlines_{column}"))
    op.drop_table("portfolio_deadlines")
