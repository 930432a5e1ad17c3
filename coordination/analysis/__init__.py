"""Program intelligence: dependencies, capacity, risks and portfolio health.

Pure functions over the plain records in `model`; no database, Slack or network. Callers
(status, digest, storage mapping) import from here; the modules behind it may move.
"""

from coordination.analysis.capacity import (
    CapacityTable,
    OverAllocation,
    PersonLoad,
    WeekLoad,
    capacity_and_over_allocation,
    capacity_table,
    over_allocated,
)
from coordination.analysis.contention import Contention, Overlap
from coordination.analysis.dependencies import (
    CriticalPath,
    LateItem,
    SlipImpact,
    critical_path,
    effective_finish,
    find_cycle,
    propagate_slip,
    propagate_slips,
)
from coordination.analysis.model import (
    DueChange,
    Edge,
    ItemFacts,
    NodeRef,
    NoteSignal,
    PersonFacts,
    ProjectFacts,
    RiskFacts,
)
from coordination.analysis.portfolio import (
    PortfolioView,
    ProgramSummary,
    ProjectHealth,
    portfolio_view,
)
from coordination.analysis.risk_rules import DerivedRisk
from coordination.analysis.risks import RisingRisk, derive_risks, rising

__all__ = [
    "CapacityTable",
    "Contention",
    "CriticalPath",
    "DerivedRisk",
    "DueChange",
    "Edge",
    "ItemFacts",
    "LateItem",
    "NodeRef",
    "NoteSignal",
    "OverAllocation",
    "Overlap",
    "PersonFacts",
    "PersonLoad",
    "PortfolioView",
    "ProgramSummary",
    "ProjectFacts",
    "ProjectHealth",
    "RisingRisk",
    "RiskFacts",
    "SlipImpact",
    "WeekLoad",
    "capacity_and_over_allocation",
    "capacity_table",
    "critical_path",
    "derive_risks",
    "effective_finish",
    "find_cycle",
    "over_allocated",
    "portfolio_view",
    "propagate_slip",
    "propagate_slips",
    "rising",
]
