import datetime as dt
from decimal import Decimal

from ninja import Schema

from .schemas import _In


class CriterionOut(Schema):
    rank: int
    description: str
    key_drivers: str
    evidence: str


class VariableOut(Schema):
    id: int
    code: str
    name: str
    indicator: str
    placeholder: bool
    criteria: list[CriterionOut]


class DomainOut(Schema):
    code: str
    name: str
    variables: list[VariableOut]


class LevelOut(Schema):
    rank: int
    name: str


class ModelOut(Schema):
    code: str
    title: str
    source: str
    levels: list[LevelOut]
    domains: list[DomainOut]


class AssessmentOut(Schema):
    id: int
    agency_id: int
    year: int
    model_code: str
    status: str
    submitted_at: dt.datetime | None


class AnswerOut(Schema):
    variable_id: int
    variable_code: str
    level: int | None
    justification: str
    evidence_link: str
    has_evidence_file: bool
    indicator: str  # the figure Lentera computes (now for a draft; kept at submission)
    targets: dict[int, int]
    actions: list[dict]


class DomainScoreOut(Schema):
    code: str
    name: str
    score: Decimal | None
    variables: list[AnswerOut]


class AssessmentDetailOut(AssessmentOut):
    domains: list[DomainScoreOut]


class AssessmentIn(_In):
    agency_id: int
    year: int


class MaturityAnswerIn(_In):
    variable_id: int
    level: int
    justification: str
    evidence_link: str = ""


class TargetIn(_In):
    variable_id: int
    year: int
    level: int


class ActionIn(_In):
    variable_id: int
    description: str
    owner_id: int
    due_on: dt.date
