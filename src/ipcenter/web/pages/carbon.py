"""Pages of the carbon capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
