// Optimizer updates on contiguous vectors in linear memory (pointers are byte addresses).
//
// Adam/AdamW (Kingma & Ba 2015, Algorithm 1; Loshchilov & Hutter 2019, arXiv:1711.05101) in
// place, the formula and operation order of the cpu reference (src/backend/cpu/adamw.ts):
//   g = grad·gs + l2·p,  m ← b1·m + c1·g,  v ← b2·v + (c2·g)·g,
//   p ← p·decay − (stepSize·m) / (√v·sq2 + eps)
// in f64 lanes (f32 operands widened on load, rounded once at the store), no FMA: the results
// are bitwise equal to the cpu reference on every engine.

/** One f64 Adam/AdamW update of n elements in place (see the file comment). */
export function dadamw(
  n: i32, p: usize, g: usize, m: usize, v: usize, gs: f64, l2: f64, b1: f64, c1: f64, b2: f64,
  c2: f64, decay: f64, stepSize: f64, sq2: f64, eps: f64,
): void {
  const vgs = f64x2.splat(gs), vl2 = f64x2.splat(l2), vb1 = f64x2.splat(b1), vc1 = f64x2.splat(c1);
  const vb2 = f64x2.splat(b2), vc2 = f64x2.splat(c2), vdecay = f64x2.splat(decay);
  const vstep = f64x2.splat(stepSize), vsq2 = f64x2.splat(sq2), veps = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const pj = v128.load(p + o);
    const gj = f64x2.add(f64x2.mul(v128.load(g + o), vgs), f64x2.mul(vl2, pj));
    const mj = f64x2.add(f64x2.mul(vb1, v128.load(m + o)), f64x2.mul(vc1, gj));
    const vj = f64x2.add(f64x2.mul(vb2, v128.load(v + o)), f64x2.mul(f64x2.mul(vc2, gj), gj));
    v128.store(m + o, mj);
    v128.store(v + o, vj);
    const den = f64x2.add(f64x2.mul(f64x2.sqrt(vj), vsq2), veps);
    v128.store(p + o, f64x2.sub(f64x2.mul(pj, vdecay), f64x2.div(f64x2.mul(vstep, mj), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const pj = load<f64>(p + o);
    const gj = load<f64>(g + o) * gs + l2 * pj;
    const mj = b1 * load<f64>(m + o) + c1 * gj;
    const vj = b2 * load<f64>(v + o) + c2 * gj * gj;
    store<f64>(m + o, mj);
    store<f64>(v + o, vj);
    store<f64>(p + o, pj * decay - stepSize * mj / (Math.sqrt(vj) * sq2 + eps));
  }
}

// @ts-ignore: decorator
@inline function ld2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// @ts-ignore: decorator
@inline function st2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** One f32 Adam/AdamW update of n elements in place, arithmetic in f64 lanes. */
export function sadamw(
  n: i32, p: usize, g: usize, m: usize, v: usize, gs: f64, l2: f64, b1: f64, c1: f64, b2: f64,
  c2: f64, decay: f64, stepSize: f64, sq2: f64, eps: f64,
): void {
  const vgs = f64x2.splat(gs), vl2 = f64x2.splat(l2), vb1 = f64x2.splat(b1), vc1 = f64x2.splat(c1);
  const vb2 = f64x2.splat(b2), vc2 = f64x2.splat(c2), vdecay = f64x2.splat(decay);
  const vstep = f64x2.splat(stepSize), vsq2 = f64x2.splat(sq2), veps = f64x2.splat(eps);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 2;
    const pj = ld2(p + o);
    const gj = f64x2.add(f64x2.mul(ld2(g + o), vgs), f64x2.mul(vl2, pj));
    const mj = f64x2.add(f64x2.mul(vb1, ld2(m + o)), f64x2.mul(vc1, gj));
    const vj = f64x2.add(f64x2.mul(vb2, ld2(v + o)), f64x2.mul(f64x2.mul(vc2, gj), gj));
    st2(m + o, mj);
    st2(v + o, vj);
    const den = f64x2.add(f64x2.mul(f64x2.sqrt(vj), vsq2), veps);
    st2(p + o, f64x2.sub(f64x2.mul(pj, vdecay), f64x2.div(f64x2.mul(vstep, mj), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pj = <f64>load<f32>(p + o);
    const gj = <f64>load<f32>(g + o) * gs + l2 * pj;
    const mj = b1 * <f64>load<f32>(m + o) + c1 * gj;
    const vj = b2 * <f64>load<f32>(v + o) + c2 * gj * gj;
    store<f32>(m + o, <f32>mj);
    store<f32>(v + o, <f32>vj);
    store<f32>(p + o, <f32>(pj * decay - stepSize * mj / (Math.sqrt(vj) * sq2 + eps)));
  }
}
