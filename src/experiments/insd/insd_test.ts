import assert from "node:assert/strict";
import { flipFlop } from "../../data/rnn_tasks/mod.ts";
import { key } from "../../random/mod.ts";
import { initRateRnn, runRateRnn, simulateRateRnn } from "./network.ts";
import { trainRateRnn } from "./train.ts";
import { insdTask } from "./tasks.ts";
import { insdCriteria } from "./insd.ts";

const spec = { inDim: 3, outDim: 3, hidden: 8, alpha: 0.2, gain: 1.2 };
const sample = (k: ReturnType<typeof key>, b: number) => flipFlop(k, { batch: b, steps: 10 });

Deno.test("simulateRateRnn (tape-free) equals runRateRnn (ctRnn ops) to f32 rounding", () => {
  const p = initRateRnn(spec, key(1));
  const u = sample(key(2), 4).u;
  const a = runRateRnn(spec, p, u), b = simulateRateRnn(spec, p, u);
  const x = a.rates.dataSync(),
    y = b.rates.dataSync(),
    ox = a.outputs.dataSync(),
    oy = b.outputs.dataSync();
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) < 1e-5);
  for (let i = 0; i < ox.length; i++) assert.ok(Math.abs(ox[i] - oy[i]) < 1e-5);
});

Deno.test("trainRateRnn: training lowers the task loss; the penalty is logged against frozen networks", () => {
  const { net, log } = trainRateRnn(spec, key(3), {
    sample,
    steps: 40,
    batch: 8,
    lr: 0.02,
    logEvery: 10,
  });
  assert.ok(log[3].task < log[0].task, `task loss ${log[0].task} → ${log[3].task}`);
  const alt = trainRateRnn(spec, key(4), {
    sample,
    steps: 10,
    batch: 8,
    lr: 0.02,
    frozen: [net],
    lambda: 1,
    logEvery: 5,
  });
  assert.ok(alt.log.every((r) => r.penalty > 0 && r.penalty <= 1), JSON.stringify(alt.log));
});

Deno.test("trainRateRnn and insdTask: negative or non-finite λ / ρ and bad names are named errors", () => {
  const o = { sample, steps: 1, batch: 2, lr: 0.01 };
  assert.throws(
    () => trainRateRnn(spec, key(0), { ...o, lambda: -1 }),
    /trainRateRnn: argument "opts.lambda" must be a finite number ≥ 0/,
  );
  assert.throws(() => trainRateRnn(spec, key(0), { ...o, lambda: Infinity }), /opts.lambda/);
  assert.throws(
    () => trainRateRnn(spec, key(0), { ...o, relativeRidge: NaN }),
    /opts.relativeRidge/,
  );
  assert.throws(() => trainRateRnn({ ...spec, hidden: 0 }, key(0), o), /argument "spec.hidden"/);
  assert.throws(
    () => insdTask("sine" as "cdi", { steps: 10, inputNoise: 0, pulseProb: 0.1, periodSteps: 5 }),
    /insdTask: argument "name" must be one of "flipflop", "memorypro", "cdi"/,
  );
});

Deno.test("insdCriteria: unsolved (unanalysed) alternatives give NaN criteria, not an error", () => {
  const net = (name: string, kind: "standard" | "alternative", solved: boolean) => ({
    name,
    kind,
    reference: name === "s0",
    gain: 1,
    lambda: 0,
    log: [],
    mse: solved ? 0.01 : 0.5,
    signAccuracy: NaN,
    solved,
    ood: [{ noise: 0.4, load: 1, mse: 1, signAccuracy: NaN }],
  });
  const r = {
    task: "memorypro" as const,
    networks: [net("s0", "standard", true), net("a1", "alternative", false)],
    analysed: ["s0"],
    predictivityFull: [[1]],
    predictivityNull: [[1]],
    ckaNull: [[1]],
    procrustesNull: [[0]],
    dsa: { distances: [[0]], mds: [[0, 0]] },
    lambdaSweep: [],
  };
  const c = insdCriteria(r);
  assert.equal(c.allSolved, false);
  assert.equal(c.altMseRatio, 50);
  assert.ok(Number.isNaN(c.altRefR2) && Number.isNaN(c.stdStdR2) && Number.isNaN(c.dsaRatio));
  assert.equal(c.predictivityOk, false);
});
