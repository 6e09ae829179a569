import assert from "node:assert/strict";
import { std } from "../array/reduce.ts";
import { treeLeaves } from "../autodiff/tree.ts";
import { parameterize } from "../param/parameterization.ts";
import { key } from "../random/key.ts";
import { normal } from "../random/normal.ts";
import { classifyResidualMlpParam, residualMlp } from "./residual_mlp.ts";

Deno.test("residualMlp: shapes, residual stream and a group for every parameter", () => {
  const m = residualMlp({ inDim: 5, width: 8, depth: 3, outDim: 2 });
  const p = m.init(key(0));
  const x = normal(key(1), [4, 5]);
  assert.deepEqual(m.apply(p, x).shape, [4, 2]);
  const hs = m.residualStream(p, x);
  assert.equal(hs.length, 4);
  assert.deepEqual(hs[3].shape, [4, 8]);
  const groups = treeLeaves(p).map((l) => classifyResidualMlpParam(l.path));
  // emb, 3 × (ln γ, β, up w, b, down w, b), lnF γ, β, unemb
  assert.equal(groups.length, 1 + 3 * 6 + 2 + 1);
  assert.equal(groups.filter((g) => g === "hidden_weight").length, 6);
  assert.equal(groups.filter((g) => g === "hidden_bias").length, 6);
  assert.equal(groups.filter((g) => g === "hidden_ln").length, 6);
  assert.equal(groups.filter((g) => g === "final_ln").length, 2);
  assert.throws(() => classifyResidualMlpParam("blocks.0.attn.w"), /residualMlp parameter path/);
});

Deno.test("residualMlp: h_{l+1} − h_l = m_L^{−α}·F_l(h_l) exactly", () => {
  const m = residualMlp({ inDim: 3, width: 6, depth: 2, residualScale: 0.25, hiddenStd: 0.5 });
  const p = m.init(key(2));
  const x = normal(key(3), [2, 3]);
  const hs = m.residualStream(p, x);
  const f = m.branch(p.blocks[1], hs[1]).dataSync();
  const a = hs[1].dataSync(), b = hs[2].dataSync();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(b[i] - a[i] - 0.25 * f[i]) < 1e-6);
});

Deno.test("residualMlp: Table 1 groups via parameterize (CompleteP at m_N = 4, m_L = 8)", () => {
  const c = parameterize("completep", {
    width: 256,
    baseWidth: 64,
    depth: 16,
    baseDepth: 2,
    lr: 1,
    eps: 1,
    weightDecay: 1,
    classify: classifyResidualMlpParam,
  });
  assert.deepEqual(c.groups("blocks.3.up.w"), { lr: 1 / 4, wd: 4, eps: 1 / 32 });
  assert.deepEqual(c.groups("blocks.3.down.b"), { lr: 1, wd: 0, eps: 1 / 32 });
  assert.deepEqual(c.groups("blocks.0.ln.gamma"), { lr: 1, wd: 0, eps: 1 / 32 });
  assert.deepEqual(c.groups("emb"), { lr: 1, wd: 1, eps: 1 });
  assert.deepEqual(c.groups("lnF.beta"), { lr: 1, wd: 0, eps: 1 });
  assert.deepEqual(c.groups("unemb"), { lr: 1, wd: 1, eps: 1 });
  // α = ½ at m_L = 4: hidden LR η/(m_N·2), ε/(m_N·2)
  const d = parameterize("depth-mup", {
    width: 128,
    baseWidth: 64,
    depth: 8,
    baseDepth: 2,
    lr: 1,
    eps: 1,
    classify: classifyResidualMlpParam,
  });
  assert.deepEqual(d.groups("blocks.1.down.w"), { lr: 1 / 4, wd: 0, eps: 1 / 4 });
});

Deno.test("init check: hidden weight std is σ_base/√m_N within 2%", () => {
  const p = parameterize("completep", {
    width: 256,
    baseWidth: 64,
    depth: 4,
    baseDepth: 2,
    sigma: 0.5,
  });
  const m = residualMlp({ inDim: 4, width: 256, depth: 1, hiddenStd: p.achieved.hiddenStd });
  const w = m.init(key(4)).blocks[0].up.w; // 256 × 512 entries: SE of the std ≈ 0.1%
  assert.ok(Math.abs(std(w).item() / 0.25 - 1) < 0.02, `${std(w).item()}`);
});

Deno.test("residualMlp: sizes and multipliers are checked by name", () => {
  assert.throws(
    () => residualMlp({ inDim: 4, width: 0, depth: 2 }),
    /"width" must be a positive integer/,
  );
  assert.throws(
    () => residualMlp({ inDim: 4, width: 8, depth: 1.5 }),
    /"depth" must be a positive integer/,
  );
  assert.throws(
    () => residualMlp({ inDim: 4, width: 8, depth: 2, residualScale: -1 }),
    /"residualScale" must be a finite number ≥ 0/,
  );
  const m = residualMlp({ inDim: 4, width: 8, depth: 2 });
  assert.throws(
    () => m.apply(m.init(key(0)), normal(key(1), [2, 3])),
    /"x" must be an array \[batch, 4\]/,
  );
});
