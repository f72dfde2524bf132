"""Certification's data: the World Bank's country income classifications, the label, the
applications for it and the public's concerns about it. One module a topic; Django finds the
models through the names below."""

from certification.models.appeals import (
    Appeal,
    AppealEvent,
    AppealFile,
    AppealStatus,
    AppealSubject,
)
from certification.models.applications import (
    EDITABLE_APPLICATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Evidence,
    EvidenceKind,
    evidence_path,
    evidence_storage,
)
from certification.models.concerns import (
    Concern,
    ConcernEmail,
    ConcernEmailKind,
    ConcernEvent,
    ConcernStatus,
)
from certification.models.facts import (
    EvidenceLapseReminder,
    FactChange,
    FactChangeStatus,
    VerifiedFacts,
)
from certification.models.findings import Finding, FindingSeverity
from certification.models.incomes import (
    CountryIncomeLoad,
    Economy,
    IncomeClassification,
    IncomeGroup,
    IncomeGroupChange,
    LendingCategory,
)
from certification.models.labels import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    Label,
    LabelEvent,
    LabelExpiryReminder,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
    new_label_code,
)

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealFile",
    "AppealStatus",
    "AppealSubject",
    "CERTIFIED_STATUSES",
    "CURRENT_STATUSES",
    "EDITABLE_APPLICATION_STATUSES",
    "OPEN_APPLICATION_STATUSES",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "Concern",
    "ConcernEmail",
    "ConcernEmailKind",
    "ConcernEvent",
    "ConcernStatus",
    "CountryIncomeLoad",
    "Economy",
    "Evidence",
    "EvidenceLapseReminder",
    "FactChange",
    "FactChangeStatus",
    "Finding",
    "FindingSeverity",
    "EvidenceKind",
    "IncomeClassification",
    "IncomeGroup",
    "IncomeGroupChange",
    "Label",
    "LabelEvent",
    "LabelExpiryReminder",
    "LabelStatus",
    "LendingCategory",
    "NotificationKind",
    "SuspensionCause",
    "VerifiedFacts",
    "evidence_path",
    "evidence_storage",
    "new_label_code",
]
