"""What the lower layers say, without words: a message code and its parameters.

Readers, the assessment and the ledger report problems, reasons and errors as a `Message`; only `ui/` and the
document writers turn one into text, in the reader's language, from the message catalogs (locale/, read by
tracker.i18n). Parameters are plain values (numbers, years, what a person wrote) or catalog ids under names
the writers know how to name: `indicator`/`indicators`, `item`/`items`, `unit`/`units`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self):  # picklable across the reading worker's socket, params and all
        return (Message, (self.code, dict(self.params)))


def message(code: str, **params: Any) -> Message:
    return Message(code, params)


class Refused(ValueError):
    """An operation that cannot be done, and why, as a Message; its str() is the code (for logs only)."""

    def __init__(self, code: str, **params: Any):
        self.message = Message(code, params)
        super().__init__(code)

    def __reduce__(self):
        return (_refused, (type(self), self.message.code, dict(self.message.params)))


def _refused(kind: type, code: str, params: dict) -> Refused:
    return kind(code, **params)


@dataclass(frozen=True)
class Quantity:
    """A number of an indicator, written with the indicator's unit in the reader's language (455 万千瓦,
    455 ×10⁴ kW); `months` "1-10" when it is a part of a year's value."""
    value: float
    indicator: str


@dataclass(frozen=True)
class Difference:
    """How far apart two numbers of an indicator are: 45 万千瓦, and for a share 2.5 个百分点 (2.5 percentage
    points), never "2.5%", which would be a part of the share."""
    value: float
    indicator: str


@dataclass(frozen=True)
class Goal:
    """A target as one short phrase: ≥ 500 万千瓦, 力争 ≈ 9.5%."""
    value: float
    comparator: str
    indicator: str
    aspiration: str | None = None


@dataclass(frozen=True)
class GoalInWords(Goal):
    """A target as a document writes it: 500万千瓦以上, 力争65%以上, at least 500 ×10⁴ kW."""
