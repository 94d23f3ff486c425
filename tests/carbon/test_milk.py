"""FPCM and IDF allocation against the worked numbers of the notes (sections 1.2 and 1.3)."""

from __future__ import annotations

import pytest

from ipcenter.carbon import allocation_milk, fpcm_energy_ratio, fpcm_idf


def test_idf_fpcm_worked_example() -> None:
    assert fpcm_idf(10_000, 3.8, 3.2) == pytest.approx(9_676, abs=0.5)
    # 10,000 · (0.1226 · 3.8 + 0.0776 · 3.2 + 0.2534) = 9,676.0 exactly
    assert fpcm_idf(10_000, 3.8, 3.2) == pytest.approx(9_676.0, abs=1e-9)


def test_idf_factor_at_the_standard_milk() -> None:
    assert fpcm_idf(1, 4.0, 3.3) == pytest.approx(0.99988, abs=1e-9)


def test_energy_ratio_is_one_at_the_standard_milk() -> None:
    assert fpcm_energy_ratio(1000, 4.0, 3.3, 4.8) == pytest.approx(1000, abs=1e-9)
    assert fpcm_energy_ratio(1000, 3.8, 3.2) < 1000


def test_allocation_worked_example() -> None:
    # 15 kg live weight sold per tonne FPCM: 1 − 6.04 · 0.015 = 0.9094
    assert allocation_milk(15, 1000) == pytest.approx(0.909, abs=0.0005)
    assert allocation_milk(15, 1000) == pytest.approx(0.9094, abs=1e-9)


def test_allocation_edges() -> None:
    assert allocation_milk(-50, 1000) == 1.0  # net buyer of live weight: everything to milk
    assert allocation_milk(0, 1000) == 1.0
    assert allocation_milk(1000, 1000) == 0.0  # never negative
