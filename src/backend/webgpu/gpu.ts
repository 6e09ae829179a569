/**
 * A WebGPU device for saddle's arrays: adapter and device set-up with a clear error when there is
 * none, the device-lost promise handled, compiled pipelines cached by source, a buffer pool, and
 * scopes that free every GPU buffer created inside them except what they return.
 *
 * WebGPU is f32 only; f64 arrays are refused with a named error (no silent downcast).
 * @module
 */
import { NDArray } from "../../array/ndarray.ts";
import { BufferPool } from "./pool.ts";
import { GpuStorage } from "./storage.ts";
import { GpuBackend } from "./gpu_backend.ts";

/** No WebGPU adapter or device could be obtained. */
export class GpuUnavailableError extends Error {
  /** Build the message with what to try. */
  constructor(reason: string) {
    super(
      `requestGpu: no WebGPU device (${reason}). Try: run Deno 2.x with -A (WebGPU is built in); ` +
        `on Linux install a Vulkan driver (Debian: mesa-vulkan-drivers for the llvmpipe software ` +
        `adapter, or the NVIDIA driver with its Vulkan ICD and libvulkan1); on a cluster node set ` +
        `VK_DRIVER_FILES to the driver's ICD json. Or use --backend=wasm.`,
    );
    this.name = "GpuUnavailableError";
  }
}

/** The GPU device was lost (destroyed, driver reset) and can no longer run work. */
export class GpuLostError extends Error {
  /** Build `fn: the WebGPU device was lost (<reason>: <message>)`. */
  constructor(fn: string, info: { reason: string; message: string }) {
    super(`${fn}: the WebGPU device was lost (${info.reason}: ${info.message})`);
    this.name = "GpuLostError";
  }
}

/** What the adapter says about itself (recorded in run metadata). */
export interface AdapterReport {
  /** Adapter vendor. */
  vendor: string;
  /** Adapter architecture. */
  architecture: string;
  /** Adapter device name. */
  device: string;
  /** Human-readable description (e.g. `llvmpipe (LLVM 15, 256 bits)`). */
  description: string;
  /** True for a software adapter such as llvmpipe. */
  isFallbackAdapter: boolean;
  /** Largest storage buffer binding, in bytes. */
  maxStorageBufferBindingSize: number;
  /** Most invocations in one workgroup. */
  maxComputeInvocationsPerWorkgroup: number;
  /** Workgroup memory, in bytes. */
  maxComputeWorkgroupStorageSize: number;
}

/** Options of {@link requestGpu}. */
export interface GpuOptions {
  /** Adapter preference (default "high-performance"). */
  powerPreference?: GPUPowerPreference;
  /** Refuse software (fallback) adapters such as llvmpipe (default false). */
  requireHardware?: boolean;
}

const MAX_GROUPS = 65535;
/** Dispatches recorded before a batch is submitted. */
export const MAX_BATCH = 256;
/** Capacity of a batch's parameter arena, in u32 (256 KiB). */
const ARENA_U32 = 65536;

/** Dispatches recorded but not yet submitted, with their parameter arena. */
interface Batch {
  enc: GPUCommandEncoder;
  pass: GPUComputePassEncoder;
  arena: Uint32Array;
  arenaBuf: GPUBuffer;
  used: number;
  count: number;
}

/** A WebGPU device with saddle's pool, pipeline cache and array operations. */
export class Gpu {
  /** The WebGPU device. */
  readonly device: GPUDevice;
  /** What the adapter reported. */
  readonly adapter: AdapterReport;
  /** Recycled storage buffers. */
  readonly pool: BufferPool;
  /** The backend-contract kernels of this device (carried by every array it stores). */
  readonly backend: GpuBackend;
  #pipelines = new Map<string, GPUComputePipeline>();
  #scopes: Set<GpuStorage>[] = [];
  #lost: GPUDeviceLostInfo | null = null;
  #error: string | null = null;
  #destroyed = false;
  #batch: Batch | null = null;

  /** Wrap an adapter's device (use {@link requestGpu}). */
  constructor(device: GPUDevice, adapter: AdapterReport) {
    this.device = device;
    this.adapter = adapter;
    this.pool = new BufferPool(device);
    this.backend = new GpuBackend(this);
    device.lost.then((info) => {
      this.#lost = info;
    });
    device.addEventListener("uncapturederror", (e) => {
      this.#error ??= (e as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** Bytes of GPU storage currently handed out (not counting the pool's free lists). */
  get liveBytes(): number {
    return this.pool.liveBytes;
  }

  /**
   * Throw {@link GpuLostError} if the device is gone, or an Error carrying the first WebGPU
   * validation error (a bad shader or binding) reported since the device was created.
   */
  checkAlive(fn: string): void {
    if (this.#error) throw new Error(`${fn}: WebGPU reported an error: ${this.#error}`);
    if (this.#lost) throw new GpuLostError(fn, this.#lost);
    if (this.#destroyed) {
      throw new GpuLostError(fn, { reason: "destroyed", message: "Gpu.destroy() was called" });
    }
  }

  /** The compute pipeline for a WGSL source (compiled once, then cached). */
  pipeline(code: string): GPUComputePipeline {
    let p = this.#pipelines.get(code);
    if (!p) {
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({
        layout: "auto",
        compute: { module, entryPoint: "main" },
      });
      this.#pipelines.set(code, p);
    }
    return p;
  }

  /** Number of distinct pipelines compiled so far. */
  get pipelineCount(): number {
    return this.#pipelines.size;
  }

  /** Allocate device storage for `n` f32 elements (registered with the innermost scope). */
  alloc(n: number): GpuStorage {
    this.checkAlive("alloc");
    const s = new GpuStorage(this, this.pool.acquire(Math.max(4, n * 4)), n);
    this.#scopes.at(-1)?.add(s);
    return s;
  }

  /**
   * Place small u32 data (kernel parameters, offset tables, indices) in the current batch's
   * arena and return its binding. The arena is written once, just before the batch is submitted.
   */
  scratch(data: Uint32Array | Int32Array): GPUBufferBinding {
    const align = this.device.limits.minStorageBufferOffsetAlignment / 4;
    const len = Math.max(4, data.length);
    let b = this.#batch;
    if (b && Math.ceil(b.used / align) * align + len > b.arena.length) {
      this.flush();
      b = null;
    }
    b ??= this.#openBatch(len);
    const at = Math.ceil(b.used / align) * align;
    b.arena.set(data, at);
    b.used = at + len;
    return { buffer: b.arenaBuf, offset: at * 4, size: len * 4 };
  }

  #openBatch(minLen: number): Batch {
    const cap = Math.max(ARENA_U32, minLen);
    const enc = this.device.createCommandEncoder();
    this.#batch = {
      enc,
      pass: enc.beginComputePass(),
      arena: new Uint32Array(cap),
      arenaBuf: this.pool.acquire(cap * 4),
      used: 0,
      count: 0,
    };
    return this.#batch;
  }

  /**
   * Run `code` over `buffers` (bound at 0, 1, ... in order) with a trailing u32 parameter array,
   * on `threads` threads in groups of `perGroup` (or an explicit workgroup grid).
   *
   * Dispatches are recorded into one compute pass and submitted together (at most
   * {@link MAX_BATCH} at a time): a submit per kernel cost ~0.7 ms each on llvmpipe. Anything
   * that must observe queue order against recorded work — a `writeBuffer`, a readback,
   * `sync()` — calls {@link Gpu.flush} first.
   */
  dispatch(
    code: string,
    buffers: (GPUBuffer | GPUBufferBinding)[],
    params: Uint32Array,
    grid: { threads: number; perGroup: number } | [number, number, number],
  ): void {
    this.checkAlive("dispatch");
    let groups: [number, number, number];
    if (Array.isArray(grid)) groups = grid;
    else {
      const g = Math.ceil(grid.threads / grid.perGroup);
      if (g === 0) return;
      groups = g <= MAX_GROUPS ? [g, 1, 1] : [MAX_GROUPS, Math.ceil(g / MAX_GROUPS), 1];
    }
    const pipe = this.pipeline(code);
    const meta = this.scratch(params);
    const entries = [...buffers, meta].map((b, binding) => ({
      binding,
      resource: b instanceof GPUBuffer ? { buffer: b } : b,
    }));
    const bind = this.device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries });
    const batch = this.#batch!;
    batch.pass.setPipeline(pipe);
    batch.pass.setBindGroup(0, bind);
    batch.pass.dispatchWorkgroups(...groups);
    if (++batch.count >= MAX_BATCH) this.flush();
  }

  /** Submit the recorded dispatches (their parameter arena is written first, in queue order). */
  flush(): void {
    const b = this.#batch;
    if (!b) return;
    this.#batch = null;
    b.pass.end();
    this.device.queue.writeBuffer(
      b.arenaBuf,
      0,
      b.arena.subarray(0, Math.max(4, b.used)) as Uint32Array<ArrayBuffer>,
    );
    this.device.queue.submit([b.enc.finish()]);
    // Queue order makes reuse safe: later writes to this buffer happen after this submit.
    this.pool.release(b.arenaBuf);
  }

  /** `queue.writeBuffer` after flushing recorded work (which may still read `buffer`). */
  writeBuffer(buffer: GPUBuffer, data: Float32Array | Int32Array | Uint32Array): void {
    this.flush();
    this.device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
  }

  /** Upload a host array (f32) to this device. f64 input is refused: WebGPU is f32 only. */
  upload(x: NDArray): NDArray {
    if (x.device) {
      throw new Error(
        `toGpu: argument "x" must be a host array, got an array on ${x.device.backend.name}`,
      );
    }
    if (x.dtype !== "f32") {
      throw new Error(
        `toGpu: argument "x" must be f32 (WebGPU has no f64), got f64; convert with astype(x, "f32")`,
      );
    }
    const data = x.dataSync() as Float32Array;
    const s = this.alloc(data.length);
    if (data.length > 0) this.writeBuffer(s.buffer, data);
    return new NDArray(s, x.shape);
  }

  /**
   * Run `fn` and free every GPU buffer it allocated except those reachable from its result
   * (NDArrays, or arrays/records of them). Deterministic memory for training loops.
   */
  scope<T>(fn: () => T): T {
    const set = new Set<GpuStorage>();
    this.#scopes.push(set);
    let result: T;
    try {
      result = fn();
    } finally {
      this.#scopes.pop();
    }
    const keep = new Set<GpuStorage>();
    collectStorages(result, keep);
    for (const s of set) {
      if (keep.has(s)) this.#scopes.at(-1)?.add(s);
      else s.release();
    }
    return result;
  }

  /** Wait until all recorded and submitted work has finished. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Destroy the device and its buffers (tests call this so sanitizers stay on). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#batch = null;
    this.pool.trim();
    this.device.destroy();
  }

  /** `await using gpu = await requestGpu()` destroys the device at the end of the block. */
  [Symbol.dispose](): void {
    this.destroy();
  }
}

function collectStorages(x: unknown, out: Set<GpuStorage>): void {
  if (x instanceof NDArray) {
    if (x.device instanceof GpuStorage) out.add(x.device);
  } else if (Array.isArray(x)) { for (const e of x) collectStorages(e, out); }
  else if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) collectStorages(v, out);
  }
}

/**
 * Obtain a WebGPU device. Throws {@link GpuUnavailableError} (saying what to try) when
 * `navigator.gpu` is missing, no adapter is found, or only a software adapter exists and
 * `requireHardware` is set.
 */
export async function requestGpu(opts: GpuOptions = {}): Promise<Gpu> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new GpuUnavailableError("navigator.gpu is undefined in this runtime");
  const adapter = await gpu.requestAdapter({
    powerPreference: opts.powerPreference ?? "high-performance",
  });
  if (!adapter) throw new GpuUnavailableError("navigator.gpu.requestAdapter() returned null");
  const fallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    adapter.info?.isFallbackAdapter ?? false;
  if (opts.requireHardware && fallback) {
    throw new GpuUnavailableError(
      `only a software adapter is available: ${adapter.info.description}`,
    );
  }
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
  const info = adapter.info;
  return new Gpu(device, {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: fallback,
    maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
    maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize,
  });
}

/** Move a host f32 array to `gpu` (shorthand for `gpu.upload(x)`). */
export function toGpu(x: NDArray, gpu: Gpu): NDArray {
  return gpu.upload(x);
}

/** Read a device array back into a new host array of the same shape. */
export async function toHost(x: NDArray): Promise<NDArray> {
  const data = await x.data();
  return new NDArray(data.slice(), x.shape);
}
