import assert from "node:assert/strict";
import { assertClose } from "../array/testing.ts";
import { treeLeaves } from "../autodiff/tree.ts";
import { crossEntropyLoss, transformerLM } from "../nn/mod.ts";
import { adam } from "../optim/mod.ts";
import { key } from "../random/key.ts";
import { std } from "../array/reduce.ts";
import { coordCheck, logLogSlope, parameterize, type ParamName } from "./mod.ts";

Deno.test("Table 1 oracles (arXiv:2505.01618 Table 1): CompleteP at m_N = 4, m_L = 8; α = ½ at m_L = 4", () => {
  const c = parameterize("completep", {
    width: 256,
    baseWidth: 64,
    depth: 16,
    baseDepth: 2,
    lr: 1,
    sigma: 1,
    eps: 1,
    weightDecay: 1,
  });
  assert.equal(c.mN, 4);
  assert.equal(c.mL, 8);
  assertClose(c.achieved.lr.hidden_weight, 1 / 4, { rtol: 1e-15 });
  assertClose(c.achieved.hiddenStd ** 2, 1 / 4, { rtol: 1e-15 });
  assertClose(c.achieved.residualScale, 1 / 8, { rtol: 1e-15 });
  assertClose(c.achieved.eps.hidden_weight, 1 / 32, { rtol: 1e-15 });
  assertClose(c.achieved.lr.hidden_ln, 1, { rtol: 1e-15 });
  assertClose(c.achieved.weightDecay.hidden_weight, 4, { rtol: 1e-15 });
  assertClose(c.achieved.outputScale, 1 / 4, { rtol: 1e-15 });
  const d = parameterize("depth-mup", {
    width: 128,
    baseWidth: 64,
    depth: 8,
    baseDepth: 2,
    lr: 1,
    eps: 1,
  });
  assertClose(d.achieved.lr.hidden_weight, 1 / (2 * 2), { rtol: 1e-15 });
  assertClose(d.achieved.eps.hidden_weight, 1 / (2 * 2), { rtol: 1e-15 });
  assertClose(d.achieved.lr.hidden_ln, 1 / 2, { rtol: 1e-15 });
  assertClose(d.achieved.residualScale, 1 / 2, { rtol: 1e-15 });
  // μP is its own column (PAPERS.md) — no 1/m_L on LN, bias or hidden LRs
  const m = parameterize("mup", { width: 128, baseWidth: 64, depth: 8, baseDepth: 2, lr: 1 });
  assertClose(m.achieved.lr.hidden_ln, 1, { rtol: 1e-15 });
  assertClose(m.achieved.lr.hidden_bias, 1, { rtol: 1e-15 });
  assertClose(m.achieved.lr.hidden_weight, 1 / 2, { rtol: 1e-15 });
  assert.equal(m.achieved.residualScale, 1);
  assert.match(m.notes[0], /mup has no depth control/);
  // the optimizer groups are multipliers of the base values
  assert.deepEqual(c.groups("blocks.3.mlp.up.w"), { lr: 1 / 4, wd: 4, eps: 1 / 32 });
  assert.deepEqual(c.groups("blocks.0.ln1.gamma"), { lr: 1, wd: 0, eps: 1 / 32 });
  assert.deepEqual(c.groups("unemb"), { lr: 1, wd: 1, eps: 1 });
});

Deno.test("base fixed point (B.6.2): at m_N = m_L = 1 every Adam parameterization is the same", () => {
  const names: ParamName[] = ["sp", "mup", "depth-mup", "completep"];
  const ps = names.map((n) => parameterize(n, { width: 64, depth: 4, lr: 3e-3, weightDecay: 0.1 }));
  for (const p of ps.slice(1)) {
    assert.deepEqual(p.achieved, ps[0].achieved);
    assert.deepEqual(p.lmOptions, ps[0].lmOptions);
  }
});

Deno.test("init check (B.6.3): hidden weight std is σ/√m_N within 2%", () => {
  const p = parameterize("mup", { width: 256, baseWidth: 64, depth: 2, sigma: 0.5 });
  const lm = transformerLM({ vocab: 8, context: 4, dim: 256, heads: 4, layers: 2, ...p.lmOptions });
  const w = lm.init(key(1)).blocks[0].mlp.up.w; // 256×1024 entries: SE of std ≈ 0.14%
  assertClose(std(w).item(), 0.5 / 2, { rtol: 0.02 });
});

Deno.test("rejections name the reason", () => {
  assert.throws(
    () => parameterize("completep", { width: 64, depth: 2, optimizer: "sgd" }),
    /AdamW rules/,
  );
  assert.throws(() => parameterize("ntk", { width: 64, depth: 2 }), /SGD translation of the NTK/);
  assert.throws(
    () => parameterize("mup", { width: 64, depth: 2, gpt2ProjInit: true }),
    /GPT-2 c_proj init σ\/√\(2L\) is SP's/,
  );
  assert.throws(
    () => parameterize("completep", { width: 2 ** 20, depth: 2 ** 20, baseDepth: 1, eps: 1e-40 }),
    /does not underflow in f32/,
  );
  assert.throws(
    () => parameterize("sp", { width: 0, depth: 2 }),
    /"width" must be a positive integer/,
  );
  const ntk = parameterize("ntk", { width: 128, baseWidth: 32, depth: 2, optimizer: "sgd", lr: 1 });
  assertClose(ntk.achieved.lr.hidden_weight, 1 / 4);
  const sp = parameterize("sp", { width: 64, depth: 12, sigma: 0.02, gpt2ProjInit: true });
  assertClose(sp.achieved.outProjStd, 0.02 / Math.sqrt(24), { rtol: 1e-15 });
});

Deno.test("coordinate check: SP's update of the residual stream grows with width, μP's does not", () => {
  const setup = (name: ParamName) => (width: number, seed: number) => {
    const p = parameterize(name, { width, baseWidth: 32, depth: 2, sigma: 0.5, lr: 1e-2 });
    const lm = transformerLM({
      vocab: 16,
      context: 8,
      dim: width,
      heads: 2,
      layers: 2,
      ...p.lmOptions,
    });
    const k = 4 * 8;
    const tokens = new Int32Array(k).map((_, i) => (i * 5 + seed) % 16);
    const targets = new Int32Array(k).map((_, i) => (i * 3 + 1 + seed) % 16);
    const x = { tokens, batch: 4, seq: 8 };
    return {
      params: lm.init(key(100 + seed)),
      loss: (q: ReturnType<typeof lm.init>) => crossEntropyLoss(lm.apply(q, x), targets),
      optimizer: adam({ groups: p.groups }),
      lr: 1e-2,
      probe: (q: ReturnType<typeof lm.init>) => {
        const hs = lm.residualStream(q, x);
        return { hL: hs[hs.length - 1] };
      },
    };
  };
  const sizes = [32, 64, 128];
  const sp = coordCheck({ sizes, steps: 2, seeds: 2, setup: setup("sp") });
  const mup = coordCheck({ sizes, steps: 2, seeds: 2, setup: setup("mup") });
  // Adam moves each weight by ~η, so in SP Δ(xW) ∝ width (slope → 1; embedding updates O(1)
  // dilute it at these widths); μP's η/m_N keeps it O(1) (slope → 0). Margins are ≥ 0.25.
  assert.ok(sp.slopes["delta:hL"] > 0.5, `SP slope ${sp.slopes["delta:hL"]}`);
  assert.ok(Math.abs(mup.slopes["delta:hL"]) < 0.25, `μP slope ${mup.slopes["delta:hL"]}`);
  assert.equal(sp.rows.filter((r) => r.name === "act:hL").length, 3 * 3);
  assertClose(logLogSlope([1, 2, 4], [3, 6, 12]), 1, { rtol: 1e-12 });
  assert.equal(treeLeaves(setup("mup")(32, 0).params).length, 2 + 2 * 8 + 2);
});
