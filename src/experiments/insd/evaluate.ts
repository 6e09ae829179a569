/**
 * Held-out evaluation of a trained rate RNN (INSD, arXiv:2509.21504): masked task MSE and, for
 * ±1 targets, the sign accuracy of the output on the scored entries; the rates as trials × time
 * × units for the analyses.
 * @module
 */
import { fromTyped, type NDArray } from "../../array/mod.ts";
import type { RnnTaskBatch } from "../../data/rnn_tasks/mod.ts";
import { simulateRateRnn } from "./network.ts";
import type { TrainedRnn } from "./train.ts";

/** Performance of one network on one batch. */
export interface Evaluation {
  /** Masked MSE Σ mask (y − y*)² / Σ mask. */
  mse: number;
  /** Fraction of scored entries with sign(y) = sign(y*) among y* ≠ 0 (NaN if none). */
  signAccuracy: number;
}

/** Evaluate `net` on `batch`; also returns its rates [trials, T, N] (f32). */
export function evaluateNetwork(
  net: TrainedRnn,
  batch: RnnTaskBatch,
): Evaluation & { rates: NDArray } {
  const { rates, outputs } = simulateRateRnn(net.spec, net.params, batch.u);
  const o = outputs.dataSync(), y = batch.y.dataSync(), m = batch.mask.dataSync();
  let se = 0, ms = 0, hit = 0, cnt = 0;
  for (let i = 0; i < o.length; i++) {
    if (m[i] === 0) continue;
    se += m[i] * (o[i] - y[i]) ** 2;
    ms += m[i];
    if (y[i] !== 0) {
      cnt++;
      if (Math.sign(o[i]) === Math.sign(y[i])) hit++;
    }
  }
  const [B, T] = batch.u.shape;
  return {
    mse: ms > 0 ? se / ms : NaN,
    signAccuracy: cnt > 0 ? hit / cnt : NaN,
    rates: fromTyped(rates.dataSync(), [B, T, net.spec.hidden]),
  };
}
