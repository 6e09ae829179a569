/**
 * The array-kernel conformance harness: every backend of the contract (`Kernels<B>` in
 * src/backend/types.ts) — host backends on typed arrays and `webgpu` on GPU buffers — runs the
 * same test body, which uploads its inputs, calls the kernels, and reads the outputs back with
 * the contract's one asynchronous entry, `read`. Results are compared with the `cpu` reference.
 *
 * @module
 */
import type { DType, Kernels, TypedArray } from "../../src/backend/mod.ts";
import { cases } from "./backends.ts";
import { requestGpu } from "../../src/backend/webgpu/mod.ts";

/** Units in the last place allowed per transcendental evaluation, by backend family. */
export interface UlpBudget {
  /** exp, log, sin, tanh, pow, ... (a few ulp for good SIMD polynomials). */
  transcendental: number;
}

/** An open backend: its kernels, an upload function, and how to close it. */
export interface Session<B = unknown> {
  /** The kernels under test. */
  be: Kernels<B>;
  /** A buffer of this backend holding a copy of `a` (in the session's dtype). */
  upload(a: TypedArray): B;
  /** Host backends share numerics with the reference up to SIMD polynomials; WGSL is looser. */
  ulps: UlpBudget;
  /** True where IEEE special values (NaN, ±∞, −0) must behave as on cpu (host backends). */
  ieee: boolean;
  /** Releases the device (no-op on host). */
  close(): Promise<void> | void;
}

/** One configuration under test. */
export interface KernelCase {
  /** Name in test titles. */
  label: string;
  /** Element type of every buffer. */
  dtype: DType;
  /** Opens the backend (selects the kernel build, requests the device). */
  open(): Promise<Session>;
}

/**
 * Every (backend, dtype) pair with array kernels: cpu, wasm (both builds) and webgpu (f32; in CI
 * the llvmpipe software adapter). A machine without WebGPU fails the webgpu cases with
 * `GpuUnavailableError`, saying what to install.
 */
export function kernelCases(): KernelCase[] {
  const out: KernelCase[] = [];
  for (const tc of cases()) {
    out.push({
      label: tc.label,
      dtype: tc.dtype,
      open: async () => {
        await tc.setup();
        const F = tc.dtype === "f32" ? Float32Array : Float64Array;
        return {
          be: tc.backend as Kernels<unknown>,
          upload: (a: TypedArray) => F.from(a),
          ulps: { transcendental: 8 },
          ieee: true,
          close: () => tc.teardown(),
        };
      },
    });
  }
  out.push({
    label: "webgpu",
    dtype: "f32",
    open: async () => {
      const gpu = await requestGpu();
      return {
        be: gpu.backend as Kernels<unknown>,
        upload: (a: TypedArray) => {
          const s = gpu.alloc(a.length);
          if (a.length > 0) gpu.writeBuffer(s.buffer, Float32Array.from(a));
          return s;
        },
        // WGSL promises a few ulp for exp/log; tanh, expm1, erf, pow are composed from them
        ulps: { transcendental: 32 },
        ieee: false,
        close: () => gpu.destroy(),
      };
    },
  });
  return out;
}

/** Runs `body` with an open session, closing it afterwards. */
export function withSession(
  kc: KernelCase,
  body: (s: Session) => Promise<void>,
): () => Promise<void> {
  return async () => {
    const s = await kc.open();
    try {
      await body(s);
    } finally {
      await s.close();
    }
  };
}
