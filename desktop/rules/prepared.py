"""Derived data several checks share, computed at most once per run.

``run_checks`` builds one :class:`Prepared` and hands it to every check; a check called on
its own with a bare :class:`CheckContext` builds its own. The imports inside the
properties avoid an import cycle (the topic modules import this one).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .context import CheckContext

if TYPE_CHECKING:
    from .formula import Aggregates, FormulaError
    from .inventory import Inventory
    from .materiality import Threshold
    from .monitoring_data import MonitoringData
    from .monitoring_scan import Meters, Scan
    from .recalc import Recalculation
    from .serials import CreditTable


class Prepared:
    """A context plus lazily computed, cached views of its data."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    @cached_property
    def inventory(self) -> Inventory | None:
        """The inventory, typed and ordered by ``row_no``; ``None`` without a table."""
        from .inventory import prepare_inventory

        return None if self.ctx.inventory is None else prepare_inventory(self.ctx.inventory)

    @cached_property
    def credits(self) -> CreditTable | None:
        """The credits with their serials parsed; ``None`` without a table."""
        from .serials import prepare_credits

        return None if self.ctx.credits is None else prepare_credits(self.ctx.credits)

    @cached_property
    def threshold(self) -> Threshold:
        """The materiality threshold that applies (design §6)."""
        from .materiality import materiality_threshold

        return materiality_threshold(self.ctx)

    @cached_property
    def recalc(self) -> Recalculation | FormulaError | None:
        """The ER recalculation, the error that stopped it, or ``None`` without data."""
        from .formula import FormulaError
        from .recalc import recalculate

        try:
            return recalculate(self.ctx)
        except FormulaError as exc:
            return exc


    @cached_property
    def monitoring_data(self) -> MonitoringData:
        """The monitoring table as arrays (a frame is converted once)."""
        from .monitoring_data import as_data

        return as_data(self.ctx.monitoring)

    @cached_property
    def monitoring_aggregates(self) -> Aggregates:
        """The monitoring table per parameter and unit (what the formulas need)."""
        from .formula import aggregate

        return aggregate(self.monitoring_data)

    @cached_property
    def meters(self) -> Meters | None:
        """The meter register (``meters.csv``); ``None`` without one."""
        from .monitoring_scan import read_meters

        return read_meters(self.ctx.meters)

    @cached_property
    def monitoring_scan(self) -> Scan:
        """Duplicates, gaps, outliers and calibration of the monitoring table."""
        from .monitoring_scan import Scan

        ctx = self.ctx
        return Scan(self.monitoring_data, dict(ctx.monitoring_frequency), self.meters,
                    (ctx.period_start, ctx.period_end))


def prepare(source: CheckContext | Prepared) -> Prepared:
    """``source`` itself when already prepared, else a fresh :class:`Prepared`."""
    return source if isinstance(source, Prepared) else Prepared(source)
