"""The indicator of 主要再生资源回收率 is recyclable_resource_recovery: 再生资源 are recyclable resources, not
renewable ones, and the catalog's old id said "renewable".

Values stored under the old id, and share links whose picked indicators name it, read the new id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD, NEW = "renewable_resource_recovery", "recyclable_resource_recovery"

submitted_value = sa.table("submitted_value", sa.column("indicator_id", sa.String(60)))
report = sa.table("report", sa.column("id", sa.String(32)), sa.column("view", sa.JSON))


def _rename(old: str, new: str) -> None:
    op.execute(submitted_value.update().where(submitted_value.c.indicator_id == old).values(indicator_id=new))
    connection = op.get_bind()
    for report_id, view in connection.execute(sa.select(report.c.id, report.c.view)).all():
        picked = view.get("indicator") if isinstance(view, dict) else None
        if isinstance(picked, list) and old in picked:
            renamed = {**view, "indicator": [new if i == old else i for i in picked]}
            connection.execute(report.update().where(report.c.id == report_id).values(view=renamed))


def upgrade() -> None:
    _rename(OLD, NEW)


def downgrade() -> None:
    _rename(NEW, OLD)
