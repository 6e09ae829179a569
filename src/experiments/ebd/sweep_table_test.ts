/**
 * The sweep → table path of the EBD comparison (PAPERS.md, EBD section): records gathered from
 * merged.jsonl lines, paired per-seed gaps, the faithful-outcome checks and the table, on
 * synthetic records whose numbers are known in closed form.
 */
import assert from "node:assert/strict";
import type { EbdRunRecord } from "./compare.ts";
import type { EbdMethod } from "./train.ts";
import {
  ebdFaithfulChecks,
  ebdRecordsFromMerged,
  formatEbdTable,
  pairedGap,
} from "./sweep_table.ts";

/** Two epoch records (0 and 1) of one run with the given final accuracy and correlations. */
function run(method: EbdMethod, seed: number, acc: number, corr0: number, corr1: number) {
  const rec = (epoch: number, a: number, c: number): EbdRunRecord => ({
    method,
    seed,
    epoch,
    trainLoss: NaN,
    testAccuracy: a,
    testLoss: 0.1,
    corr: [c, c],
    cosToBp: [0.5, 0.5],
    rNorm: [1, 1],
    rms: [0.5, 0.5],
    imagesPerSecond: 1000,
  });
  return [rec(0, 0.1, corr0), rec(1, acc, corr1)];
}

const config = { hidden: [256, 256], nTrain: 60000, epochs: 1 };
const line = (method: EbdMethod, seed: number, acc: number, c0 = 0.1, c1 = 0.05) =>
  JSON.stringify({
    id: `${method}${seed}`,
    config: { ...config, methods: [method], seed },
    results: { epochs: run(method, seed, acc, c0, c1) },
  });

Deno.test("ebd sweep table: records from merged.jsonl, paired gaps, checks", () => {
  const text = [
    line("bp", 0, 0.89),
    line("bp", 1, 0.895),
    line("ebd", 0, 0.88),
    line("ebd", 1, 0.881),
    line("dfa", 0, 0.84),
    line("dfa", 1, 0.85),
    line("ebd_frozen", 0, 0.78, 0.1, 0.2),
  ].join("\n") + "\n";
  const { records, config: shared } = ebdRecordsFromMerged(text);
  assert.equal(records.length, 14);
  assert.deepEqual(shared.hidden, [256, 256]);
  // BP − EBD per seed: 1.0 and 1.4 pp → mean 1.2, sample std √((0.2² + 0.2²)/1) = 0.2828
  const g = pairedGap(records, "bp", "ebd");
  assert.equal(g.seeds, 2);
  assert.ok(Math.abs(g.mean - 1.2) < 1e-9 && Math.abs(g.std - Math.SQRT2 * 0.2) < 1e-9);
  // EBD − frozen: only seed 0 is paired (88 − 78 = 10 pp, std 0)
  const f = pairedGap(records, "ebd", "ebd_frozen");
  assert.ok(f.seeds === 1 && f.std === 0 && Math.abs(f.mean - 10) < 1e-9);
  const checks = ebdFaithfulChecks(records);
  const pass = Object.fromEntries(checks.map((c) => [c.name, c.pass]));
  assert.deepEqual(Object.values(pass), [true, true, true, true, true, true]);
  assert.match(checks[0].measured, /^89\.25 ± 0\.35 %$/); // (89 + 89.5)/2, std 0.5/√2
  const table = formatEbdTable(records);
  assert.match(table, /\| BP \(MSE\) \| 2 \| 89\.25 ± 0\.35 \|/);
  // the paper's gaps beside ours: MNIST 98.7 − 98.2, CIFAR-10 56.4 − 55.5 (Table 1)
  assert.match(table, /\| BP − EBD \| 1\.20 ± 0\.28 \(2 seeds\) \| 0\.5 \| 0\.9 \|/);
  assert.match(table, /\| EBD − DFA \| 3\.55 ± 0\.64 \(2 seeds\) \| 0\.1 \| 3\.4 \|/);
});

Deno.test("ebd sweep table: a failing outcome, a mismatched config, a duplicate run", () => {
  // EBD 4 pp under BP and below DFA; its correlation rises: three checks fail
  const bad = [line("bp", 0, 0.89), line("ebd", 0, 0.85, 0.1, 0.2), line("dfa", 0, 0.86)];
  const checks = ebdFaithfulChecks(ebdRecordsFromMerged(bad.join("\n")).records);
  assert.deepEqual(checks.map((c) => c.pass), [true, false, false, true, false]);
  assert.match(formatEbdTable(ebdRecordsFromMerged(bad.join("\n")).records), /\*\*no\*\*/);
  const other = JSON.stringify({
    id: "x",
    config: { ...config, nTrain: 10000, methods: ["dfa"], seed: 0 },
    results: { epochs: run("dfa", 0, 0.8, 0.1, 0.05) },
  });
  assert.throws(
    () => ebdRecordsFromMerged([line("bp", 0, 0.89), other].join("\n")),
    /run x has another config than the first run/,
  );
  assert.throws(
    () => ebdRecordsFromMerged([line("bp", 0, 0.89), line("bp", 0, 0.89)].join("\n")),
    /bp\/0 appears twice/,
  );
  assert.throws(() => ebdRecordsFromMerged("\n"), /no finished runs/);
});
