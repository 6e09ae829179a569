// Elementwise conformance (Kernels.fill, copy, unary, binary, where): every backend × dtype over
// the edge sizes, in three layouts per size — contiguous at offsets, strided, and a 2-D
// broadcast with a transposed operand — against the scalar functions of the cpu reference
// evaluated index by index (independently of the kernels' strided loop), rounded to the dtype.
// Also: nothing outside the output view is written, and (host backends) IEEE special values.
//
// Tolerances. Exactly rounded ops (neg, abs, square, sqrt, floor, sign, relu, reciprocal, the
// arithmetic, comparisons, max/min, where, copy, fill) must match bit for bit. The
// transcendentals (exp, log, sin, cos, tanh, sigmoid, log1p, expm1, erf, pow) are allowed
// k·u·(|ref| + 1) with k ulp the backend's budget (host SIMD polynomials: 8; WGSL: 32, since
// WGSL only promises a few ulp for exp/log and the library composes tanh, expm1, erf from them,
// and erf is a 1.5e-7 ≈ 2.5u absolute approximation on webgpu). The "+ 1" makes the bound
// absolute near zeros of the function (sin near π, log near 1), where a relative ulp bound is
// not met by any polynomial; inputs stay in [−3, 3], so pow's results stay below 2³ and its
// relative error, ≈ |y·log x|·u, below 7u.
import assert from "node:assert/strict";
import {
  BINARY_OPS,
  type BinaryOp,
  type TypedArray,
  UNARY_OPS,
  type UnaryOp,
} from "../../src/backend/mod.ts";
import { BINARY, UNARY } from "../../src/backend/cpu/elementwise.ts";
import { fill, SIZES, unitRoundoff } from "./backends.ts";
import { kernelCases, type Session, withSession } from "./kernel_cases.ts";

const EXACT_UNARY = new Set<UnaryOp>([
  "neg",
  "abs",
  "square",
  "sqrt",
  "floor",
  "sign",
  "relu",
  "reciprocal",
]);
const EXACT_BINARY = new Set<BinaryOp>(BINARY_OPS.filter((op) => op !== "pow"));

/** Input domains where the op is defined and well conditioned. */
const DOMAIN: Partial<Record<UnaryOp | BinaryOp, Domain>> = {
  log: [0.1, 3],
  sqrt: [0, 4],
  reciprocal: [0.5, 2],
  log1p: [-0.5, 2],
  pow: [0.5, 2],
};

/**
 * `len` values in [lo, hi) (deterministic), rounded to the dtype; with `step`, snapped to
 * multiples of it (so that ties and zeros occur).
 */
function data(
  dtype: "f32" | "f64",
  len: number,
  seed: number,
  [lo, hi, step]: Domain = [-3, 3],
): TypedArray {
  const v = fill(dtype, len, seed).map((v) => lo + (v + 1) / 2 * (hi - lo));
  return step ? v.map((x) => Math.round(x / step) * step) : v;
}

/** `[lo, hi]` or `[lo, hi, step]` (see {@link data}). */
type Domain = [number, number] | [number, number, number];

/** A layout under test: shape and, per operand role, offset and strides. */
interface Layout {
  name: string;
  shape: number[];
  /** offset/strides of each input operand (inputs may broadcast with stride 0). */
  ins: { offset: number; strides: number[] }[];
  out: { offset: number; strides: number[] };
}

/** The three layouts for size n and `k` inputs. */
function layouts(n: number, k: number): Layout[] {
  const contiguous: Layout = {
    name: "contiguous",
    shape: [n],
    ins: Array.from({ length: k }, (_, j) => ({ offset: 1 + j, strides: [1] })),
    out: { offset: 2, strides: [1] },
  };
  const strided: Layout = {
    name: "strided",
    shape: [n],
    ins: Array.from({ length: k }, (_, j) => ({ offset: j, strides: [2 + j] })),
    out: { offset: 1, strides: [3] },
  };
  // [3, n]: input 0 a transposed view of an [n, 3] block, input 1 broadcast along axis 0, input
  // 2 broadcast along axis 1; output rows padded to n + 1
  const twoD: Layout = {
    name: "2-D broadcast/transposed",
    shape: [3, n],
    ins: Array.from(
      { length: k },
      (_, j) =>
        j === 0 ? { offset: 1, strides: [1, 3] } : j === 1 ? { offset: 2, strides: [0, 1] } : {
          offset: 0,
          strides: [1, 0],
        },
    ),
    out: { offset: 1, strides: [n + 1, 1] },
  };
  return [contiguous, strided, twoD];
}

/** Buffer length a strided view needs (plus 2 guard elements). */
function need(shape: number[], v: { offset: number; strides: number[] }): number {
  let last = v.offset;
  for (let i = 0; i < shape.length; i++) last += Math.max(0, shape[i] - 1) * v.strides[i];
  return last + 3;
}

/** Every index of `shape` in row-major order, mapped through a view. */
function indices(shape: number[], v: { offset: number; strides: number[] }): number[] {
  const out: number[] = [];
  const rec = (ax: number, base: number) => {
    if (ax === shape.length) {
      out.push(base);
      return;
    }
    for (let i = 0; i < shape[ax]; i++) rec(ax + 1, base + i * v.strides[ax]);
  };
  rec(0, v.offset);
  return out;
}

const round = (dtype: "f32" | "f64", v: number) => dtype === "f32" ? Math.fround(v) : v;

/**
 * Runs a k-input kernel through `call` on every layout and size and checks each output element
 * against `ref(inputs)` within `tol(ref)`; untouched elements must keep their value.
 */
async function checkKernel(
  s: Session,
  dtype: "f32" | "f64",
  what: string,
  k: number,
  domain: Domain[],
  call: (shape: number[], ins: { buf: unknown; offset: number; strides: number[] }[], out: {
    buf: unknown;
    offset: number;
    strides: number[];
  }) => void,
  ref: (xs: number[]) => number,
  tol: (r: number) => number,
): Promise<void> {
  let seed = 11;
  for (const n of SIZES) {
    for (const L of layouts(n, k)) {
      const hostIns = L.ins.map((v, j) => data(dtype, need(L.shape, v), seed++, domain[j]));
      const outLen = need(L.shape, L.out);
      const out0 = data(dtype, outLen, seed++);
      const outBuf = s.upload(out0);
      call(
        L.shape,
        hostIns.map((h, j) => ({
          buf: s.upload(h),
          offset: L.ins[j].offset,
          strides: L.ins[j].strides,
        })),
        { buf: outBuf, offset: L.out.offset, strides: L.out.strides },
      );
      const got = (await s.be.read(outBuf)).slice(0, outLen);
      const inIdx = L.ins.map((v) => indices(L.shape, v));
      const outIdx = indices(L.shape, L.out);
      const written = new Set(outIdx);
      for (let e = 0; e < outIdx.length; e++) {
        const xs = hostIns.map((h, j) => h[inIdx[j][e]]);
        const r = round(dtype, ref(xs));
        const g = got[outIdx[e]];
        const ok = Number.isNaN(r) ? Number.isNaN(g) : Math.abs(g - r) <= tol(r);
        assert.ok(ok, `${what} ${L.name} n=${n} element ${e} (${xs}): got ${g}, expected ${r}`);
      }
      for (let i = 0; i < outLen; i++) {
        if (!written.has(i)) assert.equal(got[i], out0[i], `${what} ${L.name} n=${n} wrote [${i}]`);
      }
      s.be.free(outBuf);
    }
  }
}

for (const kc of kernelCases()) {
  const { dtype } = kc;
  const u = unitRoundoff(dtype);

  Deno.test(
    `conformance unary ${kc.label} ${dtype}: every op over the edge sizes and layouts`,
    withSession(kc, async (s) => {
      for (const op of UNARY_OPS) {
        const dom = DOMAIN[op] ?? [-3, 3];
        const k = s.ulps.transcendental;
        await checkKernel(
          s,
          dtype,
          `unary ${op}`,
          1,
          [dom],
          (shape, [x], out) => s.be.unary(op, shape, x, out),
          ([x]) => UNARY[op](x),
          EXACT_UNARY.has(op) ? () => 0 : (r) => k * u * (Math.abs(r) + 1),
        );
      }
    }),
  );

  Deno.test(
    `conformance binary ${kc.label} ${dtype}: every op over the edge sizes and layouts`,
    withSession(kc, async (s) => {
      for (const op of BINARY_OPS) {
        // div: divisors in [0.5, 3) keep quotients finite; comparisons and max/min get ties
        // from a coarse grid (multiples of ½)
        const ties = ["eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum"].includes(op);
        const da: Domain = DOMAIN[op] ?? (ties ? [-3, 3, 0.5] : [-3, 3]);
        const db: Domain = op === "div" ? [0.5, 3] : ties ? [-3, 3, 0.5] : [-3, 3];
        const k = s.ulps.transcendental;
        await checkKernel(
          s,
          dtype,
          `binary ${op}`,
          2,
          [da, db],
          (shape, [a, b], out) => s.be.binary(op, shape, a, b, out),
          ([a, b]) => BINARY[op](a, b),
          EXACT_BINARY.has(op) ? () => 0 : (r) => k * u * (Math.abs(r) + 1),
        );
      }
    }),
  );

  Deno.test(
    `conformance where/copy/fill ${kc.label} ${dtype}: edge sizes and layouts`,
    withSession(kc, async (s) => {
      // conditions in {−1, 0, 1, 2} (a grid of 1), so both branches are taken
      await checkKernel(
        s,
        dtype,
        "where",
        3,
        [[-3, 3], [-3, 3], [-1, 2, 1]],
        (shape, [a, b, c], out) => s.be.where(shape, c, a, b, out),
        ([a, b, c]) => c !== 0 ? a : b,
        () => 0,
      );
      await checkKernel(
        s,
        dtype,
        "copy",
        1,
        [[-3, 3]],
        (shape, [x], out) => s.be.copy(shape, x, out),
        ([x]) => x,
        () => 0,
      );
      await checkKernel(
        s,
        dtype,
        "fill",
        0,
        [],
        (shape, _ins, out) => s.be.fill(shape, -1.25, out),
        () => -1.25,
        () => 0,
      );
    }),
  );
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 1e-30, 3e38];

// WGSL leaves NaN and infinity behaviour implementation-defined: host backends only
for (const kc of kernelCases().filter((k) => k.label !== "webgpu")) {
  const { dtype } = kc;
  Deno.test(
    `conformance IEEE special values ${kc.label} ${dtype}: unary, binary and copy as on cpu`,
    withSession(kc, async (s) => {
      const n = SPECIAL.length;
      const F = dtype === "f32" ? Float32Array : Float64Array;
      const x = F.from(SPECIAL);
      // every pair (a, b) of special values: a varies along axis 1, b along axis 0
      const shape = [n, n];
      const xa = { buf: s.upload(x), offset: 0, strides: [0, 1] };
      const xb = { buf: s.upload(x), offset: 0, strides: [1, 0] };
      const same = (g: number, r: number) =>
        Object.is(g, r) || (Number.isNaN(g) && Number.isNaN(r));
      for (const op of UNARY_OPS) {
        const out = s.upload(new F(n));
        s.be.unary(op, [n], { buf: s.upload(x), offset: 0, strides: [1] }, {
          buf: out,
          offset: 0,
          strides: [1],
        });
        const got = await s.be.read(out);
        for (let i = 0; i < n; i++) {
          const r = round(dtype, UNARY[op](x[i]));
          // special inputs have special (exact) outputs, or ordinary ones within a few ulp
          const tol = EXACT_UNARY.has(op) || !Number.isFinite(r) || r === 0
            ? 0
            : 8 * unitRoundoff(dtype) * (Math.abs(r) + 1);
          assert.ok(
            same(got[i], r) || Math.abs(got[i] - r) <= tol,
            `unary ${op}(${x[i]}): got ${got[i]}, expected ${r}`,
          );
        }
      }
      for (const op of BINARY_OPS) {
        const out = s.upload(new F(n * n));
        s.be.binary(op, shape, xa, xb, { buf: out, offset: 0, strides: [n, 1] });
        const got = await s.be.read(out);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const r = round(dtype, BINARY[op](x[j], x[i]));
            const g = got[i * n + j];
            const tol = op !== "pow" || !Number.isFinite(r) || r === 0
              ? 0
              : 8 * unitRoundoff(dtype) * (Math.abs(r) + 1);
            assert.ok(
              same(g, r) || Math.abs(g - r) <= tol,
              `binary ${op}(${x[j]}, ${x[i]}): got ${g}, expected ${r}`,
            );
          }
        }
      }
      // copy converts between f32 and f64 (round to nearest)
      const other = dtype === "f32" ? new Float64Array(n + 1) : new Float32Array(n + 1);
      s.be.copy([n], { buf: x, offset: 0, strides: [1] }, { buf: other, offset: 1, strides: [1] });
      for (let i = 0; i < n; i++) {
        const r = other instanceof Float32Array ? Math.fround(x[i]) : x[i];
        assert.ok(same(other[i + 1], r), `copy ${x[i]} → ${other[i + 1]}`);
      }
      // bad input names the argument
      assert.throws(
        () => s.be.unary("nope" as UnaryOp, [1], xa, xa),
        /unary: argument "op" must be one of/,
      );
      assert.throws(
        () => s.be.binary("add", [n + 1], { buf: x, offset: 0, strides: [1] }, xa, xa),
        /binary: argument "a" must hold index/,
      );
    }),
  );
}

for (const kc of kernelCases()) {
  const { dtype } = kc;
  Deno.test(
    `conformance buffers ${kc.label} ${dtype}: alloc, dtypeOf, fill, read, free`,
    withSession(kc, async (s) => {
      for (const n of SIZES) {
        const b = s.be.alloc(dtype, n);
        assert.equal(s.be.dtypeOf(b), dtype);
        s.be.fill([n], 0.75, { buf: b, offset: 0, strides: [1] });
        const got = await s.be.read(b);
        assert.ok(got.length >= n, `read gives at least ${n} elements, got ${got.length}`);
        for (let i = 0; i < n; i++) assert.equal(got[i], 0.75);
        s.be.free(b);
      }
      // an unsupported dtype is refused by name, never silently converted
      for (const other of ["f32", "f64"] as const) {
        if (!s.be.dtypes.includes(other)) {
          assert.throws(() => s.be.alloc(other, 1), /alloc: argument "dtype"/);
        }
      }
      assert.throws(() => s.be.alloc(dtype, -1), /alloc: argument "n"/);
    }),
  );
}
