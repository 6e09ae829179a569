import assert from "node:assert/strict";
import { join } from "node:path";
import { lineChart } from "../plot/mod.ts";
import { type FigureSpec, parseCliArgs, redrawFigures, runScript, type ScriptSpec } from "./mod.ts";

const defaults = { n: 3, scale: 1.5, mode: "fast", tags: ["a"], seed: 0 };
const presets = { full: { n: 10, scale: 2 }, medium: { n: 5 } };
const choices = { mode: ["fast", "slow"], tags: ["a", "b"] } as const;

Deno.test("config: a preset applies first, explicit keys win, choices are checked", () => {
  const opts = { script: "toy", presets, choices };
  const a = parseCliArgs(defaults, ["--n=7", "--full"], opts);
  assert.equal(a.preset, "full");
  assert.equal(a.config.n, 7); // explicit beats the preset, wherever it appears
  assert.equal(a.config.scale, 2);
  const b = parseCliArgs(defaults, ["--preset=medium"], opts);
  assert.deepEqual([b.config.n, b.config.scale, b.preset], [5, 1.5, "medium"]);
  assert.throws(
    () => parseCliArgs(defaults, ["--preset=huge"], opts),
    /toy: unknown preset "huge" \(presets: full, medium\)/,
  );
  assert.throws(() => parseCliArgs(defaults, ["--full", "--preset=medium"], opts), /one preset/);
  assert.throws(
    () => parseCliArgs(defaults, ["--mode=medium"], opts),
    /"mode" must be one of "fast", "slow", got "medium"/,
  );
  assert.throws(() => parseCliArgs(defaults, ["--tags=a,c"], opts), /"tags" must be one of/);
  // without presets, --full is an unknown key
  assert.throws(() => parseCliArgs(defaults, ["--full"], { script: "toy" }), /unknown key/);
});

function figures(results: { points: { x: number; y: number }[] }, cfg: typeof defaults) {
  const out: FigureSpec[] = [{
    name: "curve",
    plot: lineChart({ data: results.points.map((p) => ({ ...p, y: p.y * cfg.scale })) }),
  }];
  return out;
}

Deno.test("scripts: figures are drawn from stored results and redrawn without rerunning", async () => {
  const dir = await Deno.makeTempDir({ prefix: "script_test_" });
  let runs = 0;
  const spec: ScriptSpec<typeof defaults> = {
    name: "toy",
    description: "toy",
    defaults,
    help: { n: "points", scale: "y scale", mode: "m", tags: "t", seed: "seed" },
    presets,
    choices,
    main: async (cfg, ctx) => {
      runs++;
      for (let i = 0; i < cfg.n; i++) await ctx.results.append("points", { x: i, y: i * i });
    },
    // deno-lint-ignore no-explicit-any
    figures: figures as any,
  };
  try {
    const out = join(dir, "run");
    await runScript(spec, ["--full", "--n=4", `--out=${out}`, "--quiet"]);
    const cfg = JSON.parse(await Deno.readTextFile(join(out, "config.json")));
    assert.deepEqual([cfg.n, cfg.scale], [4, 2]); // the effective config is recorded
    const svg1 = await Deno.readTextFile(join(out, "curve.svg"));
    await Deno.remove(join(out, "curve.svg"));
    await Deno.remove(join(out, "curve.png"));
    assert.deepEqual(await redrawFigures(spec, out, { quiet: true }), ["curve"]);
    assert.equal(runs, 1); // redraw never calls main
    assert.equal(await Deno.readTextFile(join(out, "curve.svg")), svg1);
    assert.ok((await Deno.stat(join(out, "curve.png"))).size > 500);
    await assert.rejects(() => redrawFigures(spec, dir, { quiet: true }), /config.json not found/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
