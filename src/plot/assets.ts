/**
 * Binary assets the PNG renderer needs, imported as bytes so that they travel with the module
 * graph: `deno run` reads them from `node_modules`, `deno bundle` inlines them as base64 and
 * `deno compile` embeds them. No system font and no network is needed at run time.
 *
 * Needs `"unstable": ["raw-imports"]` in deno.json (set for this repository); bundled output
 * runs without the flag.
 * @module
 */
import resvgWasmBytes from "@resvg/resvg-wasm/index_bg.wasm" with { type: "bytes" };
import dejaVuSansBytes from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf" with { type: "bytes" };
import { initWasm } from "@resvg/resvg-wasm";

/** Font family name of the shipped font (DejaVu Sans 2.37, Bitstream Vera license). */
export const FONT_FAMILY = "DejaVu Sans";

/** The shipped TrueType font, DejaVu Sans 2.37 (bytes of DejaVuSans.ttf). */
export const fontBytes: Uint8Array = dejaVuSansBytes;

let ready: Promise<void> | undefined;

/**
 * Initialize the resvg WebAssembly module once per process (idempotent; later calls return the
 * same promise).
 */
export function ensureResvg(): Promise<void> {
  ready ??= initWasm(resvgWasmBytes);
  return ready;
}
