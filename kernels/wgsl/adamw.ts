/**
 * WGSL for one Adam/AdamW update in place (Kingma & Ba 2015, Algorithm 1; Loshchilov & Hutter
 * 2019, arXiv:1711.05101, Algorithm 2; PyTorch's `AdamW` convention), one thread per element, f32.
 * The step's scalar constants are formed on the host in f64 and passed as f32 bits.
 *
 * Metadata: `[n, offP, offG, offM, offV, bits(gradScale), bits(l2), bits(beta1), bits(1 − beta1),
 * bits(beta2), bits(1 − beta2), bits(1 − lr·wd), bits(lr/bc1), bits(1/√bc2), bits(eps)]`;
 * bindings `p`, `g`, `m`, `v`.
 * @module
 */

/** Threads per workgroup of the AdamW kernel. */
export const ADAMW_WORKGROUP = 256;

/** Source of the AdamW kernel. */
export function adamwWgsl(): string {
  const W = ADAMW_WORKGROUP;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> p: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read> params: array<u32>;
fn f(i: u32) -> f32 { return bitcast<f32>(params[i]); }
@compute @workgroup_size(${W})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${W}u;
  if (i >= params[0]) { return; }
  let ip = params[1] + i; let ig = params[2] + i; let im = params[3] + i; let iv = params[4] + i;
  let pv = p[ip];
  let gr = g[ig] * f(5u) + f(6u) * pv;
  let mv = f(7u) * m[im] + f(8u) * gr;
  let vv = f(9u) * v[iv] + (f(10u) * gr) * gr;
  m[im] = mv;
  v[iv] = vv;
  p[ip] = pv * f(11u) - (f(12u) * mv) / (sqrt(vv) * f(13u) + f(14u));
}
`;
}
