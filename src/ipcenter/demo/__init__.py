"""The demonstration data set (a dairy cluster around a Hohhot IP operation centre)."""

from ipcenter.demo.loader import DemoSummary, database_is_empty, load_demo

__all__ = ["DemoSummary", "database_is_empty", "load_demo"]
