/**
 * A buffer pool for one GPU device: storage buffers are recycled by size class (powers of two,
 * at least 256 bytes), so a training loop that allocates the same shapes every step reuses the
 * same buffers and device memory stays flat. `liveBytes` counts buffers handed out and not yet
 * returned; the memory test asserts it does not grow over 1000 steps.
 * @module
 */

/** Usage of every pooled storage buffer: bindable as storage, copyable both ways. */
export const STORAGE_USAGE = 0x80 /* STORAGE */ | 0x4 /* COPY_SRC */ | 0x8; /* COPY_DST */

/** Round a byte count up to its size class. */
export function sizeClass(bytes: number): number {
  let s = 256;
  while (s < bytes) s *= 2;
  return s;
}

/** Recycles GPU storage buffers by size class. */
export class BufferPool {
  #device: GPUDevice;
  #free = new Map<number, GPUBuffer[]>();
  #live = 0;
  #pooled = 0;
  #created = 0;

  /** A pool for `device`. */
  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** A buffer of at least `bytes` bytes (its `size` is the size class). */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.#free.get(size);
    let buf = list?.pop();
    if (buf) this.#pooled -= size;
    else {
      buf = this.#device.createBuffer({ size, usage: STORAGE_USAGE });
      this.#created++;
    }
    this.#live += size;
    return buf;
  }

  /** Return a buffer obtained from {@link BufferPool.acquire}. */
  release(buf: GPUBuffer): void {
    const size = buf.size;
    this.#live -= size;
    this.#pooled += size;
    const list = this.#free.get(size);
    if (list) list.push(buf);
    else this.#free.set(size, [buf]);
  }

  /** Bytes in buffers handed out and not yet released. */
  get liveBytes(): number {
    return this.#live;
  }

  /** Bytes held in the free lists for reuse. */
  get pooledBytes(): number {
    return this.#pooled;
  }

  /** Number of GPU buffers ever created by this pool. */
  get createdBuffers(): number {
    return this.#created;
  }

  /** Destroy every pooled (free) buffer. */
  trim(): void {
    for (const list of this.#free.values()) for (const b of list) b.destroy();
    this.#free.clear();
    this.#pooled = 0;
  }
}
