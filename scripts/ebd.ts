/**
 * ebd: Error Broadcast and Decorrelation (Erdogan, Pehlevan & Erdogan, arXiv:2504.11558) scaled
 * down to Fashion-MNIST on a CPU. An MLP (ReLU hidden, linear output, MSE on one-hot targets) is
 * trained by BP, DFA (fixed random feedback), EBD (learned feedback R̂ = running E[h εᵀ], power
 * normalisation, optionally the entropy term), DFA+E and the frozen R̂ = 0 control, all from the
 * same initial weights and batch order. Records per epoch: test accuracy, mean |corr(h, ε)| per
 * hidden layer, the cosine between each rule's hidden update and the BP gradient, ‖R̂‖_F.
 *
 * Needs Debian's `dataset-fashion-mnist`. `deno run -A scripts/ebd.ts` (default: 10k-image subset,
 * 1 seed, minutes) or `--full` (60k images, 5 seeds). `--backend=webgpu` trains BP, DFA, EBD and
 * the frozen control on the GPU (f32; the entropy rules are host only). Sweep one method per run with
 * `saddle sweep scripts/grids/ebd.json`. PAPERS.md (EBD section) has the numbers.
 * @module
 */
import {
  compareEbdMethods,
  EBD_METHODS,
  EBD_PAPER_MLP,
  type EbdMethod,
  type EbdRunRecord,
  loadFashionMnistForEbd,
  summarizeEbd,
} from "../src/experiments/ebd/mod.ts";
import { mean } from "../src/stats/mod.ts";
import { lineChart } from "../src/plot/mod.ts";
import { cliMain, type RunContext, runScript, type ScriptSpec } from "../src/run/mod.ts";
import type { FigureSpec } from "../src/run/script.ts";

/** Every knob. */
export const defaults = {
  methods: ["bp", "dfa", "dfa_entropy", "ebd", "ebd_entropy", "ebd_frozen"] as string[],
  hidden: [256] as number[],
  nTrain: 10000,
  nTest: 10000,
  epochs: 5,
  batch: 64,
  lr: 1e-3,
  lrDfa: 1e-3,
  lrEbd: 1e-3,
  lrDecay: 1,
  lambdaD: 0.999,
  rInitGain: 1e-2,
  powerTarget: 0.25,
  powerLr: 0.05,
  entropyLr: 1e-3,
  entropyLambda: 0.999,
  entropyEps: 1e-3,
  probe: 500,
  seed: 0,
  nSeeds: 1,
};

/** A comment per knob. */
export const help: { [K in keyof typeof defaults]: string } = {
  methods: `learning rules to compare (${EBD_METHODS.join(", ")})`,
  hidden: "hidden widths of the 784–…–10 MLP",
  nTrain: "training images (the first nTrain of the 60000)",
  nTest: "test images (the first nTest of the 10000)",
  epochs: "passes over the training images",
  batch: "batch size B",
  lr: "Adam learning rate of BP (and of every output layer's MSE gradient under BP)",
  lrDfa: "Adam learning rate of DFA and DFA+E (all layers)",
  lrEbd: "Adam learning rate of EBD, EBD+E and the frozen control (all layers)",
  lrDecay: "learning-rate factor per epoch, every rule (step decay; 1 = constant)",
  lambdaD: "λ_d, forgetting factor of R̂ (paper 0.999999 over 120 epochs)",
  rInitGain: "Xavier gain of R̂[0] (paper 1e-2)",
  powerTarget: "target power P of each hidden unit (paper 0.25)",
  powerLr:
    "µ_P, rate of the power-normalisation step, divided by the layer's mean input power (EBD rules; 0 = off)",
  entropyLr: "µ_E, plain-gradient rate of the entropy term (ebd_entropy, dfa_entropy)",
  entropyLambda: "λ_E, forgetting factor of the layer correlation",
  entropyEps: "ε_k, ridge of the layer correlation (its initial value)",
  probe: "training images in the fixed probe batch for the update cosines",
  seed: "first seed: weights foldIn(key(seed), 0), batch order foldIn(key(seed), 1)",
  nSeeds: "number of seeds (seed, seed+1, …), each running every method",
};

/** `--full`: the faithful plan (784–256–256–10, all 60k images, 5 epochs, 5 seeds). */
export const presets = {
  full: {
    methods: ["bp", "dfa", "dfa_entropy", "ebd", "ebd_entropy", "ebd_frozen"],
    hidden: [256, 256],
    nTrain: 60000,
    epochs: 5,
    nSeeds: 5,
    lambdaD: 0.9999,
    lrDecay: 0.6,
  },
  /** The full plan on the one-hidden-layer net (784–256–10). */
  full1: { hidden: [256], nTrain: 60000, epochs: 5, nSeeds: 5, lambdaD: 0.9999, lrDecay: 0.6 },
  /** One seed of full1 without the entropy variants (what fitted the shared 2-core machine). */
  large1: {
    methods: ["bp", "dfa", "ebd", "ebd_frozen"],
    hidden: [256],
    nTrain: 60000,
    nSeeds: 1,
    lambdaD: 0.9999,
    lrDecay: 0.6,
  },
};

type Cfg = typeof defaults;

/** Train every method for every seed; results.json gets `epochs` (one row per epoch) and `summary`. */
export async function main(cfg: Cfg, ctx: RunContext) {
  const methods = cfg.methods.map((m) => {
    if (!(EBD_METHODS as readonly string[]).includes(m)) {
      throw new Error(`ebd: argument "methods" must list ${EBD_METHODS.join(", ")}, got "${m}"`);
    }
    return m as EbdMethod;
  });
  const onDevice = methods.filter((m) => m.endsWith("_entropy"));
  if (ctx.gpu && onDevice.length > 0) {
    throw new Error(
      `ebd: argument "methods" must not include ${onDevice.join(", ")} with --backend=webgpu ` +
        `(the entropy term's Woodbury update needs f64: host only), got ${cfg.methods.join(",")}`,
    );
  }
  const data = await loadFashionMnistForEbd({ nTrain: cfg.nTrain, nTest: cfg.nTest });
  const sizes = [data.train.x.shape[1], ...cfg.hidden, 10];
  const seeds = Array.from({ length: cfg.nSeeds }, (_, i) => cfg.seed + i);
  const lrOf = (m: EbdMethod) => m === "bp" ? cfg.lr : m.startsWith("dfa") ? cfg.lrDfa : cfg.lrEbd;
  const records: EbdRunRecord[] = [];
  const t0 = performance.now();
  for (const method of methods) {
    const bar = ctx.progress(`ebd: ${method}`, seeds.length * (cfg.epochs + 1));
    const rs = await compareEbdMethods(
      { ...cfg, sizes, lr: lrOf(method) },
      [method],
      seeds,
      data,
      async (r) => {
        await ctx.results.append("epochs", r);
        bar.tick();
      },
      { device: ctx.gpu },
    );
    bar.done();
    records.push(...rs);
    const fin = rs.filter((r) => r.epoch === cfg.epochs).map((r) => 100 * r.testAccuracy);
    ctx.log(`ebd: ${method} final test accuracy ${mean(fin).toFixed(2)}% (${fin.length} seeds)`);
  }
  const summary = summarizeEbd(records);
  await ctx.results.set("summary", summary);
  await ctx.results.set("paper", EBD_PAPER_MLP);
  await ctx.results.set("wallSeconds", (performance.now() - t0) / 1000);
  ctx.log(`ebd: claims ${JSON.stringify(summary.claims)}`);
  return { claims: summary.claims };
}

/** Per-epoch seed means of `f` for each (method, layer-or-undefined) series. */
function curves(
  rows: EbdRunRecord[],
  methods: readonly string[],
  f: (r: EbdRunRecord) => number[],
): { x: number; y: number; series: string }[] {
  const out: { x: number; y: number; series: string }[] = [];
  for (const m of methods) {
    const rs = rows.filter((r) => r.method === m);
    const epochs = [...new Set(rs.map((r) => r.epoch))].sort((a, b) => a - b);
    for (const e of epochs) {
      const at = rs.filter((r) => r.epoch === e).map(f);
      at[0].forEach((_, k) => {
        const vals = at.map((v) => v[k]).filter(Number.isFinite);
        if (vals.length === 0) return;
        out.push({ x: e, y: mean(vals), series: at[0].length > 1 ? `${m} layer ${k + 1}` : m });
      });
    }
  }
  return out;
}

/** Accuracy, correlation, cosine and ‖R̂‖ curves from results.json alone. */
export function figures(results: { epochs?: EbdRunRecord[] }, cfg: Cfg): FigureSpec[] {
  const rows = results.epochs ?? [];
  if (rows.length === 0) return [];
  const present = [...new Set(rows.map((r) => r.method))];
  const pick = (ms: string[]) => ms.filter((m) => (present as string[]).includes(m));
  const sub = `${[784, ...cfg.hidden, 10].join("–")}, ${cfg.nTrain} images, ${cfg.nSeeds} seed(s)`;
  const chart = (name: string, data: ReturnType<typeof curves>, yLabel: string, title: string) =>
    data.length === 0 ? [] : [{
      name,
      plot: lineChart({ data, xLabel: "epoch", yLabel, title, subtitle: sub }),
    }];
  const layerLabel = cfg.hidden.length > 1 ? " (per hidden layer)" : "";
  return [
    ...chart(
      "accuracy",
      curves(rows, present, (r) => [100 * r.testAccuracy]),
      "test accuracy (%)",
      "Fashion-MNIST test accuracy per learning rule",
    ),
    ...chart(
      "correlation",
      curves(rows, pick(["bp", "ebd"]), (r) => r.corr),
      "mean |corr(h, ε)| on the test set",
      `Hidden activity vs output error correlation${layerLabel}`,
    ),
    ...chart(
      "cosine",
      curves(rows, pick(["ebd", "ebd_entropy", "dfa"]), (r) => r.cosToBp),
      "cosine(update, BP gradient)",
      `Alignment of the hidden-layer update with the BP gradient${layerLabel}`,
    ),
    ...chart(
      "rhat_norm",
      curves(rows, pick(["ebd", "ebd_entropy", "bp"]), (r) => r.rNorm),
      "‖R̂‖_F",
      `Running error–activity cross-correlation norm${layerLabel}`,
    ),
  ];
}

/** The script. */
export const spec: ScriptSpec<Cfg> = {
  name: "ebd",
  description:
    "Error Broadcast and Decorrelation (arXiv:2504.11558) on Fashion-MNIST: BP, DFA, EBD, DFA+E, EBD+E and the frozen-R̂ control on one MLP; accuracy, error correlation, update cosines.",
  defaults,
  help,
  presets,
  figures,
  main,
  webgpu: true,
};

if (import.meta.main) await cliMain(() => runScript(spec, Deno.args));
