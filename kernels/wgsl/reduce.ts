/**
 * WGSL for row reductions: one workgroup reduces one row of a contiguous `[rows, len]` matrix
 * (threads stride over the row, then a tree in workgroup memory). Rows beyond 65535 use the y
 * dimension of the dispatch grid.
 * @module
 */

/** Threads per workgroup of the reduction kernels. */
export const RED_WORKGROUP = 256;

/** The reductions with a WGSL kernel. */
export type WgslReduceOp = "sum" | "max" | "min" | "prod" | "argmax" | "argmin" | "logsumexp";

const INIT: Record<WgslReduceOp, string> = {
  sum: "0.0",
  prod: "1.0",
  max: "-3.4028235e38",
  min: "3.4028235e38",
  argmax: "-3.4028235e38",
  argmin: "3.4028235e38",
  logsumexp: "-3.4028235e38",
};

/**
 * Source of the reduction kernel for `op`. Metadata: `[rows, len, offX, offOut, bits(empty)]`:
 * row `r` is `x[offX + r·len ..]`, its result goes to `out[offOut + r]`, and an empty row
 * (`len = 0`) gets the value whose f32 bits are `empty` (−∞ for max, 0 for sum, ...).
 */
export function reduceWgsl(op: WgslReduceOp): string {
  const W = RED_WORKGROUP;
  const isArg = op === "argmax" || op === "argmin";
  const better = op === "argmax" ? ">" : "<";
  const combine = op === "sum" || op === "logsumexp"
    ? "a + b"
    : op === "prod"
    ? "a * b"
    : op === "max"
    ? "max(a, b)"
    : "min(a, b)";
  if (isArg) {
    return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<u32>;
var<workgroup> sv: array<f32, ${W}>;
var<workgroup> si: array<u32, ${W}>;
@compute @workgroup_size(${W})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  let rows = params[0]; let len = params[1]; let base = params[2] + row * len;
  var bv = ${INIT[op]}; var bi = 0xffffffffu;
  if (row < rows) {
    for (var j = lid.x; j < len; j += ${W}u) {
      let v = x[base + j];
      if (v ${better} bv || bi == 0xffffffffu) { bv = v; bi = j; }
    }
  }
  sv[lid.x] = bv; si[lid.x] = bi;
  workgroupBarrier();
  for (var s = ${W / 2}u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      let ov = sv[lid.x + s]; let oi = si[lid.x + s];
      let cur = si[lid.x];
      if (oi != 0xffffffffu && (cur == 0xffffffffu || ov ${better} sv[lid.x] || (ov == sv[lid.x] && oi < cur))) {
        sv[lid.x] = ov; si[lid.x] = oi;
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u && row < rows) { out[params[3] + row] = select(f32(si[0]), bitcast<f32>(params[4]), len == 0u); }
}
`;
  }
  const lse = op === "logsumexp";
  const tree = (name: string, comb: string) => /* wgsl */ `
  workgroupBarrier();
  for (var s = ${W / 2}u; s > 0u; s >>= 1u) {
    if (lid.x < s) { let a = ${name}[lid.x]; let b = ${name}[lid.x + s]; ${name}[lid.x] = ${comb}; }
    workgroupBarrier();
  }`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<u32>;
var<workgroup> sh: array<f32, ${W}>;
var<workgroup> sm: array<f32, ${W}>;
@compute @workgroup_size(${W})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  let rows = params[0]; let len = params[1]; let base = params[2] + row * len;
  ${
    lse
      ? `var m = ${INIT.max};
  if (row < rows) { for (var j = lid.x; j < len; j += ${W}u) { m = max(m, x[base + j]); } }
  sm[lid.x] = m;${tree("sm", "max(a, b)")}
  let mx = sm[0];
  var acc = 0.0;
  if (row < rows && mx > -3.4028235e38) { for (var j = lid.x; j < len; j += ${W}u) { acc += exp(x[base + j] - mx); } }`
      : `var acc = ${INIT[op]};
  if (row < rows) { for (var j = lid.x; j < len; j += ${W}u) { let a = acc; let b = x[base + j]; acc = ${combine}; } }`
  }
  sh[lid.x] = acc;${tree("sh", combine)}
  if (lid.x == 0u && row < rows) { ${
    lse
      ? "out[params[3] + row] = select(select(mx + log(sh[0]), mx, mx <= -3.4028235e38), bitcast<f32>(params[4]), len == 0u);"
      : "out[params[3] + row] = select(sh[0], bitcast<f32>(params[4]), len == 0u);"
  } }
}
`;
}
