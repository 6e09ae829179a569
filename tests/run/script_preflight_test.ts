/**
 * Preflight of five paper scripts: every numeric key that is 0, −1 or NaN is refused by
 * `validate` with an error naming the key (unless the value is legal for that key), and a huge
 * size key is refused by the memory preflight before the run directory exists, naming that key.
 * Validate and the estimate only: milliseconds, no `main`.
 */
import assert from "node:assert/strict";
import { type Config, executeScript, type ScriptSpec } from "../../src/run/mod.ts";
import { spec as iclLinearAttention } from "../../scripts/icl_linear_attention.ts";
import { spec as iclDeepScaling } from "../../scripts/icl_deep_scaling.ts";
import { spec as kineticGlass } from "../../scripts/kinetic_glass.ts";
import { spec as summaryStatistics } from "../../scripts/summary_statistics.ts";
import { spec as insd } from "../../scripts/insd.ts";

// deno-lint-ignore no-explicit-any
type Spec = ScriptSpec<any>;
type Bad = 0 | -1 | "NaN";

/** The config with `key` (or its first entry, or [0][0] of a matrix) set to `v`. */
function withValue(defaults: Record<string, unknown>, key: string, v: number) {
  const d = defaults[key];
  const put = Array.isArray(d)
    ? Array.isArray(d[0]) ? [[v, ...d[0].slice(1)], ...d.slice(1)] : [v, ...d.slice(1)]
    : v;
  return { ...defaults, [key]: put };
}

/**
 * Sweep every numeric key of `spec.defaults` (numbers, number lists, number matrices) with 0, −1
 * and NaN: `validate` must throw an error naming the key (`argument "key` or `argument "key[`),
 * except for the values `legal` lists for that key, which must pass.
 */
function sweep(spec: Spec, legal: Record<string, Bad[]>): number {
  const defaults = spec.defaults as Record<string, unknown>;
  assert.doesNotThrow(() => spec.validate!(defaults), "the defaults validate");
  for (const [name, preset] of Object.entries(spec.presets ?? {})) {
    const cfg = { ...defaults, ...(preset as Record<string, unknown>) };
    assert.doesNotThrow(() => spec.validate!(cfg), `preset ${name} validates`);
    // every preset fits a 16 GB machine
    assert.ok(spec.memoryBytes!(cfg).bytes < 16e9, `preset ${name} estimate`);
  }
  let cases = 0;
  for (const [key, d] of Object.entries(defaults)) {
    const numeric = typeof d === "number" ||
      (Array.isArray(d) && (typeof d[0] === "number" || Array.isArray(d[0])));
    if (!numeric) continue;
    for (const bad of [0, -1, "NaN"] as const) {
      const cfg = withValue(defaults, key, bad === "NaN" ? NaN : bad);
      cases++;
      if (legal[key]?.includes(bad)) {
        assert.doesNotThrow(() => spec.validate!(cfg), `${spec.name} --${key}=${bad} is legal`);
        continue;
      }
      assert.throws(
        () => spec.validate!(cfg),
        (e: Error) =>
          e.message.includes(`argument "${key}"`) || e.message.includes(`argument "${key}[`),
        `${spec.name} --${key}=${bad} must be refused naming ${key}`,
      );
    }
  }
  for (const key of Object.keys(legal)) assert.ok(key in defaults, `${key} is a key`);
  return cases;
}

/** A huge `key` is refused by the memory preflight, naming it, before the run folder exists. */
async function refusesHuge(spec: Spec, over: Config, key: string) {
  const outDir = await Deno.makeTempDir();
  await Deno.remove(outDir);
  await assert.rejects(
    () => executeScript(spec, over, { outDir, quiet: true, availableBytes: 64e9 }),
    new RegExp(`${spec.name}: argument "${key}" must be small enough .* needs about`),
  );
  await assert.rejects(() => Deno.stat(outDir), Deno.errors.NotFound);
  // the defaults fit in 1 GB
  assert.ok(spec.memoryBytes!(spec.defaults).bytes < 1e9);
}

Deno.test("icl_linear_attention: every numeric key validated (0, −1, NaN)", () => {
  const n = sweep(iclLinearAttention, {
    seed: [0],
    ridgeSimLambda: [0],
    alphaRho: [0],
    pTrain: [0],
    hurtPTrain: [0],
    heatPTest: [0],
    weakFraction: [0],
    rankFractions: [0],
  });
  assert.ok(n >= 100, `${n} cases`);
});

Deno.test("icl_linear_attention: --d=1e4 refused by the memory preflight naming d", async () => {
  await refusesHuge(iclLinearAttention, { d: 1e4 }, "d");
  await refusesHuge(iclLinearAttention, { heatD: 1e10 }, "heatD");
  assert.equal(
    iclLinearAttention.memoryBytes!({ ...iclLinearAttention.defaults, chunk: 1e8 }).key,
    "chunk",
  );
  assert.equal(
    iclLinearAttention.memoryBytes!({ ...iclLinearAttention.defaults, dmmseDraws: 1e9 }).key,
    "dmmseDraws",
  );
});

Deno.test("icl_deep_scaling: every numeric key validated (0, −1, NaN), batch = 0 named", () => {
  const n = sweep(iclDeepScaling, {
    sigma2: [0],
    lrDepthPower: [0, -1],
    tailFraction: [0],
    seed: [0],
    oodThetas: [0, -1],
  });
  assert.ok(n >= 80, `${n} cases`);
  assert.throws(
    () => iclDeepScaling.validate!({ ...iclDeepScaling.defaults, batch: 0 }),
    /icl_deep_scaling: argument "batch" must be a positive integer, got 0/,
  );
});

Deno.test("icl_deep_scaling: --dim=1e6 and --modes=1e11 refused naming the key", async () => {
  await refusesHuge(iclDeepScaling, { dim: 1e6 }, "dim");
  await refusesHuge(iclDeepScaling, { modes: 1e11, lawContexts: [20, 40, 80] }, "modes");
  assert.equal(
    iclDeepScaling.memoryBytes!({ ...iclDeepScaling.defaults, batch: 1e9 }).key,
    "batch",
  );
});

Deno.test("kinetic_glass: every numeric key validated (0, −1, NaN)", () => {
  const n = sweep(kineticGlass, {
    sigma: [0],
    rhos: [0, -1],
    k3Decay: [0],
    gaussRho: [0, -1],
    sphRho: [0, -1],
    sphStrongRho: [0, -1],
    sphStrongSigma: [0],
    symLambda: [0, -1],
    seed: [0],
  });
  assert.ok(n >= 100, `${n} cases`);
});

Deno.test("kinetic_glass: --N=1e7 refused by the memory preflight naming N", async () => {
  await refusesHuge(kineticGlass, { N: 1e7 }, "N");
  await refusesHuge(kineticGlass, { pottsMcSamples: 1e11 }, "pottsMcSamples");
  await refusesHuge(kineticGlass, { experiments: ["tail"], tailNs: [1e6] }, "tailNs");
});

Deno.test("summary_statistics: every numeric key validated (0, −1, NaN)", () => {
  const n = sweep(summaryStatistics, { studentInitStd: [0], noiseStd: [0], seed: [0] });
  assert.ok(n >= 80, `${n} cases`);
});

Deno.test("summary_statistics: --N=1e7 and --testSize=1e9 refused naming the key", async () => {
  await refusesHuge(summaryStatistics, { N: 1e7 }, "N");
  await refusesHuge(summaryStatistics, { dlnHidden: 1e10 }, "dlnHidden");
  await refusesHuge(summaryStatistics, { testSize: 1e9 }, "testSize");
  await refusesHuge(summaryStatistics, { experiments: ["e1"], percN: 1e7 }, "percN");
});

Deno.test("insd: every numeric key validated (0, −1, NaN)", () => {
  const n = sweep(insd, {
    inputNoise: [0],
    pulseProb: [0],
    gains: [0],
    refIndex: [0],
    alternatives: [0],
    lambda: [0],
    lambdaWarmup: [0],
    lambdaSweep: [0],
    penaltyRidge: [0],
    analysisRidge: [0],
    solvedAccuracy: [0],
    oodNoise: [0],
    fixedPointInits: [0],
    dsaPcs: [0],
    seed: [0],
  });
  assert.ok(n >= 80, `${n} cases`);
});

Deno.test("insd: --hidden=1e6 refused by the memory preflight naming hidden", async () => {
  await refusesHuge(insd, { hidden: 1e6 }, "hidden");
  await refusesHuge(insd, { batch: 1e9 }, "batch");
  await refusesHuge(insd, { fixedPointInits: 1e10 }, "fixedPointInits");
  await refusesHuge(insd, { dsaPcs: 1e5 }, "dsaPcs");
});

Deno.test("preflight: cross-key checks name the key; a bad config leaves no run folder", async () => {
  const cases: [Spec, Record<string, unknown>, RegExp][] = [
    [
      iclLinearAttention,
      { extrapDims: [16], extrapSeeds: [10] },
      /argument "extrapDims" must be at least 2/,
    ],
    [
      iclLinearAttention,
      { extrapSeeds: [1] },
      /argument "extrapSeeds" must be an array of length 3/,
    ],
    [
      iclLinearAttention,
      { alpha: 0.01 },
      /argument "alpha" must be large enough for ℓ = round\(α·16\) ≥ 1/,
    ],
    [
      iclDeepScaling,
      { lawContexts: [20, 40, 30000] },
      /argument "lawContexts\[2\]" must be below modes = 20000/,
    ],
    [iclDeepScaling, { lawTimes: [1, 2] }, /argument "lawTimes" must be at least 3 sizes/],
    [kineticGlass, { t0: 95 }, /argument "t0" must be t0 \+ maxLag < T = 100/],
    [
      kineticGlass,
      { tailFromLag: 11 },
      /argument "tailFromLag" must be an integer in \[1, maxLag = 10\]/,
    ],
    [
      kineticGlass,
      { experiments: ["scaling"], scalingNs: [] },
      /argument "scalingNs" must be a non-empty list/,
    ],
    [
      kineticGlass,
      { gamma: [[1, 2], [2, 1]] },
      /argument "gamma\[1\]\[0\]" must be symmetric with/,
    ],
    [kineticGlass, { pottsStates: 1 }, /argument "pottsStates" must be an integer ≥ 2, got 1/],
    [
      kineticGlass,
      { designRatio: 1 },
      /argument "designRatio" must be a number in \(0, 1\), got 1/,
    ],
    [summaryStatistics, { alphaMax: 1 }, /argument "alphaMax" must be ≥ alphaStep = 5, got 1/],
    [summaryStatistics, { testSize: 1 }, /argument "testSize" must be an integer ≥ 2/],
    [insd, { refIndex: 4 }, /argument "refIndex" must be an index into gains \(0\.\.3\), got 4/],
    [insd, { alpha: 1.5 }, /argument "alpha" must be a number in \(0, 1\], got 1\.5/],
  ];
  for (const [spec, over, re] of cases) {
    assert.throws(() => spec.validate!({ ...spec.defaults, ...over }), re, `${spec.name} ${re}`);
  }
  // through executeScript (what the CLI runs): refused before the run folder exists
  const outDir = await Deno.makeTempDir();
  await Deno.remove(outDir);
  await assert.rejects(
    () => executeScript(iclDeepScaling, { batch: 0 }, { outDir, quiet: true }),
    /icl_deep_scaling: argument "batch" must be a positive integer, got 0/,
  );
  await assert.rejects(() => Deno.stat(outDir), Deno.errors.NotFound);
});
