/**
 * WebAssembly SIMD (f64x2) kernels for the hot loop of the exact SGD second-moment recursion
 * (arXiv:2506.15535), with the plain TypeScript loops of `sgd_recursion.ts` as their slow twin.
 *
 * The module is a few hundred bytes and is assembled here from its instructions (no binary blob):
 * - `stepFly(n, lam, m, η, k2, f) → s`: `m_i ← ((1−ηλ_i)² + k2 λ_i²) m_i + f λ_i`, returns
 *   `Σ λ_i m_i` (the general step; LR and batch may change every step);
 * - `stepD(n, lam, D, m, f) → s`: `m_i ← D_i m_i + f λ_i` with precomputed factors D (constant
 *   segments), returns `Σ λ_i m_i`;
 * - `stepAvg(n, lam, m, c, S, η, k2, f) → s`: the general step fused with the running-average
 *   update `c_i ← (1−ηλ_i)c_i + m_i`, `S_i ← S_i + 2c_i − m_i` (exact averaged iterates);
 * - `stepQ(n, lam, m, η, k2, f, qOut) → s`: the general step that also stores `Σ λ_i² m_i` (the
 *   NSGD normaliser's mean part, arXiv:2510.14717) at qOut.
 *
 * The arrays live in the instance's memory; callers get Float64Array views on them, so every other
 * part of the recursion (averaging, NSGD) runs unchanged on the same storage. The dimension is
 * padded to even with λ = m = D = 0, which stays 0. Summation runs in two lanes, so results agree
 * with the TypeScript loops to rounding (not bit for bit).
 *
 * @module
 */

const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function f64const(x: number): number[] {
  const b = new Uint8Array(new Float64Array([x]).buffer);
  return [0x44, ...b];
}

const str = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// instructions
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const V128_LOAD = [...simd(0x00), 4, 0];
const V128_STORE = [...simd(0x0b), 4, 0];
const SPLAT = simd(0x14);
const LANE = (k: number) => [...simd(0x21), k];
const VADD = simd(0xf0), VSUB = simd(0xf1), VMUL = simd(0xf2);
const I32_ADD = [0x6a], I32_SHL = [0x74], I32_LT_U = [0x49], I32_GE_U = [0x4f];
const F64_ADD = [0xa0];
const LOOP = [0x03, 0x40], BLOCK = [0x02, 0x40], END = [0x0b];
const BR_IF = (d: number) => [0x0d, ...uleb(d)];

function body(locals: [number, number][], code: number[][]): number[] {
  const b = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code.flat(), ...END];
  return [...uleb(b.length), ...b];
}

// stepFly(n i32, lam i32, m i32, eta f64, k2 f64, f f64) -> f64
// locals: pl 6, pm 7, end 8 (i32); one 9, ev 10, kv 11, fv 12, acc 13, l 14, u 15, v 16 (v128)
function stepFlyBody(): number[] {
  const [n, lam, m, eta, k2, f] = [0, 1, 2, 3, 4, 5];
  const [pl, pm, end, one, ev, kv, fv, acc, l, u, v] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  return body([[3, I32], [8, V128]], [
    get(lam),
    set(pl),
    get(m),
    set(pm),
    get(lam),
    get(n),
    i32c(3),
    I32_SHL,
    I32_ADD,
    set(end),
    f64const(1),
    SPLAT,
    set(one),
    get(eta),
    SPLAT,
    set(ev),
    get(k2),
    SPLAT,
    set(kv),
    get(f),
    SPLAT,
    set(fv),
    f64const(0),
    SPLAT,
    set(acc),
    BLOCK,
    get(pl),
    get(end),
    I32_GE_U,
    BR_IF(0),
    LOOP,
    get(pl),
    V128_LOAD,
    set(l),
    // u = 1 − η l
    get(one),
    get(ev),
    get(l),
    VMUL,
    VSUB,
    set(u),
    // v = (u·u + k2·l·l)·m + f·l
    get(u),
    get(u),
    VMUL,
    get(kv),
    get(l),
    VMUL,
    get(l),
    VMUL,
    VADD,
    get(pm),
    V128_LOAD,
    VMUL,
    get(fv),
    get(l),
    VMUL,
    VADD,
    set(v),
    get(pm),
    get(v),
    V128_STORE,
    get(acc),
    get(l),
    get(v),
    VMUL,
    VADD,
    set(acc),
    get(pl),
    i32c(16),
    I32_ADD,
    set(pl),
    get(pm),
    i32c(16),
    I32_ADD,
    set(pm),
    get(pl),
    get(end),
    I32_LT_U,
    BR_IF(0),
    END,
    END,
    get(acc),
    LANE(0),
    get(acc),
    LANE(1),
    F64_ADD,
  ]);
}

// stepD(n i32, lam i32, dd i32, m i32, f f64) -> f64
// locals: pl 5, pd 6, pm 7, end 8 (i32); fv 9, acc 10, l 11, v 12 (v128)
function stepDBody(): number[] {
  const [n, lam, dd, m, f] = [0, 1, 2, 3, 4];
  const [pl, pd, pm, end, fv, acc, l, v] = [5, 6, 7, 8, 9, 10, 11, 12];
  return body([[4, I32], [4, V128]], [
    get(lam),
    set(pl),
    get(dd),
    set(pd),
    get(m),
    set(pm),
    get(lam),
    get(n),
    i32c(3),
    I32_SHL,
    I32_ADD,
    set(end),
    get(f),
    SPLAT,
    set(fv),
    f64const(0),
    SPLAT,
    set(acc),
    BLOCK,
    get(pl),
    get(end),
    I32_GE_U,
    BR_IF(0),
    LOOP,
    get(pl),
    V128_LOAD,
    set(l),
    get(pd),
    V128_LOAD,
    get(pm),
    V128_LOAD,
    VMUL,
    get(fv),
    get(l),
    VMUL,
    VADD,
    set(v),
    get(pm),
    get(v),
    V128_STORE,
    get(acc),
    get(l),
    get(v),
    VMUL,
    VADD,
    set(acc),
    get(pl),
    i32c(16),
    I32_ADD,
    set(pl),
    get(pd),
    i32c(16),
    I32_ADD,
    set(pd),
    get(pm),
    i32c(16),
    I32_ADD,
    set(pm),
    get(pl),
    get(end),
    I32_LT_U,
    BR_IF(0),
    END,
    END,
    get(acc),
    LANE(0),
    get(acc),
    LANE(1),
    F64_ADD,
  ]);
}

// stepAvg(n i32, lam i32, m i32, c i32, S i32, eta f64, k2 f64, f f64) -> f64: the general step
// fused with the running-average update c ← (1−ηλ)c + m', S ← S + 2c − m' (exact averaged iterates).
// locals: pl 8, pm 9, pc 10, ps 11, end 12 (i32); one 13, ev 14, kv 15, fv 16, acc 17, l 18,
// u 19, v 20, cc 21, two 22 (v128)
function stepAvgBody(): number[] {
  const [n, lam, m, c, S, eta, k2, f] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [pl, pm, pc, ps, end] = [8, 9, 10, 11, 12];
  const [one, ev, kv, fv, acc, l, u, v, cc, two] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  return body([[5, I32], [10, V128]], [
    get(lam),
    set(pl),
    get(m),
    set(pm),
    get(c),
    set(pc),
    get(S),
    set(ps),
    get(lam),
    get(n),
    i32c(3),
    I32_SHL,
    I32_ADD,
    set(end),
    f64const(1),
    SPLAT,
    set(one),
    f64const(2),
    SPLAT,
    set(two),
    get(eta),
    SPLAT,
    set(ev),
    get(k2),
    SPLAT,
    set(kv),
    get(f),
    SPLAT,
    set(fv),
    f64const(0),
    SPLAT,
    set(acc),
    BLOCK,
    get(pl),
    get(end),
    I32_GE_U,
    BR_IF(0),
    LOOP,
    get(pl),
    V128_LOAD,
    set(l),
    get(one),
    get(ev),
    get(l),
    VMUL,
    VSUB,
    set(u),
    get(u),
    get(u),
    VMUL,
    get(kv),
    get(l),
    VMUL,
    get(l),
    VMUL,
    VADD,
    get(pm),
    V128_LOAD,
    VMUL,
    get(fv),
    get(l),
    VMUL,
    VADD,
    set(v),
    get(pm),
    get(v),
    V128_STORE,
    // cc = u·c + v; c ← cc; S ← S + 2cc − v
    get(u),
    get(pc),
    V128_LOAD,
    VMUL,
    get(v),
    VADD,
    set(cc),
    get(pc),
    get(cc),
    V128_STORE,
    get(ps),
    get(ps),
    V128_LOAD,
    get(two),
    get(cc),
    VMUL,
    VADD,
    get(v),
    VSUB,
    V128_STORE,
    get(acc),
    get(l),
    get(v),
    VMUL,
    VADD,
    set(acc),
    get(pl),
    i32c(16),
    I32_ADD,
    set(pl),
    get(pm),
    i32c(16),
    I32_ADD,
    set(pm),
    get(pc),
    i32c(16),
    I32_ADD,
    set(pc),
    get(ps),
    i32c(16),
    I32_ADD,
    set(ps),
    get(pl),
    get(end),
    I32_LT_U,
    BR_IF(0),
    END,
    END,
    get(acc),
    LANE(0),
    get(acc),
    LANE(1),
    F64_ADD,
  ]);
}

// stepQ(n i32, lam i32, m i32, eta f64, k2 f64, f f64, qOut i32) -> f64: the general step that
// also stores Σ λ_i² m_i (NSGD normaliser, ρ diagnostic) as an f64 at qOut.
// locals: pl 7, pm 8, end 9 (i32); one 10, ev 11, kv 12, fv 13, acc 14, accq 15, l 16, u 17,
// v 18, w 19 (v128)
function stepQBody(): number[] {
  const [n, lam, m, eta, k2, f, qOut] = [0, 1, 2, 3, 4, 5, 6];
  const [pl, pm, end] = [7, 8, 9];
  const [one, ev, kv, fv, acc, accq, l, u, v, w] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  return body([[3, I32], [10, V128]], [
    get(lam),
    set(pl),
    get(m),
    set(pm),
    get(lam),
    get(n),
    i32c(3),
    I32_SHL,
    I32_ADD,
    set(end),
    f64const(1),
    SPLAT,
    set(one),
    get(eta),
    SPLAT,
    set(ev),
    get(k2),
    SPLAT,
    set(kv),
    get(f),
    SPLAT,
    set(fv),
    f64const(0),
    SPLAT,
    set(acc),
    f64const(0),
    SPLAT,
    set(accq),
    BLOCK,
    get(pl),
    get(end),
    I32_GE_U,
    BR_IF(0),
    LOOP,
    get(pl),
    V128_LOAD,
    set(l),
    get(one),
    get(ev),
    get(l),
    VMUL,
    VSUB,
    set(u),
    get(u),
    get(u),
    VMUL,
    get(kv),
    get(l),
    VMUL,
    get(l),
    VMUL,
    VADD,
    get(pm),
    V128_LOAD,
    VMUL,
    get(fv),
    get(l),
    VMUL,
    VADD,
    set(v),
    get(pm),
    get(v),
    V128_STORE,
    get(l),
    get(v),
    VMUL,
    set(w),
    get(acc),
    get(w),
    VADD,
    set(acc),
    get(accq),
    get(l),
    get(w),
    VMUL,
    VADD,
    set(accq),
    get(pl),
    i32c(16),
    I32_ADD,
    set(pl),
    get(pm),
    i32c(16),
    I32_ADD,
    set(pm),
    get(pl),
    get(end),
    I32_LT_U,
    BR_IF(0),
    END,
    END,
    get(qOut),
    get(accq),
    LANE(0),
    get(accq),
    LANE(1),
    F64_ADD,
    [0x39, 3, 0],
    get(acc),
    LANE(0),
    get(acc),
    LANE(1),
    F64_ADD,
  ]);
}

/**
 * The WebAssembly module (binary format, SIMD proposal) with the three step kernels, assembled
 * from the instruction lists above.
 *
 * @returns the module bytes
 */
export function sgdStepModuleBytes(): Uint8Array {
  const types = section(
    1,
    vec([
      [0x60, ...vec([[I32], [I32], [I32], [F64], [F64], [F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64], [F64], [F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [F64], [F64], [F64], [I32]]), ...vec([[F64]])],
    ]),
  );
  const imports = section(2, vec([[...str("env"), ...str("mem"), 0x02, 0x00, 0x01]]));
  const funcs = section(3, vec([[0], [1], [2], [3]]));
  const exports = section(
    7,
    vec([
      [...str("stepFly"), 0x00, 0],
      [...str("stepD"), 0x00, 1],
      [...str("stepAvg"), 0x00, 2],
      [...str("stepQ"), 0x00, 3],
    ]),
  );
  const code = section(10, vec([stepFlyBody(), stepDBody(), stepAvgBody(), stepQBody()]));
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...types,
    ...imports,
    ...funcs,
    ...exports,
    ...code,
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Whether the SIMD kernels compiled on this runtime (WebAssembly with SIMD); when false the
 * recursion uses its TypeScript loops.
 *
 * @returns true when the module compiled
 */
export function sgdStepKernelsAvailable(): boolean {
  return compiledModule() !== null;
}

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(sgdStepModuleBytes() as BufferSource);
    } catch {
      compiled = null; // no WASM SIMD: callers use the TypeScript loops
    }
  }
  return compiled;
}

/** SIMD step kernels bound to one instance memory holding λ, m and D. */
export interface SgdStepKernels {
  /** λ (length d), a view on the instance memory. */
  lambda: Float64Array;
  /** m (length d), a view on the instance memory; updated in place by the steps. */
  m: Float64Array;
  /** Contraction factors D (length d) for {@link SgdStepKernels.stepD}; fill before use. */
  factors: Float64Array;
  /** General step with coefficients computed on the fly; returns Σ λ_i m_i. */
  stepFly(eta: number, k2: number, f: number): number;
  /** Step with the precomputed factors; returns Σ λ_i m_i. */
  stepD(f: number): number;
  /** Running-average cross moments c (length d, view); set to m0 before the first stepAvg. */
  avgC: Float64Array;
  /** Running-average sums S (length d, view); set to m0 before the first stepAvg. */
  avgS: Float64Array;
  /** General step fused with the running-average update of avgC and avgS; returns Σ λ_i m_i. */
  stepAvg(eta: number, k2: number, f: number): number;
  /** General step; writes Σ λ_i m_i to out[0] and Σ λ_i² m_i to out[1]. */
  stepQ(eta: number, k2: number, f: number, out: Float64Array): void;
}

/**
 * Instantiate the SIMD kernels for dimension d = lambda.length, copying λ and m0 into the
 * instance memory. Returns undefined where WebAssembly SIMD is unavailable.
 *
 * @param lambda eigenvalues (length d)
 * @param m0 initial second moments (length d)
 * @returns kernels with views on their memory, or undefined
 */
export function sgdStepKernels(
  lambda: Float64Array,
  m0: Float64Array,
): SgdStepKernels | undefined {
  if (lambda.length !== m0.length) {
    throw new Error(
      `sgdStepKernels: arguments "lambda" and "m0" must have equal length, got ${lambda.length} and ${m0.length}`,
    );
  }
  const mod = compiledModule();
  if (!mod) return undefined;
  const d = lambda.length;
  const dp = d + (d & 1);
  const bytes = 5 * 8 * dp + 16;
  if (bytes > 2 ** 31) return undefined;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const inst = new WebAssembly.Instance(mod, { env: { mem: memory } });
  const exp = inst.exports as unknown as {
    stepFly: (n: number, lam: number, m: number, eta: number, k2: number, f: number) => number;
    stepD: (n: number, lam: number, dd: number, m: number, f: number) => number;
    stepAvg: (
      n: number,
      lam: number,
      m: number,
      c: number,
      S: number,
      eta: number,
      k2: number,
      f: number,
    ) => number;
    stepQ: (
      n: number,
      lam: number,
      m: number,
      eta: number,
      k2: number,
      f: number,
      qOut: number,
    ) => number;
  };
  const buf = memory.buffer;
  const lamOff = 0, mOff = 8 * dp, dOff = 16 * dp, cOff = 24 * dp, sOff = 32 * dp;
  const qOff = 40 * dp;
  const qView = new Float64Array(buf, qOff, 1);
  const lam = new Float64Array(buf, lamOff, dp);
  const m = new Float64Array(buf, mOff, dp);
  lam.set(lambda);
  m.set(m0);
  return {
    lambda: lam.subarray(0, d),
    m: m.subarray(0, d),
    factors: new Float64Array(buf, dOff, d),
    avgC: new Float64Array(buf, cOff, d),
    avgS: new Float64Array(buf, sOff, d),
    stepFly: (eta, k2, f) => exp.stepFly(dp, lamOff, mOff, eta, k2, f),
    stepD: (f) => exp.stepD(dp, lamOff, dOff, mOff, f),
    stepAvg: (eta, k2, f) => exp.stepAvg(dp, lamOff, mOff, cOff, sOff, eta, k2, f),
    stepQ: (eta, k2, f, out) => {
      out[0] = exp.stepQ(dp, lamOff, mOff, eta, k2, f, qOff);
      out[1] = qView[0];
    },
  };
}
