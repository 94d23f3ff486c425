"""The stats capability; its public API is ``__all__``."""

__all__: list[str] = []
