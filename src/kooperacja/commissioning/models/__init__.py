"""Commissioning records: packages and lots, calls, offers, evaluation, contracts and reports, social clauses."""

from .calls import Call, CallPublication, Criterion
from .changes import ChangeBudgetLine, ChangeRequest, ChangeScheduleLine, OfferUpdate, OfferUpdateAction, OfferUpdateRow
from .clauses import CallClause, ClauseTemplate
from .contracts import Annex, Contract, ContractLot, Invoice, Report, ReportExpense, ReportIndicator, Tranche
from .evaluation import CommissionMember, ConflictDeclaration, ReasonsRequest, Score
from .needs import Need, NeedsDiagnosis
from .offers import (
    BudgetRow,
    CorrectionRequest,
    Offer,
    OfferAction,
    OfferAttachment,
    OfferIndicator,
    OfferLot,
    OfferPartner,
    PublicComment,
)
from .packages import Lot, ServicePackage
from .programme import CallPriority, CooperationProgramme, ProgrammePriority, ProgrammeReport
from .qualification import OfferQualification, QualificationSetup

__all__ = [
    "Annex",
    "BudgetRow",
    "Call",
    "CallClause",
    "CallPriority",
    "CallPublication",
    "ChangeBudgetLine",
    "ChangeRequest",
    "ChangeScheduleLine",
    "ClauseTemplate",
    "CommissionMember",
    "ConflictDeclaration",
    "Contract",
    "ContractLot",
    "CooperationProgramme",
    "CorrectionRequest",
    "Criterion",
    "Invoice",
    "Lot",
    "Need",
    "NeedsDiagnosis",
    "Offer",
    "OfferAction",
    "OfferAttachment",
    "OfferIndicator",
    "OfferLot",
    "OfferPartner",
    "OfferQualification",
    "OfferUpdate",
    "OfferUpdateAction",
    "OfferUpdateRow",
    "ProgrammePriority",
    "ProgrammeReport",
    "PublicComment",
    "QualificationSetup",
    "ReasonsRequest",
    "Report",
    "ReportExpense",
    "ReportIndicator",
    "Score",
    "ServicePackage",
    "Tranche",
]
