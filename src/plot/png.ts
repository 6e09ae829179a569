/**
 * SVG → PNG with resvg (WebAssembly) and the shipped DejaVu Sans font; works without system
 * fonts, in `deno bundle` output and in compiled binaries.
 * @module
 */
import { Resvg } from "@resvg/resvg-wasm";
import { ensureResvg, FONT_FAMILY, fontBytes } from "./assets.ts";

/** A rasterized image: PNG bytes plus the raw RGBA pixels they encode. */
export interface RasterImage {
  /** Encoded PNG file. */
  png: Uint8Array;
  /** Width in pixels. */
  widthPx: number;
  /** Height in pixels. */
  heightPx: number;
  /** Row-major RGBA8 pixels, length 4·widthPx·heightPx. */
  pixels: Uint8Array;
}

/** Options for {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Output width in pixels (height follows the aspect ratio). Default: 2× the SVG width. */
  widthPx?: number;
  /** Background colour (CSS). Default "white". */
  background?: string;
}

/**
 * Rasterize an SVG document string to PNG with resvg and the shipped font.
 * Throws a named error for an empty input or an SVG resvg cannot parse.
 */
export async function svgToPng(svg: string, options: SvgToPngOptions = {}): Promise<RasterImage> {
  if (typeof svg !== "string" || !svg.includes("<svg")) {
    throw new Error(
      `svgToPng: argument "svg" must be an SVG document string, got ${
        typeof svg === "string" ? `a string of length ${svg.length} without <svg` : typeof svg
      }`,
    );
  }
  if (
    options.widthPx !== undefined && !(Number.isInteger(options.widthPx) && options.widthPx > 0)
  ) {
    throw new Error(
      `svgToPng: option "widthPx" must be a positive integer, got ${options.widthPx}`,
    );
  }
  await ensureResvg();
  let resvg: InstanceType<typeof Resvg>;
  try {
    resvg = new Resvg(svg, {
      background: options.background ?? "white",
      fitTo: options.widthPx === undefined
        ? { mode: "zoom", value: 2 }
        : { mode: "width", value: options.widthPx },
      font: {
        fontBuffers: [fontBytes],
        loadSystemFonts: false,
        defaultFontFamily: FONT_FAMILY,
        sansSerifFamily: FONT_FAMILY,
      },
    });
  } catch (e) {
    throw new Error(`svgToPng: resvg could not parse the SVG: ${(e as Error).message ?? e}`);
  }
  try {
    const img = resvg.render();
    try {
      return {
        png: img.asPng(),
        widthPx: img.width,
        heightPx: img.height,
        pixels: new Uint8Array(img.pixels),
      };
    } finally {
      img.free();
    }
  } finally {
    resvg.free();
  }
}

/** Width and height from a PNG's IHDR chunk (throws a named error if the bytes are not a PNG). */
export function pngSize(png: Uint8Array): { widthPx: number; heightPx: number } {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) {
    throw new Error(
      `pngSize: argument "png" must start with the PNG signature, got ${png.length} bytes that do not`,
    );
  }
  const type = String.fromCharCode(png[12], png[13], png[14], png[15]);
  if (type !== "IHDR") throw new Error(`pngSize: first chunk must be IHDR, got "${type}"`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { widthPx: view.getUint32(16), heightPx: view.getUint32(20) };
}
