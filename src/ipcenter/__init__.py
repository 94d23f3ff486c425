"""ipcenter: IP operation and protection centre platform."""

__version__ = "0.1.0"
