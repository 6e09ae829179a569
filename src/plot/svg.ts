/**
 * Observable Plot → standalone SVG string, without a browser: linkedom provides the DOM.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { FONT_FAMILY } from "./assets.ts";

/** Options for a figure: Observable Plot's own plot options. */
export type PlotSpec = Plot.PlotOptions;

const SVG_NS = "http://www.w3.org/2000/svg";

// deno-lint-ignore no-explicit-any
type El = any;

function newDocument(): El {
  // deno-lint-ignore no-explicit-any
  return (parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as any).document;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Greedy word wrap of `text` into lines of at most `perLine` characters. */
function wrapText(text: string, perLine: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (cur !== "" && cur.length + 1 + word.length > perLine) {
      lines.push(cur);
      cur = word;
    } else cur = cur === "" ? word : `${cur} ${word}`;
  }
  if (cur !== "") lines.push(cur);
  return lines;
}

/** Set explicit fonts and colours on every element that names a font (Plot uses system-ui). */
function fixFonts(svg: El): void {
  svg.setAttribute("font-family", FONT_FAMILY);
  for (const el of svg.querySelectorAll("[font-family]")) {
    el.setAttribute("font-family", FONT_FAMILY);
  }
  svg.setAttribute("color", "black");
  svg.setAttribute("xmlns", SVG_NS);
}

function ordinalLegend(
  domain: readonly unknown[],
  range: readonly string[],
  widthPx: number,
  rowHeightPx: number,
): { markup: string; heightPx: number } {
  const items: string[] = [];
  let x = 0;
  let y = 0;
  const charPx = 6.5;
  for (let i = 0; i < domain.length; i++) {
    const label = String(domain[i]);
    const w = 15 + 6 + label.length * charPx + 16;
    if (x > 0 && x + w > widthPx) {
      x = 0;
      y += rowHeightPx;
    }
    const color = range[i % range.length];
    items.push(
      `<g transform="translate(${x},${y})"><rect width="15" height="15" fill="${color}"/>` +
        `<text x="21" y="12" font-size="11" font-family="${FONT_FAMILY}" fill="black" ` +
        `text-anchor="start">` +
        `${escapeXml(label)}</text></g>`,
    );
    x += w;
  }
  return { markup: items.join(""), heightPx: y + rowHeightPx };
}

interface RampScale {
  domain: number[];
  label?: string;
  apply?: (v: number) => string;
}

/** A continuous colour legend: a 240 px gradient bar with the domain ends and midpoint. */
function rampLegend(scale: RampScale): string | undefined {
  const d = scale.domain;
  if (!Array.isArray(d) || d.length < 2 || typeof scale.apply !== "function") return undefined;
  const lo = Number(d[0]);
  const hi = Number(d[d.length - 1]);
  const stops: string[] = [];
  for (let i = 0; i <= 16; i++) {
    const v = lo + ((hi - lo) * i) / 16;
    stops.push(`<stop offset="${(i / 16).toFixed(4)}" stop-color="${scale.apply(v)}"/>`);
  }
  const fmt = (v: number) => String(+v.toPrecision(3));
  const label = scale.label ? escapeXml(String(scale.label)) : "";
  const text = (x: number, v: string, anchor: string) =>
    `<text x="${x}" y="34" font-size="10" font-family="${FONT_FAMILY}" fill="black" ` +
    `text-anchor="${anchor}">${v}</text>`;
  return `<defs><linearGradient id="saddle-ramp">${stops.join("")}</linearGradient></defs>` +
    (label
      ? `<text x="0" y="9" font-size="11" font-family="${FONT_FAMILY}" fill="black" ` +
        `text-anchor="start">${label}</text>`
      : "") +
    `<rect x="0" y="12" width="240" height="10" fill="url(#saddle-ramp)"/>` +
    text(0, fmt(lo), "start") + text(120, fmt((lo + hi) / 2), "middle") +
    text(240, fmt(hi), "end");
}

/**
 * Render Plot options to a standalone SVG document string (with xmlns, explicit font family
 * "DejaVu Sans", black text on a white background). A colour legend requested with
 * `color: {legend: true}` is drawn as SVG swatches above the chart (ordinal scales) or as Plot's
 * gradient bar (continuous scales), so the result is always a single `<svg>`.
 */
export function renderSvg(options: PlotSpec): string {
  const document = newDocument();
  const colorOpt = options.color as { legend?: boolean } | undefined;
  const wantLegend = colorOpt?.legend === true;
  const { title, subtitle, caption, ...rest } = options;
  const opts: PlotSpec = {
    ...rest,
    style: { background: "white", color: "black", fontFamily: FONT_FAMILY },
    // deno-lint-ignore no-explicit-any
    document: document as any,
  };
  if (wantLegend) opts.color = { ...options.color, legend: false };
  const node: El = Plot.plot(opts);
  let svg: El = node;
  if (node.tagName.toLowerCase() !== "svg") {
    // A <figure> (title/caption/legend): keep the largest <svg>.
    let best: El = null;
    let bestArea = -1;
    for (const s of node.querySelectorAll("svg")) {
      const area = Number(s.getAttribute("width") ?? 0) * Number(s.getAttribute("height") ?? 0);
      if (area > bestArea) {
        best = s;
        bestArea = area;
      }
    }
    if (best === null) throw new Error("renderSvg: Plot returned no <svg> element");
    svg = best;
  }
  fixFonts(svg);
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  let inner = svg.innerHTML as string;
  let top = 0;
  const headerParts: string[] = [];
  if (typeof title === "string") {
    headerParts.push(
      `<text x="10" y="18" font-size="14" font-weight="bold" font-family="${FONT_FAMILY}" ` +
        `fill="black" text-anchor="start">${escapeXml(title)}</text>`,
    );
    top += 24;
  }
  if (typeof subtitle === "string") {
    headerParts.push(
      `<text x="10" y="${top + 14}" font-size="11" font-family="${FONT_FAMILY}" ` +
        `fill="#444" text-anchor="start">${escapeXml(subtitle)}</text>`,
    );
    top += 20;
  }
  if (wantLegend) {
    // deno-lint-ignore no-explicit-any
    const scale = (node as any).scale("color") as
      | { type: string; domain: unknown[]; range: string[] }
      | undefined;
    if (scale !== undefined) {
      if (scale.type === "ordinal" || scale.type === "categorical") {
        const leg = ordinalLegend(scale.domain, scale.range, width - 20, 20);
        headerParts.push(`<g transform="translate(10,${top + 4})">${leg.markup}</g>`);
        top += leg.heightPx + 6;
      } else {
        const leg = rampLegend({
          ...(scale as unknown as RampScale),
          label: (options.color as { label?: string }).label ??
            (scale as unknown as RampScale).label,
        });
        if (leg !== undefined) {
          headerParts.push(`<g transform="translate(10,${top + 4})">${leg}</g>`);
          top += 46;
        }
      }
    }
  }
  if (top > 0) inner = `<g transform="translate(0,${top})">${inner}</g>`;
  // The caption (a key and notes) below the chart, wrapped to the figure width.
  const footer: string[] = [];
  let bottom = 0;
  if (typeof caption === "string" && caption.trim() !== "") {
    const perLine = Math.max(20, Math.floor((width - 20) / 6.3));
    for (const line of wrapText(caption, perLine)) {
      footer.push(
        `<text x="10" y="${height + top + bottom + 14}" font-size="11" ` +
          `font-family="${FONT_FAMILY}" fill="#333" text-anchor="start">${escapeXml(line)}</text>`,
      );
      bottom += 15;
    }
    bottom += 6;
  }
  const totalH = height + top + bottom;
  return `<svg xmlns="${SVG_NS}" width="${width}" height="${totalH}" ` +
    `viewBox="0 0 ${width} ${totalH}" font-family="${FONT_FAMILY}" font-size="10" ` +
    `text-anchor="middle" fill="currentColor" color="black">` +
    `<rect width="100%" height="100%" fill="white"/>${headerParts.join("")}${inner}` +
    `${footer.join("")}</svg>`;
}
