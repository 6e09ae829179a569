/**
 * Device storage: how an {@link NDArray} can live on an accelerator (WebGPU) while keeping one
 * array type for users. A device array carries its storage, and the storage names the backend
 * (the kernel contract of src/backend/types.ts) that owns it — so src/array dispatches every
 * operation through `backendOf` without importing any GPU module, and nothing registers itself on
 * import. Host-only operations (a JS closure in `map`, `dataSync`) on a device array throw
 * {@link DeviceArrayError}; nothing silently copies to host.
 * @module
 */
import type { Backend, DType, TypedArray } from "../backend/types.ts";

/** The storage of an array that lives on a device: a buffer of its backend. */
export interface DeviceStorage {
  /** Element type (WebGPU: always f32). */
  readonly dtype: DType;
  /** Capacity in elements. */
  readonly length: number;
  /** The backend that owns this storage and runs every kernel on it. */
  readonly backend: Backend<DeviceStorage>;
  /** True once {@link DeviceStorage.release} ran; any use afterwards throws. */
  readonly released: boolean;
  /** Read the whole storage back to the host (async; waits for queued work). */
  read(): Promise<TypedArray>;
  /** Return the memory to the device's pool now (deterministic free). */
  release(): void;
}

/** A host-only operation was asked of an array that lives on a device. */
export class DeviceArrayError extends Error {
  /** Build `fn: <what> is not available for arrays on <device>; <hint>`. */
  constructor(fn: string, device: string, hint: string) {
    super(`${fn}: not available for arrays on ${device}; ${hint}`);
    this.name = "DeviceArrayError";
  }
}
