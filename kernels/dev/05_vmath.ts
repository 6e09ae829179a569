// Accuracy of the vector math of kernels/wasm/vmath.ts (through the sunary/dunary kernels of
// kernels/wasm/ops.ts, compiled in memory with the build flags) against Math.* on dense grids.
// Error in ulps of the reference value rounded to the dtype (f64: against V8's fdlibm, itself
// within 1 ulp of the true value); tanh and sigmoid near 0 also as an absolute error in units of u.
// The op codes are those of kernels/wasm/elementwise.ts.
// Run: deno run -A kernels/dev/05_vmath.ts
import { compileKernel, KERNEL_MEMORY } from "../compile.ts";

const bytes = await compileKernel("kernels/wasm/ops.ts", false);
const memory = new WebAssembly.Memory({
  initial: KERNEL_MEMORY.initialPages,
  maximum: KERNEL_MEMORY.maximumPages,
  shared: true,
});
const E = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
  env: { memory },
}).exports as Record<string, (...a: number[]) => void>;

const CODES = { exp: 2, log: 3, tanh: 6, sigmoid: 7, expm1: 12, log1p: 13 } as const;
const REF: Record<keyof typeof CODES, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)),
  expm1: Math.expm1,
  log1p: Math.log1p,
};

function ulp(v: number, dtype: "f32" | "f64"): number {
  const a = Math.abs(v);
  if (dtype === "f32") {
    const e = Math.max(Math.floor(Math.log2(a)), -126);
    return 2 ** (e - 23);
  }
  const e = Math.max(Math.floor(Math.log2(a)), -1022);
  return 2 ** (e - 52);
}

function grid(op: keyof typeof CODES, dtype: "f32" | "f64"): Float64Array {
  const n = 1 << 20;
  const out = new Float64Array(2 * n);
  const [lo, hi] = op === "exp"
    ? dtype === "f32" ? [-87, 88] : [-708, 709]
    : op === "tanh"
    ? [-12, 12]
    : op === "expm1"
    ? (dtype === "f32" ? [-90, 88] : [-740, 709])
    : op === "sigmoid"
    ? (dtype === "f32" ? [-87, 87] : [-700, 700])
    : [0, 0];
  for (let i = 0; i < n; i++) {
    if (op === "log1p") {
      // half log-uniform over (2^-60, 2^100) (both signs below 1), half dense in (−1, 2)
      const t = 2 ** (-60 + (160 * i) / n);
      out[i] = i % 2 === 0 || t >= 1 ? t : -t;
      out[n + i] = -1 + (3 * (i + 0.5)) / n;
    } else if (op === "log") {
      // half the points log-uniform over the normal range, half dense in [0.25, 4]
      const emax = dtype === "f32" ? 126 : 1020;
      out[i] = 2 ** (-emax + (2 * emax * i) / n) * (1 + (i % 7) / 7);
      out[n + i] = 0.25 + (3.75 * i) / n;
    } else {
      out[i] = lo + ((hi - lo) * i) / n;
      out[n + i] = (i / n - 0.5) * 2; // dense in [-1, 1]
    }
  }
  return out;
}

const base = 1 << 16;
for (const dtype of ["f32", "f64"] as const) {
  for (const op of Object.keys(CODES) as (keyof typeof CODES)[]) {
    const xs = grid(op, dtype);
    const n = xs.length, es = dtype === "f32" ? 4 : 8;
    const need = base + 2 * n * es + 64;
    if (memory.buffer.byteLength < need) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    }
    const x = dtype === "f32"
      ? new Float32Array(memory.buffer, base, n)
      : new Float64Array(memory.buffer, base, n);
    x.set(xs);
    E[dtype === "f32" ? "sunary" : "dunary"](CODES[op], n, base, base + n * es);
    const y = dtype === "f32"
      ? new Float32Array(memory.buffer, base + n * es, n)
      : new Float64Array(memory.buffer, base + n * es, n);
    let maxUlp = 0, at = 0, maxAbs = 0;
    const u = dtype === "f32" ? 2 ** -24 : 2 ** -53;
    for (let i = 0; i < n; i++) {
      const r = REF[op](x[i]);
      const err = Math.abs(y[i] - r);
      if (Math.abs(r) >= (dtype === "f32" ? 1.2e-38 : 2.3e-308)) {
        const e = err / ulp(dtype === "f32" ? Math.fround(r) : r, dtype);
        if (e > maxUlp) [maxUlp, at] = [e, x[i]];
      }
      maxAbs = Math.max(maxAbs, err / (u * (Math.abs(r) + 1)));
    }
    console.log(
      `${dtype} ${op.padEnd(8)} max ${maxUlp.toFixed(2)} ulp (at x = ${at.toPrecision(6)}), ` +
        `max |err|/(u(|ref|+1)) = ${maxAbs.toFixed(2)} over ${n} points`,
    );
  }
}
