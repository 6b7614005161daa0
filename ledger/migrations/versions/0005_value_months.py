"""The months of the year a value covers ("1-10" for January to October, "" for the whole year): a department's
2026年(1-10月) column is kept as such and never judged as a whole year's value without saying so.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submitted_value") as table:
        table.add_column(sa.Column("months", sa.String(10), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("submitted_value") as table:
        table.drop_column("months")
