/**
 * Backends by name. Nothing registers itself on import: the table below is the
 * whole list, and asking for a backend that this build lacks throws
 * {@linkcode UnknownBackendError}; there is no silent fallback.
 *
 * @module
 */
import { cpuBackend } from "./cpu/cpu_backend.ts";
import { wasmBackend } from "./wasm/wasm_backend.ts";
import type { Backend, BackendName } from "./types.ts";

/** Thrown when a backend name is unknown or the backend is not available in this build. */
export class UnknownBackendError extends Error {
  /** The name that was asked for. */
  readonly backend: string;
  /**
   * Creates the error.
   *
   * @param backend the requested name
   * @param message what went wrong
   */
  constructor(backend: string, message: string) {
    super(message);
    this.name = "UnknownBackendError";
    this.backend = backend;
  }
}

/** Every name in {@linkcode BackendName}, in order of preference for documentation. */
export const backendNames: readonly BackendName[] = Object.freeze(["cpu", "wasm", "webgpu"]);

/**
 * The providers. Typed over every {@linkcode BackendName} so a new name cannot be forgotten; an
 * `undefined` entry is a backend that is not part of this build.
 *
 * `webgpu` implements the same contract over its own buffers (`Kernels<GpuStorage>`), but one
 * per device: it needs a device first, so it is not served here (this registry hands out the
 * host backends, whose buffers are typed arrays). Asking for it says how to use it instead
 * (src/backend/webgpu: `requestGpu()` gives `gpu.backend`; `toGpu(x, gpu)` moves an array there,
 * after which every array operation dispatches to it).
 */
const providers: { [N in BackendName]: (() => Backend) | undefined } = {
  cpu: () => cpuBackend,
  wasm: () => wasmBackend,
  webgpu: () => {
    throw new UnknownBackendError(
      "webgpu",
      "backend webgpu is one per device, not a host backend: create a device with " +
        "requestGpu() (its kernels are gpu.backend) and move arrays there with toGpu(x, gpu); " +
        "array operations on them then run as WGSL kernels (see src/backend/webgpu)",
    );
  },
};

let defaultName: BackendName = "wasm";

/**
 * The backend called `name`.
 *
 * @throws UnknownBackendError if `name` is not a {@linkcode BackendName} or that backend is not
 * available in this build (e.g. `"backend webgpu is not available in this build"`).
 */
export function getBackend(name: BackendName): Backend {
  if (typeof name !== "string" || !(backendNames as readonly string[]).includes(name)) {
    throw new UnknownBackendError(
      String(name),
      `getBackend: argument "name" must be one of ${backendNames.join(", ")}, got ${
        typeof name === "string" ? JSON.stringify(name) : String(name)
      }`,
    );
  }
  const provide = providers[name];
  if (provide === undefined) {
    throw new UnknownBackendError(name, `backend ${name} is not available in this build`);
  }
  return provide();
}

/**
 * Makes `name` the backend returned by {@linkcode defaultBackend} (process-wide). Validates
 * eagerly: an unavailable backend throws here, not at the first kernel call.
 */
export function setDefaultBackend(name: BackendName): void {
  getBackend(name);
  defaultName = name;
}

/** The current default backend (`wasm` unless changed by {@linkcode setDefaultBackend}). */
export function defaultBackend(): Backend {
  return getBackend(defaultName);
}

/** The name of the current default backend. */
export function defaultBackendName(): BackendName {
  return defaultName;
}
