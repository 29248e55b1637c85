#!/usr/bin/python3
"""PyTorch reference for SelGen's model and training benchmark.

The same decoder as src/SelGen/Engine (Llama / Qwen3 family: RMSNorm in fp32, rotary "rotate half",
GQA by repeat_interleave, per-head q/k norm for qwen3, SwiGLU, tied embeddings; Mistral's sliding window;
Llama 3.1's and linear rope_scaling; Gemma 2 and Gemma 3 text: (1 + w) RMSNorm, sandwich norms, GeGLU,
embeddings scaled by sqrt(hidden), query_pre_attn_scalar, soft-capping, local/global layers), written
from the Hugging Face model definitions rather than from SelGen's C#: attention here is eager with an
additive mask, and the KV cache of a sliding layer keeps only the last window - 1 keys. The same init
(GPT-2 style N(0, 0.02), residual projections 0.02/sqrt(2L)), the same training step (next-token
cross-entropy, AdamW lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 0.01, gradients set to None)
and the same timing protocol and FLOP formula as `selgen bench train`. Its JSON has the same fields.

  train   time training steps:        pytorch_reference.py train --preset small --json
  logits  logits of a saved HF folder: pytorch_reference.py logits --model DIR --ids "1 2 3,4 5 6"
  decode  logits and greedy continuations with and without the KV cache:
          pytorch_reference.py decode --model DIR --ids "1 2 3,4 5 6" --new-tokens 8

Runs with Debian's python3-torch (1.13): `apt-get install -y python3-torch libopenblas0-pthread`,
then `/usr/bin/python3 bench/pytorch_reference.py ...`. Newer PyTorch works too and then uses the
fused scaled_dot_product_attention kernel, as libtorch does under SelGen.
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# Mirrors src/SelGen/Engine/Presets.cs.
PRESETS = {
    "tiny": dict(hidden=64, layers=4, heads=4, kv_heads=2, intermediate=192),
    "small": dict(hidden=192, layers=6, heads=6, kv_heads=2, intermediate=512),
    "base": dict(hidden=384, layers=8, heads=6, kv_heads=2, intermediate=1024),
}

# Mirrors src/SelGen/Bench/BenchOptimizer.cs.
LR, BETAS, EPS, WEIGHT_DECAY = 1e-4, (0.9, 0.999), 1e-8, 0.01

FLOP_FORMULA = "6*N*B*T + 12*L*B*T^2*H*hd, N = matmul weights incl. output projection"
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


def preset_config(name, vocab):
    p = PRESETS[name]
    return {
        "model_type": "qwen3", "vocab_size": vocab, "hidden_size": p["hidden"],
        "intermediate_size": p["intermediate"], "num_hidden_layers": p["layers"],
        "num_attention_heads": p["heads"], "num_key_value_heads": p["kv_heads"],
        "head_dim": p["hidden"] // p["heads"], "rope_theta": 10000.0, "rms_norm_eps": 1e-6,
        "max_position_embeddings": 1024, "tie_word_embeddings": True, "attention_bias": False,
        "hidden_act": "silu",
    }


GEMMA = ("gemma2", "gemma3_text")

# transformers' Gemma2Config / Gemma3TextConfig defaults.
GEMMA_DEFAULTS = {
    "gemma2": dict(query_pre_attn_scalar=256, sliding_window=4096, attn_logit_softcapping=50.0,
                   final_logit_softcapping=30.0, rope_theta=10000.0, tie_word_embeddings=True),
    "gemma3_text": dict(query_pre_attn_scalar=256, sliding_window=4096, attn_logit_softcapping=None,
                        final_logit_softcapping=None, rope_theta=1_000_000.0, rope_local_base_freq=10_000.0,
                        sliding_window_pattern=6, tie_word_embeddings=True),
}


def complete_config(c):
    """Hugging Face defaults for fields a config.json may leave out (as ModelConfig.FromJson does)."""
    c = dict(c)
    c.setdefault("model_type", "llama")
    for key, value in GEMMA_DEFAULTS.get(c["model_type"], {}).items():
        c.setdefault(key, value)
    c.setdefault("num_key_value_heads", c["num_attention_heads"])
    if c.get("head_dim") is None:
        c["head_dim"] = c["hidden_size"] // c["num_attention_heads"]
    c.setdefault("rope_theta", 10000.0)
    c.setdefault("rms_norm_eps", 1e-6)
    c.setdefault("tie_word_embeddings", False)
    c.setdefault("attention_bias", c["model_type"] == "qwen2")
    c.setdefault("rope_scaling", None)
    if c["model_type"] not in ("mistral",) + GEMMA:
        c["sliding_window"] = None        # qwen2/qwen3 carry one that use_sliding_window = false switches off
    c.setdefault("sliding_window", None)
    if c.get("layer_types") is None:
        c["layer_types"] = [layer_type(c, i) for i in range(c["num_hidden_layers"])]
    return c


def layer_type(c, i):
    """As transformers builds layer_types when a config.json has none."""
    if c.get("sliding_window") is None:
        return "full_attention"
    if c["model_type"] == "mistral":
        return "sliding_attention"
    if c["model_type"] == "gemma2":
        return "sliding_attention" if (i + 1) % 2 else "full_attention"
    if c["model_type"] == "gemma3_text":
        return "sliding_attention" if (i + 1) % c["sliding_window_pattern"] else "full_attention"
    return "full_attention"


def inverse_frequencies(c, sliding):
    """Rotary inverse frequencies of a layer, with rope_scaling (linear, llama3); Gemma 3's local layers use their own base unscaled."""
    dim = c["head_dim"]
    local = c["model_type"] == "gemma3_text" and sliding
    base = c["rope_local_base_freq"] if local else c["rope_theta"]
    inv = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    scaling = None if local else c.get("rope_scaling")
    kind = None if scaling is None else scaling.get("rope_type", scaling.get("type"))
    if kind in (None, "default"):
        return inv.float()
    factor = scaling["factor"]
    if kind == "linear":
        return (inv / factor).float()
    if kind == "llama3":
        low, high = scaling.get("low_freq_factor", 1.0), scaling.get("high_freq_factor", 4.0)
        old = scaling.get("original_max_position_embeddings", 8192)
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > old / low, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = (wavelen >= old / high) & (wavelen <= old / low)
        return torch.where(medium, smoothed, scaled).float()
    raise SystemExit(f"rope_scaling type {kind!r} is not implemented in the reference")


class RmsNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        x32 = x.float()  # fp32 statistics, as Llama does
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * normed.to(x.dtype)


class GemmaRmsNorm(nn.Module):
    """Gemma's RMSNorm: scales by (1 + w), w stored around 0, in fp32 before casting back."""

    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(size))
        self.eps = eps

    def forward(self, x):
        x32 = x.float()
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return (normed * (1.0 + self.weight.float())).type_as(x)


def norm_class(c):
    return GemmaRmsNorm if c["model_type"] in GEMMA else RmsNorm


def rotary_tables(positions, head_dim, theta, dtype, inv_freq=None):
    """positions (B, T) -> cos, sin each (B, T, hd), computed as Rotary.Tables does."""
    if inv_freq is None:
        exponents = torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim
        inv_freq = torch.pow(theta, exponents).reciprocal().float()       # (hd/2)
    freqs = positions.float().unsqueeze(-1) * inv_freq                     # (B, T, hd/2)
    angles = torch.cat([freqs, freqs], dim=-1)                             # (B, T, hd)
    return angles.cos().to(dtype), angles.sin().to(dtype)


def apply_rotary(x, cos, sin):
    """x (B, H, T, hd); cos, sin (B, T, hd)."""
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1)


def causal_attention(q, k, v):
    """q, k, v (B, H, T, hd) -> (B, H, T, hd)."""
    if HAS_SDPA:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    # PyTorch < 2.0 has no fused kernel: the textbook softmax(QKᵀ/√d + causal mask) V.
    t = q.shape[-2]
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))    # (B, H, T, T)
    future = torch.ones(t, t, dtype=torch.bool).triu(1)
    scores = scores.masked_fill(future, float("-inf"))
    return scores.softmax(dim=-1) @ v


class Attention(nn.Module):
    def __init__(self, c, sliding=False):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
        h, bias = c["hidden_size"], c["attention_bias"]
        self.q_proj = nn.Linear(h, self.heads * self.head_dim, bias=bias)
        self.k_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=bias)
        self.v_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=bias)
        self.o_proj = nn.Linear(self.heads * self.head_dim, h, bias=False)
        self.qk_norm = c["model_type"] in ("qwen3", "gemma3_text")
        if self.qk_norm:
            self.q_norm = norm_class(c)(self.head_dim, c["rms_norm_eps"])
            self.k_norm = norm_class(c)(self.head_dim, c["rms_norm_eps"])
        self.window = c["sliding_window"] if sliding else None
        self.scale = (c["query_pre_attn_scalar"] if c["model_type"] in GEMMA else self.head_dim) ** -0.5
        self.softcap = c.get("attn_logit_softcapping") if c["model_type"] in GEMMA else None
        self.eager = self.window is not None or self.softcap is not None or c["model_type"] in GEMMA

    def forward(self, x, cos, sin, cache=None, past=0):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim)         # (B, T, H, hd)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim)      # (B, T, Hkv, hd)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim)
        if self.qk_norm:
            q, k = self.q_norm(q), self.k_norm(k)
        q = apply_rotary(q.transpose(1, 2), cos, sin)                     # (B, H, T, hd)
        k = apply_rotary(k.transpose(1, 2), cos, sin)                     # (B, Hkv, T, hd)
        v = v.transpose(1, 2)
        if self.eager:
            return self.o_proj(self.eager_attention(q, k, v, cache, past).transpose(1, 2).reshape(b, t, self.heads * self.head_dim))
        if cache is not None:                                             # generation: prepend cached keys/values
            if cache:
                k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
            cache[:] = [k, v]
        if self.kv_heads != self.heads:
            k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
            v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        # One new query against cached keys sees them all; otherwise the plain causal block.
        y = (F.softmax((q @ k.transpose(-2, -1)) / math.sqrt(self.head_dim), dim=-1) @ v if t == 1 and k.shape[2] > 1
             else causal_attention(q, k, v)).transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return self.o_proj(y)

    def eager_attention(self, q, k, v, cache, past):
        """softmax(softcap(QKᵀ·scale) + mask) V over absolute positions; the cache is [keys, values, first position]."""
        t = q.shape[2]
        start = past
        if cache:
            k, v, start = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2), cache[2]
        if cache is not None:
            # A sliding layer's next query sees only the last window - 1 keys besides itself: drop the rest.
            keep = k.shape[2] if self.window is None else min(k.shape[2], self.window - 1)
            cache[:] = [k[:, :, k.shape[2] - keep:], v[:, :, k.shape[2] - keep:], start + k.shape[2] - keep]
        if self.kv_heads != self.heads:
            k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
            v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        scores = (q @ k.transpose(-2, -1)) * self.scale                   # (B, H, T, S)
        if self.softcap is not None:
            scores = torch.tanh(scores / self.softcap) * self.softcap
        query_pos = torch.arange(past, past + t).unsqueeze(1)             # (T, 1)
        key_pos = torch.arange(start, start + k.shape[2]).unsqueeze(0)    # (1, S)
        visible = key_pos <= query_pos
        if self.window is not None:
            visible &= key_pos > query_pos - self.window
        scores = scores + torch.zeros(visible.shape).masked_fill(~visible, float("-inf"))
        return F.softmax(scores.float(), dim=-1).to(q.dtype) @ v


class Mlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(h, i, bias=False)
        self.up_proj = nn.Linear(h, i, bias=False)
        self.down_proj = nn.Linear(i, h, bias=False)
        self.gelu = c["model_type"] in GEMMA                               # GeGLU with PyTorch's tanh GELU

    def forward(self, x):
        gate = self.gate_proj(x)
        act = F.gelu(gate, approximate="tanh") if self.gelu else F.silu(gate)
        return self.down_proj(act * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, c, i=0):
        super().__init__()
        self.sliding = c["layer_types"][i] == "sliding_attention"
        self.self_attn = Attention(c, self.sliding)
        self.mlp = Mlp(c)
        norm = norm_class(c)
        self.input_layernorm = norm(c["hidden_size"], c["rms_norm_eps"])
        self.post_attention_layernorm = norm(c["hidden_size"], c["rms_norm_eps"])
        self.sandwich = c["model_type"] in GEMMA
        if self.sandwich:
            self.pre_feedforward_layernorm = norm(c["hidden_size"], c["rms_norm_eps"])
            self.post_feedforward_layernorm = norm(c["hidden_size"], c["rms_norm_eps"])

    def forward(self, x, cos, sin, cache=None, past=0):
        if not self.sandwich:
            h = x + self.self_attn(self.input_layernorm(x), cos, sin, cache, past)
            return h + self.mlp(self.post_attention_layernorm(h))
        h = x + self.post_attention_layernorm(self.self_attn(self.input_layernorm(x), cos, sin, cache, past))
        return h + self.post_feedforward_layernorm(self.mlp(self.pre_feedforward_layernorm(h)))


class DecoderBody(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList(DecoderLayer(c, i) for i in range(c["num_hidden_layers"]))
        self.norm = norm_class(c)(c["hidden_size"], c["rms_norm_eps"])


class DecoderLM(nn.Module):
    """Parameter names equal Hugging Face's, as in SelGen's DecoderLM."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.model = DecoderBody(c)
        self.tied = c["tie_word_embeddings"]
        if not self.tied:
            self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        self.initialize()

    @torch.no_grad()
    def initialize(self):
        residual_std = 0.02 / math.sqrt(2.0 * self.config["num_hidden_layers"])
        nn.init.normal_(self.model.embed_tokens.weight, 0, 0.02)
        for name, module in self.named_modules():
            if isinstance(module, GemmaRmsNorm):
                nn.init.zeros_(module.weight)
            if isinstance(module, nn.Linear):
                residual = name.endswith("o_proj") or name.endswith("down_proj")
                nn.init.normal_(module.weight, 0, residual_std if residual else 0.02)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)

    def forward(self, ids, caches=None, past=0):
        c = self.config
        b, t = ids.shape
        positions = torch.arange(past, past + t).unsqueeze(0).expand(b, t)
        tables = {s: rotary_tables(positions, c["head_dim"], c["rope_theta"], torch.float32, inverse_frequencies(c, s))
                  for s in (False, True)}
        x = self.model.embed_tokens(ids)                                   # (B, T, C)
        if c["model_type"] in GEMMA:
            x = x * torch.tensor(c["hidden_size"] ** 0.5, dtype=x.dtype)
        for i, layer in enumerate(self.model.layers):
            cos, sin = tables[layer.sliding]
            x = layer(x, cos, sin, None if caches is None else caches[i], past)
        x = self.model.norm(x)
        weight = self.model.embed_tokens.weight if self.tied else self.lm_head.weight
        logits = F.linear(x, weight)                                       # (B, T, V)
        cap = c.get("final_logit_softcapping") if c["model_type"] in GEMMA else None
        return logits if cap is None else torch.tanh(logits / cap) * cap


def next_token_loss(logits, ids):
    v = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1, :].reshape(-1, v), ids[:, 1:].reshape(-1))


def matmul_parameters(c):
    h, q, kv = c["hidden_size"], c["num_attention_heads"] * c["head_dim"], c["num_key_value_heads"] * c["head_dim"]
    per_layer = h * q + 2 * h * kv + q * h + 3 * h * c["intermediate_size"]
    return c["num_hidden_layers"] * per_layer + c["vocab_size"] * h


def training_step_flops(c, batch, seq):
    """As FlopCount.TrainingStep: 6·N·B·T + 12·L·B·T²·H·hd."""
    dense = 6.0 * matmul_parameters(c) * batch * seq
    attention = 12.0 * c["num_hidden_layers"] * batch * seq * seq * c["num_attention_heads"] * c["head_dim"]
    return dense + attention


def peak_resident_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def matmul_rate(n, repeats=5):
    """Best GFLOP/s of an n×n×n fp32 matmul after two warm-up runs, as MatmulRate.Measure."""
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(n, n, generator=g), torch.randn(n, n, generator=g)
    for _ in range(2):
        a.mm(b)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a.mm(b)
        best = min(best, time.perf_counter() - start)
    return 2.0 * n ** 3 / best / 1e9


def train(args):
    torch.set_num_threads(args.threads)
    if args.config:
        with open(args.config) as f:
            config = complete_config(json.load(f))
    else:
        config = preset_config(args.preset, args.vocab)
    torch.manual_seed(args.seed)
    model = DecoderLM(config)
    model.train()
    # PyTorch's default on the CPU is the per-parameter loop ("loop"); foreach batches the kernels of all
    # parameters, fused (PyTorch >= 2.4) is the kernel SelGen's FusedAdamW calls.
    variant = {"loop": dict(foreach=False), "foreach": dict(foreach=True), "fused": dict(fused=True)}[args.optimizer]
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY, **variant)
    g = torch.Generator().manual_seed(args.seed)
    batches = torch.randint(0, config["vocab_size"], (args.warmup + args.steps, args.batch, args.seq), generator=g)

    forward = backward = update = 0.0
    losses, step_seconds = [], []

    def step(ids, timed):
        nonlocal forward, backward, update
        start = time.perf_counter()
        loss = next_token_loss(model(ids), ids)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        t3 = time.perf_counter()
        if timed:
            forward, backward, update = forward + t1 - start, backward + t2 - t1, update + t3 - t2
            losses.append(loss.item())
            step_seconds.append(t3 - start)

    for i in range(args.warmup):
        step(batches[i], timed=False)
    start = time.perf_counter()
    for i in range(args.steps):
        step(batches[args.warmup + i], timed=True)
    seconds = time.perf_counter() - start
    peak = peak_resident_mb()

    flops = training_step_flops(config, args.batch, args.seq)
    result = {
        "implementation": "pytorch",
        "library": f"torch {torch.__version__}",
        "attention": "sdpa" if HAS_SDPA else "math",
        "optimizer": args.optimizer,
        "preset": args.preset,
        "config": config,
        "batch": args.batch, "seq": args.seq, "threads": args.threads,
        "steps": args.steps, "warmup": args.warmup,
        "parameters": sum(p.numel() for p in model.parameters()),
        "matmul_parameters": matmul_parameters(config),
        "flops_per_step": flops,
        "flop_formula": FLOP_FORMULA,
        "tokens_per_s": args.steps * args.batch * args.seq / seconds,
        "gflops": flops * args.steps / seconds / 1e9,
        "peak_mem_mb": peak,
        "matmul_gflops": matmul_rate(args.matmul_size) if args.matmul_size > 0 else 0.0,
        "matmul_size": args.matmul_size,
        "forward_ms": forward * 1000 / args.steps,
        "backward_ms": backward * 1000 / args.steps,
        "optimizer_ms": update * 1000 / args.steps,
        "step_ms_median": statistics.median(step_seconds) * 1000,
        "step_ms_min": min(step_seconds) * 1000,
        "loss_first": losses[0], "loss_last": losses[-1],
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key in ("library", "attention", "optimizer", "tokens_per_s", "gflops", "matmul_gflops", "peak_mem_mb",
                    "forward_ms", "backward_ms", "optimizer_ms", "step_ms_median", "step_ms_min", "loss_first", "loss_last"):
            print(f"{key:14} {result[key]}")


SAFETENSORS_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}


def read_safetensors(path):
    """A safetensors file: 8-byte little-endian header length, a JSON header, then raw little-endian data."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    body = bytearray(data[8 + header_len:])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = SAFETENSORS_DTYPES[info["dtype"]]
        flat = torch.frombuffer(body[begin:end], dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors


def load_model(folder):
    with open(os.path.join(folder, "config.json")) as f:
        config = complete_config(json.load(f))
    model = DecoderLM(config)
    state = read_safetensors(os.path.join(folder, "model.safetensors"))
    if config["tie_word_embeddings"]:
        state.pop("lm_head.weight", None)
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return model.eval()


def parse_ids(text):
    return torch.tensor([[int(t) for t in row.split()] for row in text.split(",")], dtype=torch.long)


def logits(args):
    model = load_model(args.model)
    ids = parse_ids(args.ids)
    with torch.no_grad():
        out = model(ids)                                                   # (B, T, V)
    print(json.dumps({"library": f"torch {torch.__version__}", "shape": list(out.shape),
                      "logits": out.reshape(-1).tolist()}))


def decode(args):
    """Logits of the prompts, and greedy continuations decoded without and with the KV cache."""
    model = load_model(args.model)
    ids = parse_ids(args.ids)
    with torch.no_grad():
        out = model(ids)                                                   # (B, T, V)
    prompt = ids.shape[1]
    result = {"library": f"torch {torch.__version__}", "shape": list(out.shape), "logits": out.reshape(-1).tolist()}
    for name, use_cache in [("uncached", False), ("cached", True)]:
        steps = []
        with torch.no_grad():
            result[name] = greedy(model, ids, args.new_tokens, use_cache, steps)[:, prompt:].tolist()
        result[name + "_step_logits"] = torch.stack(steps).reshape(-1).tolist()     # (steps, B, V) flattened
    print(json.dumps(result))


@torch.no_grad()
def greedy(model, prompts, new_tokens, use_cache, step_logits=None):
    """Greedy decoding of new_tokens tokens (no stop), as SelGen's TextGenerator does for equal-length prompts.
    With step_logits (a list), the last position's logits (B, V) of every step are appended to it."""
    ids = prompts
    if not use_cache:
        for _ in range(new_tokens):
            last = model(ids)[:, -1]
            if step_logits is not None:
                step_logits.append(last)
            nxt = last.argmax(-1, keepdim=True)
            ids = torch.cat([ids, nxt], dim=1)
        return ids
    caches = [[] for _ in model.model.layers]
    logits = model(ids, caches, 0)
    for step in range(new_tokens):
        if step_logits is not None:
            step_logits.append(logits[:, -1])
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        ids = torch.cat([ids, nxt], dim=1)
        if step + 1 < new_tokens:
            logits = model(nxt, caches, ids.shape[1] - 1)
    return ids


def generate(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = DecoderLM(preset_config(args.preset, args.vocab)).eval()
    prompts = torch.randint(0, args.vocab, (args.batch, args.prompt_length))
    result = {"preset": args.preset, "batch": args.batch, "prompt_length": args.prompt_length,
              "new_tokens": args.new_tokens, "threads": args.threads, "vocab": args.vocab, "torch": torch.__version__}
    for name, use_cache in [("cached", True), ("uncached", False)]:
        greedy(model, prompts, min(2, args.new_tokens), use_cache)        # warm-up, untimed
        start = time.perf_counter()
        out = greedy(model, prompts, args.new_tokens, use_cache)
        seconds = time.perf_counter() - start
        assert out.shape[1] == args.prompt_length + args.new_tokens
        result[f"{name}_seconds"] = seconds
        result[f"{name}_tokens_per_s"] = args.batch * args.new_tokens / seconds
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="time training steps of a preset model")
    t.add_argument("--preset", default="small", choices=sorted(PRESETS))
    t.add_argument("--config", help="a config.json to use instead of the preset's (the preset name is then only a label)")
    t.add_argument("--steps", type=int, default=20)
    t.add_argument("--warmup", type=int, default=3)
    t.add_argument("--batch", type=int, default=8)
    t.add_argument("--seq", type=int, default=128)
    t.add_argument("--threads", type=int, default=os.cpu_count())
    t.add_argument("--vocab", type=int, default=4096)
    t.add_argument("--matmul-size", type=int, default=2048, help="side of the timed fp32 matmul (0 = skip)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--optimizer", default="loop", choices=["loop", "foreach", "fused"],
                   help="AdamW implementation (default: loop, PyTorch's default on the CPU)")
    t.add_argument("--json", action="store_true", help="print one JSON object")
    lg = sub.add_parser("logits", help="print the logits of a saved model folder (config.json + model.safetensors)")
    lg.add_argument("--model", required=True)
    lg.add_argument("--ids", required=True, help='token ids, rows separated by commas: "1 2 3,4 5 6"')
    d = sub.add_parser("decode", help="logits and greedy continuations (with and without the KV cache) of a saved model folder")
    d.add_argument("--model", required=True)
    d.add_argument("--ids", required=True, help='prompt token ids, rows of equal length separated by commas')
    d.add_argument("--new-tokens", type=int, default=8)
    g = sub.add_parser("generate", help="time greedy decoding with and without a KV cache (as selgen bench generate)")
    g.add_argument("--preset", default="small", choices=sorted(PRESETS))
    g.add_argument("--batch", type=int, default=8)
    g.add_argument("--prompt-length", type=int, default=64)
    g.add_argument("--new-tokens", type=int, default=64)
    g.add_argument("--threads", type=int, default=os.cpu_count())
    g.add_argument("--vocab", type=int, default=103, help="103 = the vocabulary selgen bench generate uses")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args)
    elif args.command == "decode":
        decode(args)
    elif args.command == "train":
        if args.steps < 1 or args.batch < 1 or args.seq < 2 or args.threads < 1:
            parser.error("--steps, --batch and --threads must be at least 1, --seq at least 2")
        train(args)
    else:
        logits(args)


if __name__ == "__main__":
    main(sys.argv[1:])
