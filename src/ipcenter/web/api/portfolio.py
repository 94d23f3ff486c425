"""JSON API of the portfolio capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
