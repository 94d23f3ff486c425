"""Ingest: import runs, provenance and the quarantine of rejected records; patents may lack an
application number (sources that give only publication numbers).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")


def _counts() -> list[sa.Column[int]]:
    return [
        sa.Column(name, sa.Integer(), nullable=False)
        for name in ("read", "inserted", "updated", "unchanged", "quarantined")
    ]


def _where() -> list[sa.Column[object]]:
    return [
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("member", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("record_index", sa.Integer(), nullable=False),
    ]


def _alter_patents(nullable: bool) -> None:
    # SQLite alters a column by copying the table; dropping the old copy would cascade-delete
    # every publication, party and event unless foreign keys are off while it happens. (The
    # pragma takes effect outside a write transaction, as at the start of an upgrade from 0001.)
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("patents", schema=None) as batch_op:
        batch_op.alter_column(
            "application_number", existing_type=sa.String(length=40), nullable=nullable
        )
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("requested_format", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True),
        *_counts(),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_import_runs_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_runs_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_runs_status"), ["status"], unique=False)

    op.create_table(
        "import_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("member", sa.Text(), nullable=True),
        sa.Column("format", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_params", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bytes_total", sa.Integer(), nullable=True),
        sa.Column("bytes_read", sa.Integer(), nullable=False),
        *_counts(),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_import_files_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name=op.f("fk_import_files_run_id_import_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_files")),
    )
    with op.batch_alter_table("import_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_files_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_files_run_id"), ["run_id"], unique=False)

    op.create_table(
        "import_quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        *_where(),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("field", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["import_files.id"],
            name=op.f("fk_import_quarantine_file_id_import_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_import_quarantine_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name=op.f("fk_import_quarantine_run_id_import_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_quarantine")),
    )
    with op.batch_alter_table("import_quarantine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_quarantine_file_id"), ["file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_quarantine_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_quarantine_run_id"), ["run_id"], unique=False)

    op.create_table(
        "record_provenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patent_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        *_where(),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["import_files.id"],
            name=op.f("fk_record_provenance_file_id_import_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_record_provenance_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["patent_id"],
            ["patents.id"],
            name=op.f("fk_record_provenance_patent_id_patents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_runs.id"],
            name=op.f("fk_record_provenance_run_id_import_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_provenance")),
    )
    with op.batch_alter_table("record_provenance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_provenance_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_record_provenance_patent_id"), ["patent_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_record_provenance_run_id"), ["run_id"], unique=False)

    _alter_patents(nullable=True)


def downgrade() -> None:
    # The old schema cannot hold a patent without an application number: those records go.
    op.execute("DELETE FROM patents WHERE application_number IS NULL")
    _alter_patents(nullable=False)

    with op.batch_alter_table("record_provenance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_provenance_run_id"))
        batch_op.drop_index(batch_op.f("ix_record_provenance_patent_id"))
        batch_op.drop_index(batch_op.f("ix_record_provenance_org_id"))
    op.drop_table("record_provenance")
    with op.batch_alter_table("import_quarantine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_quarantine_run_id"))
        batch_op.drop_index(batch_op.f("ix_import_quarantine_org_id"))
        batch_op.drop_index(batch_op.f("ix_import_quarantine_file_id"))
    op.drop_table("import_quarantine")
    with op.batch_alter_table("import_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_files_run_id"))
        batch_op.drop_index(batch_op.f("ix_import_files_org_id"))
    op.drop_table("import_files")
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_runs_status"))
        batch_op.drop_index(batch_op.f("ix_import_runs_org_id"))
    op.drop_table("import_runs")
