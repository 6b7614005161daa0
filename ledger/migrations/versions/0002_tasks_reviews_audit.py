"""Task reports, reviews and the audit trail; value notes; share links pinned to a ledger state.

Existing ledgers keep every row: new columns get defaults (origin "upload", no period, values not
approximate and without notes), and existing share links keep reading the ledger by their time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as table:
        table.add_column(sa.Column("origin", sa.String(20), nullable=False, server_default="upload"))
        table.add_column(sa.Column("period", sa.String(10), nullable=False, server_default=""))
    with op.batch_alter_table("submitted_value") as table:
        table.add_column(sa.Column("approximate", sa.Boolean, nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
        table.add_column(sa.Column("matched_by", sa.String(20), nullable=False, server_default=""))
    with op.batch_alter_table("report") as table:
        table.add_column(sa.Column("ledger_head", sa.Integer, nullable=True))
    op.create_index("ix_submission_submitted_at", "submission", ["submitted_at", "id"])
    op.create_table(
        "task_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submission.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("progress", sa.Text, nullable=False),
        sa.Column("issues", sa.Text, nullable=False),
        sa.Column("next_steps", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("sheet", sa.String(200), nullable=False),
        sa.Column("row", sa.Integer, nullable=True),
        sa.UniqueConstraint("submission_id", "item_id"),
    )
    op.create_index("ix_task_entry_submission_id", "task_entry", ["submission_id"])
    op.create_index("ix_task_entry_item", "task_entry", ["item_id"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submission.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_review_submission_id", "review", ["submission_id"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("client", sa.String(100), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_event_action_at", "audit_event", ["action", "at"])


def downgrade() -> None:
    op.drop_table("audit_event")
    op.drop_table("review")
    op.drop_table("task_entry")
    op.drop_index("ix_submission_submitted_at", "submission")
    with op.batch_alter_table("report") as table:
        table.drop_column("ledger_head")
    with op.batch_alter_table("submitted_value") as table:
        table.drop_column("matched_by")
        table.drop_column("note")
        table.drop_column("approximate")
    with op.batch_alter_table("submission") as table:
        table.drop_column("period")
        table.drop_column("origin")
