"""aisre.slo: SLI queries over the lake (infrastructure SLIs now; budgets and burn rates next)."""

from ._infra_sli import FILTER_COLUMNS, GROUP_COLUMNS, TIME_BUCKETS, InfraSLIRow, infra_slis

__all__ = ["FILTER_COLUMNS", "GROUP_COLUMNS", "TIME_BUCKETS", "InfraSLIRow", "infra_slis"]
