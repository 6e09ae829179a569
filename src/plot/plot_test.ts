import assert from "node:assert/strict";
import { join } from "node:path";
import {
  lineChart,
  panels,
  pngSize,
  renderSvg,
  svgToPng,
  theoryVsSim,
  writeFigure,
} from "./mod.ts";

function pixelVariance(pixels: Uint8Array): number {
  // Variance of luminance over all pixels (RGBA8).
  let s = 0;
  let s2 = 0;
  const n = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const l = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
    s += l;
    s2 += l * l;
  }
  return s2 / n - (s / n) ** 2;
}

const theory = Array.from(
  { length: 50 },
  (_, i) => ({ x: 1 + i, y: 1 / (1 + i), series: "theory" }),
);
const sim = [1, 2, 4, 8, 16, 32].map((x) => ({ x, y: 1.02 / x, se: 0.05 / x, series: "sim" }));

Deno.test("theoryVsSim → SVG → PNG: size from IHDR, pixels not blank, text drawn", async () => {
  const spec = theoryVsSim({
    theory,
    sim,
    logX: true,
    logY: true,
    xLabel: "n",
    yLabel: "risk",
    title: "T",
  });
  const svg = renderSvg(spec);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="\d+"/);
  assert.match(svg, /font-family="DejaVu Sans"/);
  assert.doesNotMatch(svg, /system-ui/);
  assert.match(svg, />sim<\/text>/); // our SVG legend
  const img = await svgToPng(svg, { widthPx: 800 });
  const h = Number(/height="(\d+)"/.exec(svg)![1]);
  assert.deepEqual(pngSize(img.png), { widthPx: 800, heightPx: Math.round((h * 800) / 640) });
  assert.equal(img.pixels.length, 4 * img.widthPx * img.heightPx);
  assert.ok(pixelVariance(img.pixels) > 100, `variance ${pixelVariance(img.pixels)}`);
  // Text must rasterize with the shipped font: the title region (top-left) has dark pixels.
  let dark = 0;
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 60; x++) {
      const i = 4 * (y * img.widthPx + x);
      if (img.pixels[i] < 100) dark++;
    }
  }
  assert.ok(dark > 20, `title pixels: ${dark}`);
});

Deno.test("a blank SVG has zero pixel variance (the non-blank check can fail)", async () => {
  const img = await svgToPng(
    `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"></svg>`,
  );
  assert.deepEqual(pngSize(img.png), { widthPx: 40, heightPx: 20 });
  assert.equal(pixelVariance(img.pixels), 0);
});

Deno.test("panels: one facet per value; lineChart; writeFigure writes svg+png", async () => {
  const pts = [1, 2, 3].flatMap((w) =>
    [1, 2, 3, 4].map((x) => ({ x, y: w * x, panel: w, series: "t" }))
  );
  const svg = renderSvg(
    panels({
      theory: pts,
      sim: pts.map((p) => ({ ...p, se: 0.5, series: "s" })),
      panelLabel: "width",
    }),
  );
  for (const w of [1, 2, 3]) assert.match(svg, new RegExp(`width = ${w}<`));
  assert.throws(
    () => panels({ theory: [{ x: 1, y: 1 }], panelLabel: "w" }),
    /panels: every point must have a "panel"/,
  );
  const dir = await Deno.makeTempDir();
  try {
    const f = await writeFigure(dir, "curve", {
      spec: lineChart({
        data: pts.map((p) => ({ x: p.x, y: p.y, series: `w${p.panel}` })),
        logY: true,
      }),
      widthPx: 320,
    });
    assert.equal(f.widthPx, 320);
    const png = await Deno.readFile(join(dir, "curve.png"));
    assert.deepEqual(pngSize(png), { widthPx: 320, heightPx: f.heightPx });
    assert.match(await Deno.readTextFile(join(dir, "curve.svg")), /^<svg xmlns=/);
    await assert.rejects(
      () => writeFigure(dir, "../x", { spec: lineChart({ data: [{ x: 1, y: 1 }] }) }),
      /writeFigure: argument "name"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("continuous colour legend is drawn as an SVG gradient (Plot's ramp needs a canvas)", async () => {
  const Plot = await import("@observablehq/plot");
  const data = Array.from({ length: 10 }, (_, i) => ({ x: i, y: i, t: i / 9 }));
  const svg = renderSvg({
    color: { legend: true, type: "linear", label: "time" },
    marks: [Plot.dot(data, { x: "x", y: "y", fill: "t" })],
  });
  assert.match(svg, /<linearGradient id="saddle-ramp">(<stop [^>]+>){17}<\/linearGradient>/);
  assert.match(svg, />time<\/text>/);
  const img = await svgToPng(svg, { widthPx: 320 });
  assert.ok(pixelVariance(img.pixels) > 0);
});

Deno.test("plot helpers: bad input is a named error", async () => {
  assert.throws(() => theoryVsSim({}), /theoryVsSim: options "theory" and "sim" are both empty/);
  assert.throws(
    () => theoryVsSim({ sim: [{ x: 1, y: "a" as unknown as number }] }),
    /theoryVsSim: sim\[0\] must have numeric x and y/,
  );
  assert.throws(() => lineChart({ data: [{ x: 1, y: NaN }] }), /lineChart: no finite points/);
  await assert.rejects(() => svgToPng("hello"), /svgToPng: argument "svg" must be an SVG document/);
  await assert.rejects(
    () => svgToPng("<svg", { widthPx: 0 }),
    /option "widthPx" must be a positive integer/,
  );
  await assert.rejects(() => svgToPng("<svg><<"), /svgToPng: resvg could not parse the SVG/);
  assert.throws(
    () => pngSize(new Uint8Array(30)),
    /pngSize: argument "png" must start with the PNG signature/,
  );
});

Deno.test("theoryVsSim: a divergence breaks the line; hidden points are counted, not dropped", () => {
  // 1/(1 − τ) diverges at τ = 1: with yDomain [0, 10] the line must break into two pieces.
  const theory = Array.from({ length: 201 }, (_, i) => {
    const x = i / 100;
    return { x, y: 1 / Math.abs(1 - x) };
  });
  const spec = theoryVsSim({
    theory,
    sim: [{ x: 0.5, y: 2.1, se: 0.1 }, { x: 1.5, y: 2.0, se: 0.2 }],
    yDomain: [0, 10],
  });
  const svg = renderSvg(spec);
  // the theory line is the longest path
  const path = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1])
    .sort((a, b) => b.length - a.length)[0];
  // two "M" (move-to) commands: the line is two pieces, never bridged across τ = 1
  assert.equal((path.match(/M/g) ?? []).length, 2, path.slice(0, 200));
  assert.match(String(spec.caption), /Theory clipped at \d+ points \(outside \[0, 10\]\)/);
  assert.match(String(spec.caption), /Lines: theory\. Points with bars: simulation ± 1 SE/);
  assert.match(svg, />Lines: theory\./); // the caption is drawn below the chart
  const logSpec = theoryVsSim({
    sim: [{ x: 1, y: 0.5 }, { x: 2, y: -0.01 }, { x: 3, y: 0.2 }],
    logY: true,
  });
  assert.match(
    renderSvg(logSpec),
    /1 simulated points not drawn \(1 ≤ 0 on the log axis; smallest -0\.0100\)/,
  );
});

Deno.test("theoryVsSim: symlogY draws negative simulated values (no 'not drawn' note), readable ticks", () => {
  const sim = [{ x: 1, y: 0.5, se: 0.05 }, { x: 2, y: -0.01, se: 0.004 }, { x: 3, y: 0.2 }];
  const theory = [1, 2, 3].map((x) => ({ x, y: 0.5 ** x }));
  const spec = theoryVsSim({ theory, sim, symlogY: true, yLabel: "c" });
  const y = spec.y as { type: string; constant: number; ticks: number[] };
  assert.equal(y.type, "symlog");
  // smallest non-zero |y| is 0.01 (the negative point), a power of ten already
  assert.equal(y.constant, 0.01);
  // range [−0.014, 0.55]: 0, ±0.01, 0.1
  assert.deepEqual(y.ticks, [-0.01, 0, 0.01, 0.1]);
  assert.doesNotMatch(String(spec.caption), /not drawn/);
  const svg = renderSvg(spec);
  assert.doesNotMatch(svg, /not drawn/);
  // all three simulated points are circles in the SVG, the negative one below the zero line
  const circles = [...svg.matchAll(/<circle[^>]*cy="([-\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(circles.length, 3, svg.slice(0, 300));
  assert.equal(Math.max(...circles), circles[1]); // the negative point is the lowest one
  assert.match(svg, />−0\.01<|>-0\.01</); // the negative tick is labelled as a plain number
  // the same data on a log axis drops the negative point and says so
  const logSpec = theoryVsSim({ theory, sim, logY: true });
  assert.equal([...renderSvg(logSpec).matchAll(/<circle/g)].length, 2);
  assert.match(String(logSpec.caption), /1 simulated points not drawn/);
  // an explicit constant wins; bad options are named errors
  const c = theoryVsSim({ sim, symlogY: true, symlogConstant: 0.1 }).y as { constant: number };
  assert.equal(c.constant, 0.1);
  assert.throws(() => theoryVsSim({ sim, symlogY: true, symlogConstant: 0 }), /"symlogConstant"/);
  assert.throws(() => theoryVsSim({ sim, symlogY: true, logY: true }), /"symlogY"/);
});
