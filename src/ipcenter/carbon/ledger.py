"""The bookkeeping of one calculation: emission terms, trace steps and data-quality flags.

A *term* is a mass of one gas from one source, with the names of the uncertain parameters it is
proportional to; the Monte Carlo rescales terms instead of re-running the equations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ipcenter.carbon.results import QualityFlag, TraceStep
from ipcenter.carbon.tables import Looked

SCOPE_OF_SOURCE: dict[str, str] = {
    "enteric_ch4": "scope1",
    "manure_ch4": "scope1",
    "manure_n2o": "scope1",
    "soils_n2o": "scope1",
    "soils_co2": "scope1",
    "energy": "scope1",
    "electricity": "scope2",
    "feed": "scope3",
    "transport": "scope3",
}
GASES: tuple[str, ...] = ("ch4_biogenic", "ch4_fossil", "n2o", "co2", "co2e")
"""``co2e`` marks terms already in CO2e (purchased-feed and freight factors)."""


@dataclass(frozen=True)
class Term:
    source: str
    gas: str
    kg: float
    params: tuple[str, ...] = ()


@dataclass
class Ledger:
    terms: list[Term] = field(default_factory=list)
    trace: list[TraceStep] = field(default_factory=list)
    flags: list[QualityFlag] = field(default_factory=list)

    def step(
        self,
        quantity: str,
        value: float,
        unit: str,
        equation: str,
        *,
        rows: tuple[Looked | None, ...] = (),
        inputs: tuple[str, ...] = (),
        cohort: str = "",
    ) -> float:
        """Record one computed quantity and return it, so a formula reads as one expression."""
        self.trace.append(
            TraceStep(
                quantity=quantity,
                value=float(value),
                unit=unit,
                equation=equation,
                rows=tuple(row.row for row in rows if row is not None),
                inputs=inputs,
                cohort=cohort,
            )
        )
        return value

    def emit(self, source: str, gas: str, kg: float, *params: str) -> None:
        if kg:
            self.terms.append(Term(source, gas, kg, params))

    def flag(self, code: str, field_path: str, detail: str = "") -> None:
        if not any(f.code == code and f.field == field_path for f in self.flags):
            self.flags.append(QualityFlag(code=code, field=field_path, detail=detail))
