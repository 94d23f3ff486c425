"""Carbon: dairy farm carbon footprints (farms, supply links, assessments).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def upgrade() -> None:
    op.create_table(
        "carbon_farms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("climate_zone", sa.String(length=40), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_carbon_farms_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_farms")),
        sa.UniqueConstraint("org_id", "name", name=op.f("uq_carbon_farms_org_id")),
    )
    with op.batch_alter_table("carbon_farms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carbon_farms_org_id"), ["org_id"], unique=False)

    op.create_table(
        "carbon_supply_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_org_id", sa.Integer(), nullable=False),
        sa.Column("farm_org_id", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["company_org_id"],
            ["organisations.id"],
            name=op.f("fk_carbon_supply_links_company_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["farm_org_id"],
            ["organisations.id"],
            name=op.f("fk_carbon_supply_links_farm_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_supply_links")),
        sa.UniqueConstraint(
            "company_org_id", "farm_org_id", name=op.f("uq_carbon_supply_links_company_org_id")
        ),
    )
    with op.batch_alter_table("carbon_supply_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carbon_supply_links_company_org_id"), ["company_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_carbon_supply_links_farm_org_id"), ["farm_org_id"], unique=False
        )

    op.create_table(
        "carbon_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("farm_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("gwp", sa.String(length=20), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("scenario_results", sa.JSON(), nullable=False),
        sa.Column("total_kg_co2e", sa.Float(), nullable=False),
        sa.Column("kg_co2e_per_kg_fpcm", sa.Float(), nullable=False),
        sa.Column("fpcm_kg", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("demo_fields", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["farm_id"],
            ["carbon_farms.id"],
            name=op.f("fk_carbon_assessments_farm_id_carbon_farms"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_carbon_assessments_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_assessments")),
    )
    with op.batch_alter_table("carbon_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carbon_assessments_farm_id"), ["farm_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_carbon_assessments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_carbon_assessments_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("carbon_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carbon_assessments_year"))
        batch_op.drop_index(batch_op.f("ix_carbon_assessments_org_id"))
        batch_op.drop_index(batch_op.f("ix_carbon_assessments_farm_id"))
    op.drop_table("carbon_assessments")
    with op.batch_alter_table("carbon_supply_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carbon_supply_links_farm_org_id"))
        batch_op.drop_index(batch_op.f("ix_carbon_supply_links_company_org_id"))
    op.drop_table("carbon_supply_links")
    with op.batch_alter_table("carbon_farms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carbon_farms_org_id"))
    op.drop_table("carbon_farms")
