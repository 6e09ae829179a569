"""PyTorch twin of bench/train.ts: one AdamW step of the same char-level transformer LM.

Pre-LN GPT (no biases, untied embeddings, learned positions, GELU tanh approximation,
4x MLP, final LayerNorm), f32 on CPU. Run under Debian's /usr/bin/python3 with python3-torch
and libopenblas0-pthread (ERRATA I1). Prints one JSON line per thread count:
{"impl":"pytorch","threads":t,"step_ms_median":..,"step_ms_best":..,...}.

Thread pinning: torch.set_num_threads does not bound OpenBLAS's own pthreads, and OpenBLAS
reads OPENBLAS_NUM_THREADS once, when the library loads. So each thread count runs in a FRESH
interpreter (this script re-executes itself with "--one"), with OPENBLAS_NUM_THREADS,
OMP_NUM_THREADS and MKL_NUM_THREADS set to t in its environment before torch is imported, and
torch.set_num_threads(t) / set_num_interop_threads(1) inside.

usage: /usr/bin/python3 bench/train_torch.py '{"vocab":96,"context":128,"dim":128,"heads":4,
        "layers":4,"batch":32,"steps":5,"threads":[1,2]}'
"""
import json
import math
import os
import subprocess
import sys
import time

def parent(cfg):
    """Runs one fresh, pinned interpreter per thread count and relays its JSON line."""
    for t in cfg["threads"]:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t),
                   MKL_NUM_THREADS=str(t))
        one = dict(cfg, threads=[t])
        r = subprocess.run([sys.executable, __file__, json.dumps(one), "--one"], env=env,
                           stdout=subprocess.PIPE, check=True, text=True)
        sys.stdout.write(r.stdout)
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--one":
        _T = str(json.loads(sys.argv[1])["threads"][0])
        for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            if os.environ.get(_v) != _T:
                raise SystemExit(f"train_torch.py --one: {_v} must be {_T} before torch loads")
    else:
        parent(json.loads(sys.argv[1]))  # the parent never imports torch
        sys.exit(0)


import torch  # noqa: E402  (after the environment check above)
import torch.nn as nn
import torch.nn.functional as F


class LayerNormNoBias(nn.Module):
    """LayerNorm with a gain and no bias (torch 1.13's nn.LayerNorm has no bias=False)."""

    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return F.layer_norm(x, (x.shape[-1],), self.weight, None, 1e-5)


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.ln1 = LayerNormNoBias(d)
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)
        self.o = nn.Linear(d, d, bias=False)
        self.ln2 = LayerNormNoBias(d)
        self.up = nn.Linear(d, 4 * d, bias=False)
        self.down = nn.Linear(4 * d, d, bias=False)

    def forward(self, x):
        b, t, d = x.shape
        h = self.ln1(x)
        q = self.q(h).view(b, t, self.h, -1).transpose(1, 2)
        k = self.k(h).view(b, t, self.h, -1).transpose(1, 2)
        v = self.v(h).view(b, t, self.h, -1).transpose(1, 2)
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        s = s.masked_fill(~mask, float("-inf"))
        a = F.softmax(s, dim=-1) @ v
        x = x + self.o(a.transpose(1, 2).reshape(b, t, d))
        return x + self.down(F.gelu(self.up(self.ln2(x)), approximate="tanh"))


class LM(nn.Module):
    def __init__(self, vocab, context, d, h, layers):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(context, d) * 0.02)
        self.blocks = nn.ModuleList([Block(d, h) for _ in range(layers)])
        self.lnf = LayerNormNoBias(d)
        self.unemb = nn.Linear(d, vocab, bias=False)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos[:t]
        for blk in self.blocks:
            x = blk(x)
        return self.unemb(self.lnf(x))


def main():
    cfg = json.loads(sys.argv[1])
    torch.manual_seed(0)
    for threads in cfg["threads"]:
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
        model = LM(cfg["vocab"], cfg["context"], cfg["dim"], cfg["heads"], cfg["layers"])
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)
        x = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["context"]))
        y = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["context"]))

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x).view(-1, cfg["vocab"]), y.view(-1))
            loss.backward()
            opt.step()
            return loss.item()

        step()  # warm-up
        times, cpu = [], []
        for _ in range(cfg["steps"]):
            c0 = time.process_time()
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        times.sort()
        cpu.sort()
        print(json.dumps({
            "impl": "pytorch",
            "torch": torch.__version__,
            "threads": threads,
            "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
            "step_ms_median": times[len(times) // 2],
            "step_ms_best": times[0],
            "cpu_ms_median": cpu[len(cpu) // 2],
        }), flush=True)


if __name__ == "__main__":
    main()
