/**
 * WGSL for the fused row kernels of the backend contract: (causal, scaled) softmax over rows and
 * its VJP, LayerNorm over rows and its VJP (row statistics, then `dx` per row, then `dγ`, `dβ` per
 * column). One thread handles one row (or one column): plain loops, correct on every adapter, and
 * fast enough for the row lengths of training (n ≤ a few thousand); f32 throughout.
 *
 * Metadata layouts are given with each source; offsets are in elements.
 * @module
 */

/** Threads per workgroup of the row kernels. */
export const ROW_WORKGROUP = 64;

const HEAD = (bindings: string[]) =>
  bindings.map((b, i) => `@group(0) @binding(${i}) var<storage, ${b};`).join("\n") +
  `\n@group(0) @binding(${bindings.length}) var<storage, read> params: array<u32>;`;

const MAIN = `@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = gid.x + gid.y * nwg.x * ${ROW_WORKGROUP}u;`;

/** The number of keys row `r` sees: `min(n, r % tq + n − tq + 1)` (clamped at 0), or `n`. */
const LIMIT = `fn limit(r: u32, n: u32, tq: u32) -> u32 {
  if (tq == 0u) { return n; }
  let l = i32(r % tq) + i32(n) - i32(tq) + 1;
  return u32(clamp(l, 0, i32(n)));
}`;

/**
 * Softmax of `scale·x` over rows. Metadata: `[rows, n, tq, offX, offY, bits(scale)]`; bindings
 * `x`, `y`.
 */
export function softmaxRowsWgsl(): string {
  return /* wgsl */ `${HEAD(["read> x: array<f32>", "read_write> y: array<f32>"])}
${LIMIT}
${MAIN}
  let rows = params[0]; let n = params[1]; let tq = params[2];
  if (r >= rows) { return; }
  let s = bitcast<f32>(params[5]);
  let o = params[3] + r * n; let p = params[4] + r * n;
  let lim = limit(r, n, tq);
  var m = bitcast<f32>(0xff800000u);
  for (var j = 0u; j < lim; j++) { m = max(m, x[o + j] * s); }
  var sum = 0.0;
  for (var j = 0u; j < lim; j++) { let e = exp(x[o + j] * s - m); y[p + j] = e; sum += e; }
  let inv = 1.0 / sum;
  for (var j = 0u; j < lim; j++) { y[p + j] = y[p + j] * inv; }
  for (var j = lim; j < n; j++) { y[p + j] = 0.0; }
}
`;
}

/**
 * VJP of softmax from its output: `dx = scale·y ⊙ (g − ⟨g, y⟩)` on the allowed keys. Metadata:
 * `[rows, n, tq, offY, offG, offDx, bits(scale)]`; bindings `y`, `g`, `dx`.
 */
export function softmaxRowsBwdWgsl(): string {
  return /* wgsl */ `${
    HEAD(["read> y: array<f32>", "read> g: array<f32>", "read_write> dx: array<f32>"])
  }
${LIMIT}
${MAIN}
  let rows = params[0]; let n = params[1]; let tq = params[2];
  if (r >= rows) { return; }
  let s = bitcast<f32>(params[6]);
  let a = params[3] + r * n; let b = params[4] + r * n; let c = params[5] + r * n;
  let lim = limit(r, n, tq);
  var dot = 0.0;
  for (var j = 0u; j < lim; j++) { dot += g[b + j] * y[a + j]; }
  for (var j = 0u; j < lim; j++) { dx[c + j] = s * y[a + j] * (g[b + j] - dot); }
  for (var j = lim; j < n; j++) { dx[c + j] = 0.0; }
}
`;
}

/** Row mean and 1/√(σ² + eps) of row `r` (two passes). */
const STATS = `fn stats(o: u32, n: u32, eps: f32) -> vec2<f32> {
  var mu = 0.0;
  for (var j = 0u; j < n; j++) { mu += x[o + j]; }
  mu = mu / f32(n);
  var v = 0.0;
  for (var j = 0u; j < n; j++) { let d = x[o + j] - mu; v += d * d; }
  return vec2<f32>(mu, 1.0 / sqrt(v / f32(n) + eps));
}`;

/**
 * LayerNorm over rows: `y = (x − μ)·rs·γ + β` (`hasBeta = 0`: no β). Metadata:
 * `[rows, n, offX, offGamma, offBeta, offY, hasBeta, bits(eps)]`; bindings `x`, `gamma`, `beta`
 * (any buffer when absent), `y`.
 */
export function layerNormRowsWgsl(): string {
  return /* wgsl */ `${
    HEAD([
      "read> x: array<f32>",
      "read> gamma: array<f32>",
      "read> beta: array<f32>",
      "read_write> y: array<f32>",
    ])
  }
${STATS}
${MAIN}
  let rows = params[0]; let n = params[1];
  if (r >= rows) { return; }
  let o = params[2] + r * n; let p = params[5] + r * n;
  let st = stats(o, n, bitcast<f32>(params[7]));
  for (var j = 0u; j < n; j++) {
    var v = (x[o + j] - st.x) * st.y * gamma[params[3] + j];
    if (params[6] != 0u) { v += beta[params[4] + j]; }
    y[p + j] = v;
  }
}
`;
}

/**
 * LayerNorm VJP, pass 1 (one thread per row): `dx` and the row statistics `(μ, rs)` into
 * `stat[2r], stat[2r+1]` for pass 2. Metadata: `[rows, n, offX, offGamma, offG, offDx,
 * bits(eps)]`; bindings `x`, `gamma`, `g`, `dx`, `stat`.
 */
export function layerNormRowsBwdWgsl(): string {
  return /* wgsl */ `${
    HEAD([
      "read> x: array<f32>",
      "read> gamma: array<f32>",
      "read> g: array<f32>",
      "read_write> dx: array<f32>",
      "read_write> stat: array<f32>",
    ])
  }
${STATS}
${MAIN}
  let rows = params[0]; let n = params[1];
  if (r >= rows) { return; }
  let o = params[2] + r * n; let og = params[4] + r * n; let od = params[5] + r * n;
  let ga = params[3];
  let st = stats(o, n, bitcast<f32>(params[6]));
  stat[2u * r] = st.x; stat[2u * r + 1u] = st.y;
  var m1 = 0.0; var m2 = 0.0;
  for (var j = 0u; j < n; j++) {
    let h = (x[o + j] - st.x) * st.y;
    let dh = g[og + j] * gamma[ga + j];
    m1 += dh; m2 += dh * h;
  }
  m1 = m1 / f32(n); m2 = m2 / f32(n);
  for (var j = 0u; j < n; j++) {
    let h = (x[o + j] - st.x) * st.y;
    dx[od + j] = st.y * (g[og + j] * gamma[ga + j] - m1 - h * m2);
  }
}
`;
}

/**
 * LayerNorm VJP, pass 2 (one thread per column `j`): `dγ[j] = Σ_r g·x̂`, `dβ[j] = Σ_r g` from the
 * statistics of pass 1. Metadata: `[rows, n, offX, offG]`; bindings `x`, `g`, `stat`, `dgamma`,
 * `dbeta`.
 */
export function layerNormColsBwdWgsl(): string {
  return /* wgsl */ `${
    HEAD([
      "read> x: array<f32>",
      "read> g: array<f32>",
      "read> stat: array<f32>",
      "read_write> dgamma: array<f32>",
      "read_write> dbeta: array<f32>",
    ])
  }
${MAIN}
  let rows = params[0]; let n = params[1];
  let j = r;
  if (j >= n) { return; }
  var dg = 0.0; var db = 0.0;
  for (var i = 0u; i < rows; i++) {
    let gv = g[params[3] + i * n + j];
    dg += gv * (x[params[2] + i * n + j] - stat[2u * i]) * stat[2u * i + 1u];
    db += gv;
  }
  dgamma[j] = dg; dbeta[j] = db;
}
`;
}
