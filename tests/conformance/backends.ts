/**
 * What the conformance suite runs over: every backend in this list × every dtype it declares,
 * against the `cpu` backend. Adding a backend is one line here.
 *
 * @module
 */
import { getBackend, useKernelVariant } from "../../src/backend/mod.ts";
import type { Backend, BackendName, DType, TypedArray } from "../../src/backend/mod.ts";

/** Backends under test (cpu is included: its semantics checks must hold too). */
export const BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

/** The sizes that hit SIMD widths and tile remainders (DESIGN.md §4). */
export const SIZES: readonly number[] = [0, 1, 3, 4, 5, 15, 16, 17, 127, 128, 129];

/** One configuration under test: a backend and dtype, with set-up/tear-down around each test. */
export interface TestCase {
  backend: Backend;
  dtype: DType;
  /** Name in test titles (the wasm backend runs once per kernel build). */
  label: string;
  /** Runs before the test body (e.g. selects a kernel build). */
  setup: () => Promise<void>;
  /** Runs after the test body, also when it failed. */
  teardown: () => Promise<void>;
}

const noop = () => Promise.resolve();

/**
 * Every (backend, dtype) pair under test; the wasm backend appears twice, with its relaxed-SIMD
 * build (`wasm`) and its plain-SIMD fallback build (`wasm/simd`).
 */
export function cases(): TestCase[] {
  const out: TestCase[] = [];
  for (const name of BACKENDS) {
    const backend = getBackend(name);
    for (const dtype of backend.dtypes) {
      if (name === "wasm") {
        out.push({ backend, dtype, label: "wasm", setup: noop, teardown: noop });
        out.push({
          backend,
          dtype,
          label: "wasm/simd",
          setup: () => useKernelVariant("simd"),
          teardown: () => useKernelVariant("auto"),
        });
      } else out.push({ backend, dtype, label: name, setup: noop, teardown: noop });
    }
  }
  return out;
}

/** Wraps a test body in the case's set-up and tear-down. */
export function withCase(c: TestCase, body: () => void): () => Promise<void> {
  return async () => {
    await c.setup();
    try {
      body();
    } finally {
      await c.teardown();
    }
  };
}

/** The cpu oracle. */
export const oracle: Backend = getBackend("cpu");

/**
 * Deterministic test data: `len` values in (-1, 1) from a fixed integer hash of
 * `(seed, index)` (no hidden random state; data need not be random, only irregular).
 */
export function fill(dtype: DType, len: number, seed: number): TypedArray {
  const a = dtype === "f32" ? new Float32Array(len) : new Float64Array(len);
  for (let i = 0; i < len; i++) {
    let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(seed + 7, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
    a[i] = (h >>> 0) / 2147483648 - 1;
  }
  return a;
}

/** Unit roundoff of a dtype. */
export function unitRoundoff(dtype: DType): number {
  return dtype === "f32" ? 2 ** -24 : 2 ** -53;
}

/**
 * Asserts `|actual[i] - expected[i]| ≤ tol[i]` for all i (NaN only where expected is NaN),
 * naming the first violation.
 */
export function assertWithin(
  actual: TypedArray,
  expected: TypedArray,
  tol: ArrayLike<number>,
  what: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol[i])) {
      throw new Error(`${what}: index ${i}: got ${a}, expected ${e} (tolerance ${tol[i]})`);
    }
  }
}
