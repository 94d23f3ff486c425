"""Pages of the ingest capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
