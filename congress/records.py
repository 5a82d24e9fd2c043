"""What hangs off proposals (seconds, attachments, departments, answers, ratings, progress,
merged proposals), read in ONE query for any number of proposals.

The proposal page, its print form and the session's 提案汇编 show up to seven related lists
per proposal; a prefetch per list cost a query each (a closed proposal's page took 20+ queries).
Here each list is one branch of a UNION ALL with the same columns:

    kind, proposal id, row id, related id, number, code, name, text, time

and the rows are turned back into model instances holding just those fields (the others are
deferred: touching one would cost a query, which the query-count tests would catch).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, DateTimeField, F, IntegerField, TextField, Value, When
from django.db.models.functions import Cast

from congress.models import Answer, ProgressUpdate, Proposal, ProposalAssignment, ProposalAttachment, Rating, Second
from members.models import Department, Member

COLUMNS = {
    "u_kind": CharField(),
    "u_pid": IntegerField(),
    "u_id": IntegerField(),
    "u_rel": IntegerField(),
    "u_num": IntegerField(),
    "u_code": CharField(),
    "u_name": CharField(),
    "u_text": TextField(),
    "u_at": DateTimeField(),
}
KINDS = ("seconds", "attachments", "assignments", "answers", "ratings", "progress", "merged")


@dataclass
class Records:
    """One proposal's related lists, each in the order its model's Meta.ordering gives."""

    seconds: list = field(default_factory=list)  # Second with .member (name)
    attachments: list = field(default_factory=list)  # ProposalAttachment (name)
    assignments: list = field(default_factory=list)  # ProposalAssignment with .department (name), lead first
    answers: list = field(default_factory=list)  # Answer with .department (name)
    ratings: list = field(default_factory=list)  # Rating
    progress: list = field(default_factory=list)  # ProgressUpdate
    merged: list = field(default_factory=list)  # Proposal merged into this one, with .proposer (name)

    @property
    def seconder_ids(self):
        return {s.member_id for s in self.seconds}

    @property
    def department_ids(self):
        return {a.department_id for a in self.assignments}


def _branch(qs, kind, **columns):
    """One SELECT of the union: every column of COLUMNS, NULL where `columns` has none."""
    values = {"u_kind": Value(kind, output_field=CharField())}
    for name, output in list(COLUMNS.items())[1:]:
        values[name] = columns[name] if name in columns else Cast(Value(None), output)
    return qs.order_by().values(**values)


def _branches(ids, kinds):
    lead = Case(When(is_lead=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    make = {
        "seconds": lambda: _branch(
            Second.objects.filter(proposal_id__in=ids),
            "seconds",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_rel=F("member_id"),
            u_name=F("member__name"),
            u_at=F("created_at"),
        ),
        "attachments": lambda: _branch(
            ProposalAttachment.objects.filter(proposal_id__in=ids),
            "attachments",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_name=F("name"),
            u_at=F("uploaded_at"),
        ),
        "assignments": lambda: _branch(
            ProposalAssignment.objects.filter(proposal_id__in=ids),
            "assignments",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_rel=F("department_id"),
            u_num=lead,
            u_name=F("department__name"),
            u_at=F("assigned_at"),
        ),
        "answers": lambda: _branch(
            Answer.objects.filter(proposal_id__in=ids),
            "answers",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_rel=F("department_id"),
            u_num=F("round"),
            u_code=F("answer_type"),
            u_name=F("department__name"),
            u_text=F("text"),
            u_at=F("answered_at"),
        ),
        "ratings": lambda: _branch(
            Rating.objects.filter(proposal_id__in=ids),
            "ratings",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_num=F("round"),
            u_code=F("result"),
            u_text=F("comment"),
            u_at=F("rated_at"),
        ),
        "progress": lambda: _branch(
            ProgressUpdate.objects.filter(proposal_id__in=ids),
            "progress",
            u_pid=F("proposal_id"),
            u_id=F("id"),
            u_text=F("text"),
            u_at=F("at"),
        ),
        "merged": lambda: _branch(
            Proposal.objects.filter(merged_into_id__in=ids),
            "merged",
            u_pid=F("merged_into_id"),
            u_id=F("id"),
            u_rel=F("proposer_id"),
            u_name=F("title"),
            u_text=F("proposer__name"),
            u_at=F("created_at"),
        ),
    }
    return [make[k]() for k in kinds]


def _instance(model, db, **values):
    """A model instance holding only `values` (the other fields deferred), as .only() builds them."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[n] for n in names])


def _build(kind, row, db):
    pid, pk, rel, num, code, name, text, at = (
        row[k] for k in ("u_pid", "u_id", "u_rel", "u_num", "u_code", "u_name", "u_text", "u_at")
    )
    if kind == "seconds":
        obj = _instance(Second, db, id=pk, proposal_id=pid, member_id=rel, created_at=at)
        obj.member = _instance(Member, db, id=rel, name=name)
    elif kind == "attachments":
        obj = _instance(ProposalAttachment, db, id=pk, proposal_id=pid, name=name, uploaded_at=at)
    elif kind == "assignments":
        obj = _instance(
            ProposalAssignment, db, id=pk, proposal_id=pid, department_id=rel, is_lead=bool(num), assigned_at=at
        )
        obj.department = _instance(Department, db, id=rel, name=name)
    elif kind == "answers":
        obj = _instance(
            Answer,
            db,
            id=pk,
            proposal_id=pid,
            round=num,
            department_id=rel,
            answer_type=code,
            text=text,
            answered_at=at,
        )
        obj.department = _instance(Department, db, id=rel, name=name)
    elif kind == "ratings":
        obj = _instance(Rating, db, id=pk, proposal_id=pid, round=num, result=code, comment=text, rated_at=at)
    elif kind == "progress":
        obj = _instance(ProgressUpdate, db, id=pk, proposal_id=pid, text=text, at=at)
    else:  # merged
        obj = _instance(Proposal, db, id=pk, merged_into_id=pid, proposer_id=rel, title=name, created_at=at)
        obj.proposer = _instance(Member, db, id=rel, name=text)
    return obj


# each list in its model's Meta.ordering
SORT_KEYS = {
    "seconds": lambda o: (o.created_at, o.pk),
    "attachments": lambda o: o.pk,
    "assignments": lambda o: (not o.is_lead, o.pk),
    "answers": lambda o: (o.round, o.answered_at),
    "ratings": lambda o: o.round,
    "progress": lambda o: o.at,
    "merged": lambda o: (o.created_at, o.pk),
}
REVERSED = {"merged"}  # Proposal orders by -created_at, -id


def load_records(proposal_ids, kinds=KINDS):
    """{proposal id: Records} for `proposal_ids`, filling only the lists named in `kinds`; one query."""
    ids = list(proposal_ids)
    result = {pk: Records() for pk in ids}
    if not ids or not kinds:
        return result
    first, *rest = _branches(ids, kinds)
    qs = first.union(*rest, all=True) if rest else first
    grouped = defaultdict(list)
    for row in qs:
        grouped[row["u_kind"]].append(_build(row["u_kind"], row, qs.db))
    for kind, objects in grouped.items():
        objects.sort(key=SORT_KEYS[kind], reverse=kind in REVERSED)
        for obj in objects:
            pid = obj.merged_into_id if kind == "merged" else obj.proposal_id
            getattr(result[pid], kind).append(obj)
    return result
