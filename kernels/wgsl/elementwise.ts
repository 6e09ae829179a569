/**
 * WGSL for strided elementwise kernels: `out[view] = f(in0[view], in1[view], ...)` over an
 * n-d index space with arbitrary strides and offsets (so broadcasting, transposed and sliced views
 * need no copies). One source per (arity, expression, strided-output) triple; pipelines are cached
 * by source text in src/backend/webgpu.
 *
 * Metadata layout (array<u32>): `[n, nd, offOut, off0..off{k-1}, shape[nd], stridesOut[nd],
 * strides0[nd], ..., strides{k-1}[nd]]`.
 * @module
 */

/** Threads per workgroup of the elementwise kernels. */
export const EW_WORKGROUP = 256;

/** WGSL helpers shared by the expressions (NaN, signed pow, stable log1p/expm1/tanh, erf, GELU). */
export const WGSL_MATH = /* wgsl */ `
fn nan_f32() -> f32 { return bitcast<f32>(0x7fc00000u); }
fn spow(a: f32, b: f32) -> f32 {
  if (a >= 0.0) { return pow(a, b); }
  if (fract(b) != 0.0) { return nan_f32(); }
  let r = pow(-a, b);
  return select(r, -r, (i32(b) & 1) == 1);
}
fn slog1p(x: f32) -> f32 { let u = 1.0 + x; if (u == 1.0) { return x; } return log(u) * x / (u - 1.0); }
fn sexpm1(x: f32) -> f32 {
  let u = exp(x);
  if (u == 1.0) { return x; }
  if (u - 1.0 == -1.0) { return -1.0; }
  return (u - 1.0) * x / log(u);
}
fn stanh(x: f32) -> f32 { let c = clamp(x, -15.0, 15.0); let e = exp(2.0 * c); return (e - 1.0) / (e + 1.0); }
fn ssigmoid(x: f32) -> f32 { if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); } let e = exp(x); return e / (1.0 + e); }
fn serf(x: f32) -> f32 {
  // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7 (below f32 resolution near 1)
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
  return select(y, -y, x < 0.0);
}
fn ssign(x: f32) -> f32 { if (x > 0.0) { return 1.0; } if (x < 0.0) { return -1.0; } return x; }
// GELU, tanh form (arXiv:1606.08415 §2), and its derivative
fn sgelu(x: f32) -> f32 { return 0.5 * x * (1.0 + stanh(0.7978845608028654 * (x + 0.044715 * x * x * x))); }
fn sgelud(x: f32) -> f32 {
  let t = stanh(0.7978845608028654 * (x + 0.044715 * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * 0.7978845608028654 * (1.0 + 0.134145 * x * x);
}
`;

/**
 * Source of an elementwise kernel with `arity` inputs `in0..`, combining `in0[..]` values named
 * `x0, x1, ...` by the WGSL expression `expr` (e.g. `"x0 + x1"`).
 */
export function elementwiseWgsl(arity: number, expr: string): string {
  const ins = Array.from(
    { length: arity },
    (_, k) => `@group(0) @binding(${k}) var<storage, read> in${k}: array<f32>;`,
  ).join("\n");
  const decl = Array.from({ length: arity }, (_, k) => `var o${k} = params[3u + ${k}u];`).join(
    "\n  ",
  );
  const acc = Array.from(
    { length: arity },
    (_, k) => `o${k} += c * params[3u + ${arity}u + (${k + 2}u) * nd + u32(d)];`,
  ).join("\n    ");
  const vals = Array.from({ length: arity }, (_, k) => `let x${k} = in${k}[o${k}];`).join("\n  ");
  return /* wgsl */ `${WGSL_MATH}
${ins}
@group(0) @binding(${arity}) var<storage, read_write> out: array<f32>;
@group(0) @binding(${arity + 1}) var<storage, read> params: array<u32>;

@compute @workgroup_size(${EW_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${EW_WORKGROUP}u;
  let n = params[0];
  if (i >= n) { return; }
  let nd = params[1];
  var rem = i;
  var oo = params[2];
  ${decl}
  for (var d = i32(nd) - 1; d >= 0; d--) {
    let s = params[3u + ${arity}u + u32(d)];
    let c = rem % s;
    rem = rem / s;
    oo += c * params[3u + ${arity}u + nd + u32(d)];
    ${acc}
  }
  ${vals}
  out[oo] = ${expr};
}
`;
}

/** Source of the fill kernel: `out[i] = bitcast<f32>(params[1])` for `i < params[0]`. */
export function fillWgsl(): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> params: array<u32>;
@compute @workgroup_size(${EW_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${EW_WORKGROUP}u;
  if (i >= params[0]) { return; }
  out[i] = bitcast<f32>(params[1]);
}
`;
}
