/**
 * From a sweep of the EBD comparison (one learning rule × one seed per run, scripts/grids/ebd.json)
 * to the table of PAPERS.md's EBD section: the runs' epoch records gathered from `merged.jsonl`
 * (written by `saddle merge`), the per-rule mean ± std over seeds, the paired per-seed gaps, the
 * faithful-outcome checks, and the paper's MLP gaps beside ours (arXiv:2504.11558, Table 1).
 * @module
 */
import { join } from "node:path";
import { mean, standardDeviation } from "../../stats/mod.ts";
import { mergeSweep } from "../../run/merge.ts";
import { EBD_PAPER_MLP, type EbdRunRecord, summarizeEbd } from "./compare.ts";
import type { EbdMethod } from "./train.ts";

/** Config keys that may differ between the runs of one table (the swept ones). */
const SWEPT = new Set(["methods", "seed", "nSeeds"]);

/**
 * The epoch records of every run in `merged.jsonl` text (one JSON object per line with
 * `config` and `results.epochs`). All runs must share every config value except the method and
 * the seed; a run counted twice (same method and seed) is an error.
 *
 * @param jsonl the contents of a sweep's merged.jsonl
 * @returns the records, and the shared config (of the first run)
 */
export function ebdRecordsFromMerged(
  jsonl: string,
): { records: EbdRunRecord[]; config: Record<string, unknown> } {
  const lines = jsonl.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error("ebdRecordsFromMerged: no finished runs in merged.jsonl");
  const records: EbdRunRecord[] = [];
  const seen = new Set<string>();
  let shared: Record<string, unknown> | null = null;
  const key = (c: Record<string, unknown>) =>
    JSON.stringify(Object.keys(c).filter((k) => !SWEPT.has(k)).sort().map((k) => [k, c[k]]));
  for (const [i, line] of lines.entries()) {
    const row = JSON.parse(line) as {
      id?: string;
      config: Record<string, unknown>;
      results: { epochs?: EbdRunRecord[] };
    };
    const epochs = row.results?.epochs;
    if (!Array.isArray(epochs) || epochs.length === 0) {
      throw new Error(`ebdRecordsFromMerged: run ${row.id ?? i} has no epoch records`);
    }
    if (shared === null) shared = row.config;
    else if (key(shared) !== key(row.config)) {
      throw new Error(
        `ebdRecordsFromMerged: run ${row.id ?? i} has another config than the first run ` +
          `(only methods and seed may differ)`,
      );
    }
    for (const r of epochs) {
      if (r.epoch === 0) {
        const id = `${r.method}/${r.seed}`;
        if (seen.has(id)) throw new Error(`ebdRecordsFromMerged: ${id} appears twice`);
        seen.add(id);
      }
      records.push(r);
    }
  }
  return { records, config: shared! };
}

/** A gap between two rules, per seed (paired: same seed = same initial weights and batches). */
export interface EbdGap {
  /** Mean over the seeds both rules ran, in percentage points. */
  mean: number;
  /** Sample standard deviation of the per-seed gaps (0 for one seed). */
  std: number;
  /** Number of paired seeds. */
  seeds: number;
}

/** Final accuracy of `a` minus that of `b` per seed both ran (pp): mean and spread. */
export function pairedGap(records: readonly EbdRunRecord[], a: EbdMethod, b: EbdMethod): EbdGap {
  const finalAcc = (m: EbdMethod) => {
    const rs = records.filter((r) => r.method === m);
    const out = new Map<number, number>();
    if (rs.length === 0) return out;
    const last = Math.max(...rs.map((r) => r.epoch));
    for (const r of rs) if (r.epoch === last) out.set(r.seed, 100 * r.testAccuracy);
    return out;
  };
  const fa = finalAcc(a), fb = finalAcc(b);
  const d = [...fa.keys()].filter((s) => fb.has(s)).map((s) => fa.get(s)! - fb.get(s)!);
  return {
    mean: d.length ? mean(d) : NaN,
    std: d.length > 1 ? standardDeviation(d) : 0,
    seeds: d.length,
  };
}

/** One faithful-outcome criterion (PAPERS.md, EBD section) judged on the seed means. */
export interface EbdCheck {
  /** The criterion. */
  name: string;
  /** The measured number(s), formatted. */
  measured: string;
  /** Whether it holds. */
  pass: boolean;
}

const pm = (m: number, s: number) => `${m.toFixed(2)} ± ${s.toFixed(2)}`;

/**
 * The faithful-outcome checks on the seed means: BP 88–90%; EBD ≥ DFA − 0.5 pp; EBD within
 * 2.5 pp of BP; EBD ≥ frozen control + 2 pp ("well above"); mean |corr(h, ε)| falls in every
 * hidden layer for BP and for EBD, in the seed mean and in every seed. Gaps are paired per seed
 * (mean ± std of the per-seed differences).
 */
export function ebdFaithfulChecks(records: readonly EbdRunRecord[]): EbdCheck[] {
  const { methods } = summarizeEbd(records);
  const get = (m: EbdMethod) => methods.find((s) => s.method === m);
  const out: EbdCheck[] = [];
  const bp = get("bp");
  if (bp) {
    out.push({
      name: "BP-MSE test accuracy in 88–90 %",
      measured: `${pm(bp.accuracyMean, bp.accuracyStd)} %`,
      pass: bp.accuracyMean >= 88 && bp.accuracyMean <= 90,
    });
  }
  const gap = (a: EbdMethod, b: EbdMethod) => get(a) && get(b) ? pairedGap(records, a, b) : null;
  const ed = gap("ebd", "dfa"), be = gap("bp", "ebd"), ef = gap("ebd", "ebd_frozen");
  if (ed) {
    out.push({
      name: "EBD ≥ DFA − 0.5 pp",
      measured: `EBD − DFA = ${pm(ed.mean, ed.std)} pp`,
      pass: ed.mean >= -0.5,
    });
  }
  if (be) {
    out.push({
      name: "EBD within 2.5 pp of BP",
      measured: `BP − EBD = ${pm(be.mean, be.std)} pp`,
      pass: be.mean <= 2.5,
    });
  }
  if (ef) {
    out.push({
      name: "EBD well above the frozen R̂ = 0 control (≥ 2 pp)",
      measured: `EBD − frozen = ${pm(ef.mean, ef.std)} pp`,
      pass: ef.mean >= 2,
    });
  }
  for (const m of ["bp", "ebd"] as const) {
    const s = get(m);
    if (!s) continue;
    const rs = records.filter((r) => r.method === m);
    const last = Math.max(...rs.map((r) => r.epoch));
    const seeds = [...new Set(rs.map((r) => r.seed))];
    const everySeed = seeds.every((seed) => {
      const a = rs.find((r) => r.seed === seed && r.epoch === 0);
      const b = rs.find((r) => r.seed === seed && r.epoch === last);
      return a !== undefined && b !== undefined && b.corr.every((v, k) => v < a.corr[k]);
    });
    out.push({
      name: `mean |corr(h, ε)| falls over training for ${m === "bp" ? "BP" : "EBD"}`,
      measured: s.corrStart.map((v, k) =>
        `layer ${k + 1}: ${v.toFixed(4)} → ${s.corrEnd[k].toFixed(4)}`
      )
        .join("; ") + (everySeed ? " (in every seed)" : " (not in every seed)"),
      pass: s.corrEnd.every((v, k) => v < s.corrStart[k]) && everySeed,
    });
  }
  return out;
}

const LABEL: Record<EbdMethod, string> = {
  bp: "BP (MSE)",
  dfa: "DFA",
  dfa_entropy: "DFA+E",
  ebd: "EBD",
  ebd_entropy: "EBD+E",
  ebd_frozen: "frozen R̂ = 0",
};

/**
 * The markdown table of PAPERS.md's EBD section: final test accuracy mean ± std over seeds per
 * rule, then the BP − EBD and EBD − DFA gaps (paired per seed) beside the paper's MLP gaps on
 * MNIST and CIFAR-10 (arXiv:2504.11558, Table 1), then the faithful-outcome checks.
 */
export function formatEbdTable(records: readonly EbdRunRecord[]): string {
  const { methods } = summarizeEbd(records);
  const lines = [
    "| rule | seeds | test accuracy (%) | mean \\|corr(h, ε)\\| epoch 0 → end (per layer) |",
    "|---|---|---|---|",
  ];
  for (const s of methods) {
    const corr = s.corrStart.map((v, k) => `${v.toFixed(3)} → ${s.corrEnd[k].toFixed(3)}`);
    lines.push(
      `| ${LABEL[s.method]} | ${s.seeds} | ${pm(s.accuracyMean, s.accuracyStd)} | ${
        corr.join("; ")
      } |`,
    );
  }
  const p = EBD_PAPER_MLP;
  const paperGap = (d: keyof typeof p, a: "bp" | "ebd", b: "ebd" | "dfa") =>
    (p[d][a][0] - p[d][b][0]).toFixed(1);
  const has = (m: EbdMethod) => methods.some((s) => s.method === m);
  lines.push(
    "",
    "| gap (pp) | ours, Fashion-MNIST (paired per seed) | paper MNIST MLP | paper CIFAR-10 MLP |",
  );
  lines.push("|---|---|---|---|");
  if (has("bp") && has("ebd")) {
    const g = pairedGap(records, "bp", "ebd");
    lines.push(
      `| BP − EBD | ${pm(g.mean, g.std)} (${g.seeds} seeds) | ${paperGap("MNIST", "bp", "ebd")} | ${
        paperGap("CIFAR-10", "bp", "ebd")
      } |`,
    );
  }
  if (has("ebd") && has("dfa")) {
    const g = pairedGap(records, "ebd", "dfa");
    lines.push(
      `| EBD − DFA | ${pm(g.mean, g.std)} (${g.seeds} seeds) | ${
        paperGap("MNIST", "ebd", "dfa")
      } | ${paperGap("CIFAR-10", "ebd", "dfa")} |`,
    );
  }
  lines.push("", "| faithful outcome | measured | holds |", "|---|---|---|");
  for (const c of ebdFaithfulChecks(records)) {
    const cell = (t: string) => t.replace(/\|/g, "\\|");
    lines.push(`| ${cell(c.name)} | ${cell(c.measured)} | ${c.pass ? "yes" : "**no**"} |`);
  }
  return lines.join("\n");
}

/**
 * Merge a sweep directory of scripts/grids/ebd.json (`saddle merge`: writes merged.csv and
 * merged.jsonl) and return its table ({@link formatEbdTable}) with the records and the number of
 * runs still missing.
 *
 * @param dir the sweep's output directory (holds sweep.json and runs/)
 */
export async function ebdSweepTable(
  dir: string,
): Promise<{ table: string; records: EbdRunRecord[]; missing: number }> {
  const report = await mergeSweep(dir);
  const { records } = ebdRecordsFromMerged(await Deno.readTextFile(join(dir, "merged.jsonl")));
  return { table: formatEbdTable(records), records, missing: report.missing.length };
}
