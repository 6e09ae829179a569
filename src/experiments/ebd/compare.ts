/**
 * The scaled-down comparison of "Error Broadcast and Decorrelation" (arXiv:2504.11558, Table 1
 * MLP rows; PAPERS.md's EBD section): several learning rules × seeds on one dataset, every rule
 * from the same initial weights and batch order per seed, and the summary that the faithful
 * outcome is judged on (final accuracies mean ± std over seeds, the EBD−DFA, BP−EBD and
 * EBD−frozen gaps, and the fall of mean |corr(h, ε)| over training).
 * @module
 */
import { mean, standardDeviation } from "../../stats/mod.ts";
import type { ClassificationData } from "./data.ts";
import {
  type EbdEpochRecord,
  type EbdMethod,
  type EbdTrainConfig,
  type EbdTrainOptions,
  trainEbdMethod,
} from "./train.ts";

/** An epoch record tagged with its method and seed (one row of results.json's `epochs`). */
export interface EbdRunRecord extends EbdEpochRecord {
  /** Learning rule. */
  method: EbdMethod;
  /** Seed of the run. */
  seed: number;
}

/**
 * Train every method for every seed; `onRecord` receives each epoch record as it is produced.
 *
 * @param base the shared configuration (its `method` and `seed` are replaced)
 * @param methods the rules to compare
 * @param seeds the seeds
 * @param data the prepared dataset
 * @param onRecord called with every record
 * @param opts `{ device }`: train on a WebGPU device (see {@link trainEbdMethod})
 */
export async function compareEbdMethods(
  base: Omit<EbdTrainConfig, "method" | "seed">,
  methods: readonly EbdMethod[],
  seeds: readonly number[],
  data: ClassificationData,
  onRecord: (r: EbdRunRecord) => void | Promise<void> = () => {},
  opts: EbdTrainOptions = {},
): Promise<EbdRunRecord[]> {
  const all: EbdRunRecord[] = [];
  for (const seed of seeds) {
    for (const method of methods) {
      await trainEbdMethod({ ...base, method, seed }, data, async (r) => {
        const rec = { ...r, method, seed };
        all.push(rec);
        await onRecord(rec);
      }, opts);
    }
  }
  return all;
}

/** Mean ± std over seeds of a method's final-epoch numbers. */
export interface EbdMethodSummary {
  /** Learning rule. */
  method: EbdMethod;
  /** Number of seeds. */
  seeds: number;
  /** Final test accuracy in percent: mean over seeds. */
  accuracyMean: number;
  /** Its sample standard deviation (0 for one seed). */
  accuracyStd: number;
  /** mean |corr(h⁽ᵏ⁾, ε)| per hidden layer at epoch 0 (seed mean). */
  corrStart: number[];
  /** … and at the final epoch (seed mean). */
  corrEnd: number[];
  /** Cosine to the BP gradient per hidden layer, averaged over epochs ≥ 1 and seeds. */
  cosToBpMean: number[];
  /** Training images per second (mean over epochs ≥ 1 and seeds). */
  imagesPerSecond: number;
}

/** The faithful-outcome numbers (PAPERS.md, EBD section), in percentage points. */
export interface EbdClaims {
  /** BP-MSE final accuracy (%); target 88–90 at the full plan. */
  bpAccuracy: number | null;
  /** EBD − DFA (pp); target ≥ −0.5. */
  ebdMinusDfa: number | null;
  /** BP − EBD (pp); target ≤ 2.5. */
  bpMinusEbd: number | null;
  /** EBD − frozen-R̂ control (pp); target "well above" (we use ≥ 2). */
  ebdMinusFrozen: number | null;
  /** Every hidden layer's mean |corr(h, ε)| fell from epoch 0 to the end, for BP. */
  corrFallsBp: boolean | null;
  /** … for EBD. */
  corrFallsEbd: boolean | null;
}

/** Summaries per method (in `methods` order) and the claims, from the epoch records. */
export function summarizeEbd(
  records: readonly EbdRunRecord[],
): { methods: EbdMethodSummary[]; claims: EbdClaims } {
  const names = [...new Set(records.map((r) => r.method))];
  const methods = names.map((method): EbdMethodSummary => {
    const rs = records.filter((r) => r.method === method);
    const seeds = [...new Set(rs.map((r) => r.seed))];
    const last = Math.max(...rs.map((r) => r.epoch));
    const finals = seeds.map((s) => rs.find((r) => r.seed === s && r.epoch === last));
    const starts = seeds.map((s) => rs.find((r) => r.seed === s && r.epoch === 0));
    const acc = finals.filter((r) => r !== undefined).map((r) => 100 * r!.testAccuracy);
    const layers = rs[0].corr.length;
    const byLayer = (sel: (EbdRunRecord | undefined)[], f: (r: EbdRunRecord) => number[]) => {
      const ok = sel.filter((r) => r !== undefined) as EbdRunRecord[];
      return Array.from(
        { length: layers },
        (_, k) => ok.length ? mean(ok.map((r) => f(r)[k])) : NaN,
      );
    };
    const trained = rs.filter((r) => r.epoch >= 1);
    return {
      method,
      seeds: seeds.length,
      accuracyMean: mean(acc),
      accuracyStd: acc.length > 1 ? standardDeviation(acc) : 0,
      corrStart: byLayer(starts, (r) => r.corr),
      corrEnd: byLayer(finals, (r) => r.corr),
      cosToBpMean: byLayer(trained, (r) => r.cosToBp),
      imagesPerSecond: trained.length > 0 ? mean(trained.map((r) => r.imagesPerSecond)) : NaN,
    };
  });
  const get = (m: EbdMethod) => methods.find((s) => s.method === m);
  const bp = get("bp"), dfa = get("dfa"), ebd = get("ebd"), frozen = get("ebd_frozen");
  const falls = (s: EbdMethodSummary | undefined) =>
    s ? s.corrEnd.every((v, k) => v < s.corrStart[k]) : null;
  return {
    methods,
    claims: {
      bpAccuracy: bp ? bp.accuracyMean : null,
      ebdMinusDfa: ebd && dfa ? ebd.accuracyMean - dfa.accuracyMean : null,
      bpMinusEbd: ebd && bp ? bp.accuracyMean - ebd.accuracyMean : null,
      ebdMinusFrozen: ebd && frozen ? ebd.accuracyMean - frozen.accuracyMean : null,
      corrFallsBp: falls(bp),
      corrFallsEbd: falls(ebd),
    },
  };
}

/**
 * The paper's MLP rows of Table 1 (arXiv:2504.11558; test accuracy %, mean ± std over 5 runs,
 * 120 epochs): the anchors our Fashion-MNIST gaps are set beside.
 */
export const EBD_PAPER_MLP = {
  MNIST: { dfa: [98.1, 0.21], dfaE: [98.2, 0.03], bp: [98.7, 0.05], ebd: [98.2, 0.08] },
  "CIFAR-10": { dfa: [52.1, 0.33], dfaE: [52.2, 0.49], bp: [56.4, 0.33], ebd: [55.5, 0.19] },
} as const;
