"""The ledger: submissions, their values, shared reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("reporting_unit", sa.String(40), nullable=False),
        sa.Column("reporting_year", sa.Integer, nullable=False),
        sa.Column("submitter", sa.String(200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("problems", sa.JSON, nullable=False),
    )
    op.create_table(
        "submitted_value",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submission.id", ondelete="CASCADE"), nullable=False),
        sa.Column("indicator_id", sa.String(60), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("sheet", sa.String(200), nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.Column("column", sa.String(8), nullable=False),
        sa.UniqueConstraint("submission_id", "indicator_id", "year"),
    )
    op.create_index("ix_submitted_value_submission_id", "submitted_value", ["submission_id"])
    op.create_index("ix_submitted_value_key", "submitted_value", ["indicator_id", "year"])
    op.create_table(
        "report",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submission.id"), nullable=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("reporting_year", sa.Integer, nullable=False),
        sa.Column("view", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report")
    op.drop_index("ix_submitted_value_key", "submitted_value")
    op.drop_index("ix_submitted_value_submission_id", "submitted_value")
    op.drop_table("submitted_value")
    op.drop_table("submission")
