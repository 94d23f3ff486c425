"""Tables of the carbon capability (registered on ``Base.metadata`` for the migrations).

A *farm* belongs to one organisation: the farm's own organisation, or a dairy company that keeps the
data of a supplier farm without an account of its own. A *supply link* lets a company read the
assessments of farms owned by another organisation (a farm that has its own account and delivers
milk to the company); links never grant write access. An *assessment* is one farm-year: the
inputs as entered, the result, the GWP set and scenario results, frozen at the time it was saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core.db import Base


class CarbonFarm(Base):
    __tablename__ = "carbon_farms"
    __table_args__ = (UniqueConstraint("org_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(String(6))
    climate_zone: Mapped[str | None] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class CarbonSupplyLink(Base):
    """``company_org_id`` buys milk from the farms owned by ``farm_org_id`` (read access only)."""

    __tablename__ = "carbon_supply_links"
    __table_args__ = (UniqueConstraint("company_org_id", "farm_org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    farm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class CarbonAssessment(Base):
    __tablename__ = "carbon_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The farm's owner, repeated here so the one scoping filter applies to assessments directly.
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("carbon_farms.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    gwp: Mapped[str] = mapped_column(String(20))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    results: Mapped[dict[str, Any]] = mapped_column(JSON)
    scenario_results: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Headline numbers kept as columns so the dashboard aggregates without reading the JSON.
    total_kg_co2e: Mapped[float] = mapped_column(Float)
    kg_co2e_per_kg_fpcm: Mapped[float] = mapped_column(Float)
    fpcm_kg: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # For demo assessments: which inputs were invented (dotted field paths), and from where the
    # real ones come.
    demo_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(Text)
