"""The ledger's tables. Nothing is ever updated or deleted: a submission adds rows, and the ledger's current
value of an (indicator, year) — or status of a task item — is the one in the latest submission that reports
it ("latest" by the time it was submitted, so an older backup imported later does not win). Reviews and the
audit trail are added alongside, never in place."""
from __future__ import annotations

import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One saved upload or form: who reported, for which unit and year, from which file."""
    __tablename__ = "submission"
    __table_args__ = (Index("ix_submission_submitted_at", "submitted_at", "id"),)

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
    origin: Mapped[str] = mapped_column(String(20), default="upload")    # upload | form | import
    period: Mapped[str] = mapped_column(String(10), default="")          # "" for the year, or Q1…Q4

    values: Mapped[list["SubmittedValue"]] = relationship(back_populates="submission", cascade="all, delete-orphan",
                                                          order_by="SubmittedValue.id")
    tasks: Mapped[list["TaskEntry"]] = relationship(back_populates="submission", cascade="all, delete-orphan",
                                                    order_by="TaskEntry.id")


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
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)   # written as 约25, 25左右
    note: Mapped[str] = mapped_column(Text, default="")                 # the row's 备注, kept with the value
    matched_by: Mapped[str] = mapped_column(String(20), default="")     # id | name | alias | similar | chosen
    written: Mapped[str] = mapped_column(String(300), default="")       # what the sheet called the indicator
    months: Mapped[str] = mapped_column(String(10), default="")         # "" the whole year, "1-10" January–October

    submission: Mapped[Submission] = relationship(back_populates="values")


class TaskEntry(Base):
    """One unit's report on one ledger item (a task of the task-division table, a qualitative goal, a key
    project or a duty): status and the three texts Chinese offices write, with the cell it came from."""
    __tablename__ = "task_entry"
    __table_args__ = (UniqueConstraint("submission_id", "item_id"), Index("ix_task_entry_item", "item_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="")   # "" when the sheet had no status column
    progress: Mapped[str] = mapped_column(Text, default="")       # 工作进展
    issues: Mapped[str] = mapped_column(Text, default="")         # 存在问题
    next_steps: Mapped[str] = mapped_column(Text, default="")     # 下步计划
    evidence: Mapped[str] = mapped_column(Text, default="")       # 佐证/备注
    sheet: Mapped[str] = mapped_column(String(200), default="")
    row: Mapped[int | None] = mapped_column(Integer, nullable=True)

    submission: Mapped[Submission] = relationship(back_populates="tasks")


class Review(Base):
    """The office's word on a submission (or one item of it): a review note, or a return with its reason."""
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(40), default="")   # "" for the whole submission
    decision: Mapped[str] = mapped_column(String(20))              # note | returned
    text: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Who did what to the ledger, and every failed unlock (which the lockout counts across sessions)."""
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(40))        # save | review | return | import | unlock | unlock_failed | share
    actor: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="")     # editor | reviewer | admin | visitor
    unit_id: Mapped[str] = mapped_column(String(40), default="")
    client: Mapped[str] = mapped_column(String(100), default="")  # the browser's address, for the lockout
    details: Mapped[dict] = mapped_column(JSON, default=dict)


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
    ledger_head: Mapped[int | None] = mapped_column(Integer, nullable=True)  # submissions up to this id are in it
