"""The ledger's tables. Nothing is ever updated or deleted: a submission adds rows, and the ledger's current
value of an (indicator, year) is the one in the latest submission that reports it."""
from __future__ import annotations

import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One saved upload: who reported, for which unit and year, from which file."""
    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # increases with every save: "latest" is highest
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # stable across backups and servers
    reporting_unit: Mapped[str] = mapped_column(String(40))          # a unit_id of the catalog
    reporting_year: Mapped[int] = mapped_column(Integer)
    submitter: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="accepted")
    note: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list] = mapped_column(JSON, default=list)  # what the reader skipped, as shown at saving

    values: Mapped[list["SubmittedValue"]] = relationship(back_populates="submission", cascade="all, delete-orphan",
                                                          order_by="SubmittedValue.id")


class SubmittedValue(Base):
    """One number of a submission, with the cell it came from."""
    __tablename__ = "submitted_value"
    __table_args__ = (UniqueConstraint("submission_id", "indicator_id", "year"),
                      Index("ix_submitted_value_key", "indicator_id", "year"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    sheet: Mapped[str] = mapped_column(String(200), default="")
    row: Mapped[int | None] = mapped_column(Integer, nullable=True)
    column: Mapped[str] = mapped_column(String(8), default="")

    submission: Mapped[Submission] = relationship(back_populates="values")


class Report(Base):
    """A shared view: a link /progress?report=<id> reopens exactly this comparison, read-only."""
    __tablename__ = "report"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)   # unguessable token
    kind: Mapped[str] = mapped_column(String(20))                    # "ledger" (as of a time) or "submission"
    as_of: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)
    lang: Mapped[str] = mapped_column(String(2))
    reporting_year: Mapped[int] = mapped_column(Integer)
    view: Mapped[dict] = mapped_column(JSON, default=dict)           # filters: action, unit, year, q, indicator
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200), default="")
