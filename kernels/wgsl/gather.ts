/**
 * WGSL for `take`: `out[o, j, i] = x[(o·n + idx[j])·inner + i]` over a contiguous `[outer, n,
 * inner]` input (embedding lookups, row selection).
 * @module
 */

/** Threads per workgroup of the gather kernel. */
export const GATHER_WORKGROUP = 256;

/** Source of the gather kernel. Metadata: `[total, nIdx, n, inner, offX, offOut]`. */
export function gatherWgsl(): string {
  const W = GATHER_WORKGROUP;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> params: array<u32>;
@compute @workgroup_size(${W})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${W}u;
  if (t >= params[0]) { return; }
  let nIdx = params[1]; let n = params[2]; let inner = params[3];
  let i = t % inner;
  let j = (t / inner) % nIdx;
  let o = t / (inner * nIdx);
  out[params[5] + t] = x[params[4] + (o * n + u32(idx[j])) * inner + i];
}
`;
}
