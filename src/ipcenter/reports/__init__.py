"""Rendering shared by all capabilities: tables to CSV/XLSX (reports and charts come later)."""

from ipcenter.reports.tables import Table, table_to_csv, table_to_xlsx

__all__ = ["Table", "table_to_csv", "table_to_xlsx"]
