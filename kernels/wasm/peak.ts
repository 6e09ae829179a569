// FMA-throughput microbenchmark: 12 independent multiply-add chains on v128 registers (enough to
// cover FMA latency × throughput on current x86 cores). Each iteration is 12 FMAs:
// f32: 12·4·2 = 96 FLOP, f64: 12·2·2 = 48 FLOP. Used by bench/gemm.ts to measure the
// 128-bit WASM SIMD peak of the machine.
import { fmaF32, fmaF64 } from "./simd";

/** Runs `iters` iterations of 12 f32x4 FMA chains c ← c·mul + add; returns a lane sum so nothing is dead code. */
export function peakF32(iters: i32, seed: f32, mul: f32, add: f32): f32 {
  // mul and add are runtime values: as constants, V8 would re-materialize each v128.const
  // in the loop and measure that instead of FMA throughput
  const m = f32x4.splat(mul);
  const d = f32x4.splat(add);
  let c0 = f32x4.splat(seed), c1 = f32x4.splat(seed + 1), c2 = f32x4.splat(seed + 2), c3 = f32x4.splat(seed + 3);
  let c4 = f32x4.splat(seed + 4), c5 = f32x4.splat(seed + 5), c6 = f32x4.splat(seed + 6), c7 = f32x4.splat(seed + 7);
  let c8 = f32x4.splat(seed + 8), c9 = f32x4.splat(seed + 9), c10 = f32x4.splat(seed + 10), c11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iters; i++) {
    c0 = fmaF32(c0, m, d); c1 = fmaF32(c1, m, d); c2 = fmaF32(c2, m, d); c3 = fmaF32(c3, m, d);
    c4 = fmaF32(c4, m, d); c5 = fmaF32(c5, m, d); c6 = fmaF32(c6, m, d); c7 = fmaF32(c7, m, d);
    c8 = fmaF32(c8, m, d); c9 = fmaF32(c9, m, d); c10 = fmaF32(c10, m, d); c11 = fmaF32(c11, m, d);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7))),
    f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** Runs `iters` iterations of 12 f64x2 FMA chains c ← c·mul + add; returns a lane sum so nothing is dead code. */
export function peakF64(iters: i32, seed: f64, mul: f64, add: f64): f64 {
  // mul and add are runtime values: as constants, V8 would re-materialize each v128.const
  // in the loop and measure that instead of FMA throughput
  const m = f64x2.splat(mul);
  const d = f64x2.splat(add);
  let c0 = f64x2.splat(seed), c1 = f64x2.splat(seed + 1), c2 = f64x2.splat(seed + 2), c3 = f64x2.splat(seed + 3);
  let c4 = f64x2.splat(seed + 4), c5 = f64x2.splat(seed + 5), c6 = f64x2.splat(seed + 6), c7 = f64x2.splat(seed + 7);
  let c8 = f64x2.splat(seed + 8), c9 = f64x2.splat(seed + 9), c10 = f64x2.splat(seed + 10), c11 = f64x2.splat(seed + 11);
  for (let i = 0; i < iters; i++) {
    c0 = fmaF64(c0, m, d); c1 = fmaF64(c1, m, d); c2 = fmaF64(c2, m, d); c3 = fmaF64(c3, m, d);
    c4 = fmaF64(c4, m, d); c5 = fmaF64(c5, m, d); c6 = fmaF64(c6, m, d); c7 = fmaF64(c7, m, d);
    c8 = fmaF64(c8, m, d); c9 = fmaF64(c9, m, d); c10 = fmaF64(c10, m, d); c11 = fmaF64(c11, m, d);
  }
  const s = f64x2.add(
    f64x2.add(f64x2.add(f64x2.add(c0, c1), f64x2.add(c2, c3)), f64x2.add(f64x2.add(c4, c5), f64x2.add(c6, c7))),
    f64x2.add(f64x2.add(c8, c9), f64x2.add(c10, c11)),
  );
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
