"""What the sheet called each indicator (its wording), kept with the value beside how it was matched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submitted_value") as table:
        table.add_column(sa.Column("written", sa.String(300), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("submitted_value") as table:
        table.drop_column("written")
