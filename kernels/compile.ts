/**
 * Compiles an AssemblyScript kernel file to WebAssembly bytes in memory (used by build.ts and the
 * experiments in kernels/dev/). Flags: ENVIRONMENT.md §4, plus an imported shared memory so that
 * worker threads can share one `WebAssembly.Memory`.
 *
 * @module
 */
import asc from "assemblyscript/asc";

/** Memory limits of every kernel module, in 64 KiB pages (imported, shared). */
export const KERNEL_MEMORY = { initialPages: 32, maximumPages: 32768 } as const;

/**
 * Compiles `entry` (path relative to the repository root) with `-O3 --runtime stub`, SIMD, and
 * relaxed SIMD when `relaxed` is true; returns the `.wasm` bytes.
 */
export async function compileKernel(entry: string, relaxed: boolean): Promise<Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const args = [
    entry,
    "-O3",
    "--noAssert",
    "--runtime",
    "stub",
    "--enable",
    "simd",
    ...(relaxed ? ["--enable", "relaxed-simd"] : []),
    "--enable",
    "threads",
    "--importMemory",
    "--sharedMemory",
    "--initialMemory",
    String(KERNEL_MEMORY.initialPages),
    "--maximumMemory",
    String(KERNEL_MEMORY.maximumPages),
    "--use",
    "abort=",
    "--outFile",
    "out.wasm",
  ];
  const stderr: string[] = [];
  const result = await asc.main(args, {
    writeFile(name: string, contents: Uint8Array | string) {
      out[name] = typeof contents === "string" ? new TextEncoder().encode(contents) : contents;
    },
    stderr: {
      write(s: string | Uint8Array) {
        stderr.push(typeof s === "string" ? s : new TextDecoder().decode(s));
        return true;
      },
    },
    stdout: { write: () => true },
  });
  if (result.error) {
    throw new Error(
      `compileKernel: asc failed for ${entry}: ${result.error.message}\n${stderr.join("")}`,
    );
  }
  const bytes = out["out.wasm"];
  if (!bytes) throw new Error(`compileKernel: asc produced no out.wasm for ${entry}`);
  return new Uint8Array(bytes);
}
