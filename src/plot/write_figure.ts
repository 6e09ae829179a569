/**
 * Write a figure as `name.svg` and `name.png` into a directory.
 * @module
 */
import { join } from "node:path";
import { type PlotSpec, renderSvg } from "./svg.ts";
import { svgToPng } from "./png.ts";

async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Paths written by {@link writeFigure}. */
export interface FigureFiles {
  /** Path of the SVG written. */
  svgPath: string;
  /** Path of the PNG written. */
  pngPath: string;
  /** PNG width in pixels. */
  widthPx: number;
  /** PNG height in pixels. */
  heightPx: number;
}

/**
 * Render `spec` (Observable Plot options) to `<dir>/<name>.svg` and `<dir>/<name>.png` (PNG at 2×
 * the SVG size unless `widthPx` is given). `name` must be a plain file stem.
 */
export async function writeFigure(
  dir: string,
  name: string,
  options: { spec: PlotSpec; widthPx?: number },
): Promise<FigureFiles> {
  if (typeof name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) {
    throw new Error(
      `writeFigure: argument "name" must be a file stem of letters, digits, "_", "-", ".", got ${
        JSON.stringify(name)
      }`,
    );
  }
  const svg = renderSvg(options.spec);
  const img = await svgToPng(svg, { widthPx: options.widthPx });
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  // Temp file then rename: a figure is never left truncated (full disk, killed process).
  await writeFileAtomic(svgPath, new TextEncoder().encode(svg));
  await writeFileAtomic(pngPath, img.png);
  return { svgPath, pngPath, widthPx: img.widthPx, heightPx: img.heightPx };
}
