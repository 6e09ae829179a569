// Entry point of the SGD step module: f64x2 kernels for the hot loop of the exact SGD
// second-moment recursion (arXiv:2506.15535; src/theory/sgd_recursion.ts has the TypeScript
// twins, src/theory/sgd_step_kernels.ts the loader). Built by kernels/build.ts into
// kernels/wasm/build/sgd_step_simd.wasm.
//
// Pointers are byte addresses of f64 arrays; n is even (the JS side pads λ = m = D = 0). Each
// kernel keeps the operation order of the TypeScript loops with the sum in two lanes (lane 0
// holds the even indices, lane 1 the odd ones, added at the end), and uses no FMA, so the
// results do not depend on the engine. The module has no static data: it writes only to the
// pointers it is given.

/** Σ of the two f64 lanes. */
// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * General step: m_i ← ((1−ηλ_i)² + k2·λ_i²)·m_i + f·λ_i; returns Σ λ_i m_i (new m).
 */
export function stepFly(n: i32, lam: usize, m: usize, eta: f64, k2: f64, f: f64): f64 {
  const one = f64x2.splat(1), ev = f64x2.splat(eta), kv = f64x2.splat(k2), fv = f64x2.splat(f);
  let acc = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    const l = v128.load(lam + o);
    const u = f64x2.sub(one, f64x2.mul(ev, l));
    const c = f64x2.add(f64x2.mul(u, u), f64x2.mul(f64x2.mul(kv, l), l));
    const v = f64x2.add(f64x2.mul(c, v128.load(m + o)), f64x2.mul(fv, l));
    v128.store(m + o, v);
    acc = f64x2.add(acc, f64x2.mul(l, v));
  }
  return hsum(acc);
}

/** Step with precomputed factors: m_i ← D_i·m_i + f·λ_i; returns Σ λ_i m_i. */
export function stepD(n: i32, lam: usize, dd: usize, m: usize, f: f64): f64 {
  const fv = f64x2.splat(f);
  let acc = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    const l = v128.load(lam + o);
    const v = f64x2.add(f64x2.mul(v128.load(dd + o), v128.load(m + o)), f64x2.mul(fv, l));
    v128.store(m + o, v);
    acc = f64x2.add(acc, f64x2.mul(l, v));
  }
  return hsum(acc);
}

/**
 * The general step fused with the running-average update (exact averaged iterates):
 * c_i ← (1−ηλ_i)·c_i + m_i, S_i ← S_i + 2c_i − m_i (new m and c); returns Σ λ_i m_i.
 */
export function stepAvg(
  n: i32, lam: usize, m: usize, c: usize, s: usize, eta: f64, k2: f64, f: f64,
): f64 {
  const one = f64x2.splat(1), two = f64x2.splat(2);
  const ev = f64x2.splat(eta), kv = f64x2.splat(k2), fv = f64x2.splat(f);
  let acc = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    const l = v128.load(lam + o);
    const u = f64x2.sub(one, f64x2.mul(ev, l));
    const fac = f64x2.add(f64x2.mul(u, u), f64x2.mul(f64x2.mul(kv, l), l));
    const v = f64x2.add(f64x2.mul(fac, v128.load(m + o)), f64x2.mul(fv, l));
    v128.store(m + o, v);
    const cc = f64x2.add(f64x2.mul(u, v128.load(c + o)), v);
    v128.store(c + o, cc);
    v128.store(s + o, f64x2.sub(f64x2.add(v128.load(s + o), f64x2.mul(two, cc)), v));
    acc = f64x2.add(acc, f64x2.mul(l, v));
  }
  return hsum(acc);
}

/**
 * The general step that also stores Σ λ_i² m_i (the NSGD normaliser's mean part,
 * arXiv:2510.14717) as an f64 at qOut; returns Σ λ_i m_i.
 */
export function stepQ(n: i32, lam: usize, m: usize, eta: f64, k2: f64, f: f64, qOut: usize): f64 {
  const one = f64x2.splat(1), ev = f64x2.splat(eta), kv = f64x2.splat(k2), fv = f64x2.splat(f);
  let acc = f64x2.splat(0), accq = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    const l = v128.load(lam + o);
    const u = f64x2.sub(one, f64x2.mul(ev, l));
    const c = f64x2.add(f64x2.mul(u, u), f64x2.mul(f64x2.mul(kv, l), l));
    const v = f64x2.add(f64x2.mul(c, v128.load(m + o)), f64x2.mul(fv, l));
    v128.store(m + o, v);
    const w = f64x2.mul(l, v);
    acc = f64x2.add(acc, w);
    accq = f64x2.add(accq, f64x2.mul(l, w));
  }
  store<f64>(qOut, hsum(accq));
  return hsum(acc);
}
