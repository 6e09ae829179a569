/**
 * Device storage on a WebGPU buffer: f32 elements, read back asynchronously through a mapped
 * staging buffer, returned to the device's pool by `release()` (all views share it).
 * @module
 */
import type { DeviceStorage } from "../../array/device.ts";
import type { GpuBackend } from "./gpu_backend.ts";
import type { Gpu } from "./gpu.ts";

/** An f32 array's storage in a pooled GPU buffer. */
export class GpuStorage implements DeviceStorage {
  /** Always f32 on WebGPU. */
  readonly dtype = "f32" as const;
  /** Capacity in elements. */
  readonly length: number;
  #gpu: Gpu;
  #buffer: GPUBuffer | null;

  /** Wrap a pooled buffer of at least `length` f32 elements. */
  constructor(gpu: Gpu, buffer: GPUBuffer, length: number) {
    this.#gpu = gpu;
    this.#buffer = buffer;
    this.length = length;
  }

  /** The device's kernels (the backend contract on this GPU). */
  get backend(): GpuBackend {
    return this.#gpu.backend;
  }

  /** True once released. */
  get released(): boolean {
    return this.#buffer === null;
  }

  /** The GPU buffer; throws if the storage was released. */
  get buffer(): GPUBuffer {
    if (this.#buffer === null) {
      throw new Error("webgpu: this array's GPU storage was released (use after free)");
    }
    return this.#buffer;
  }

  /** Copy the elements back to the host (waits for queued work on this buffer). */
  async read(): Promise<Float32Array> {
    this.#gpu.checkAlive("read");
    this.#gpu.flush();
    const bytes = Math.max(4, this.length * 4);
    const staging = this.#gpu.device.createBuffer({
      size: Math.ceil(bytes / 4) * 4,
      usage: 0x1 /* MAP_READ */ | 0x8, /* COPY_DST */
    });
    const enc = this.#gpu.device.createCommandEncoder();
    enc.copyBufferToBuffer(this.buffer, 0, staging, 0, staging.size);
    this.#gpu.device.queue.submit([enc.finish()]);
    await staging.mapAsync(0x1 /* READ */);
    this.#gpu.checkAlive("read");
    const out = new Float32Array(staging.getMappedRange().slice(0, this.length * 4));
    staging.unmap();
    staging.destroy();
    return out;
  }

  /** Return the buffer to the pool now. Releasing twice is a no-op. */
  release(): void {
    if (this.#buffer === null) return;
    this.#gpu.pool.release(this.#buffer);
    this.#buffer = null;
  }
}
