"""Routes of the search capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
