/**
 * The three INSD tasks (Qian & Pehlevan, arXiv:2509.21504) behind one interface: sizes, a
 * training sampler, and an out-of-distribution sampler at a given input-noise level (and, for
 * MemoryPro and context-dependent integration, a longer delay / trial).
 * @module
 */
import {
  contextIntegration,
  flipFlop,
  memoryPro,
  type RnnTaskBatch,
} from "../../data/rnn_tasks/mod.ts";
import { checkChoice, checkNonNegative, checkPositiveInt } from "../../errors/mod.ts";
import type { Key } from "../../random/mod.ts";

/** Task names. */
export const INSD_TASKS = ["flipflop", "memorypro", "cdi"] as const;
/** A task name. */
export type InsdTaskName = typeof INSD_TASKS[number];

/** Timing and noise of a task (unused fields are ignored by the other tasks). */
export interface InsdTaskOptions {
  /** Trial length T (flip-flop, CDI). */
  steps: number;
  /** Input noise σ of training. */
  inputNoise: number;
  /** Flip-flop pulse probability per step. */
  pulseProb: number;
  /** MemoryPro stimulus / memory / response steps. */
  periodSteps: number;
}

/** A task: its sizes and samplers. */
export interface InsdTask {
  /** Name. */
  name: InsdTaskName;
  /** Input channels. */
  inDim: number;
  /** Output channels. */
  outDim: number;
  /** Whether performance is a sign accuracy (flip-flop, CDI) or not (MemoryPro). */
  signTargets: boolean;
  /** Training batches. */
  sample: (k: Key, batch: number) => RnnTaskBatch;
  /**
   * OOD batches at input noise `noise` and length factor `load` ≥ 1 (MemoryPro: memory delay ×
   * load; CDI: trial length × load; flip-flop: ignored).
   */
  sampleOod: (k: Key, batch: number, noise: number, load?: number) => RnnTaskBatch;
}

/** Build the named task. */
export function insdTask(name: InsdTaskName, o: InsdTaskOptions): InsdTask {
  const fn = "insdTask";
  checkChoice(fn, "name", name, INSD_TASKS);
  const T = checkPositiveInt(fn, "o.steps", o.steps);
  const sigma = checkNonNegative(fn, "o.inputNoise", o.inputNoise);
  const P = checkPositiveInt(fn, "o.periodSteps", o.periodSteps);
  switch (name) {
    case "flipflop": {
      const s = (k: Key, batch: number, noise: number) =>
        flipFlop(k, { batch, steps: T, pulseProb: o.pulseProb, inputNoise: noise });
      return {
        name,
        inDim: 3,
        outDim: 3,
        signTargets: true,
        sample: (k, b) => s(k, b, sigma),
        sampleOod: (k, b, noise) => s(k, b, noise),
      };
    }
    case "memorypro": {
      const s = (k: Key, batch: number, noise: number, load = 1) =>
        memoryPro(k, {
          batch,
          stimulusSteps: P,
          memorySteps: Math.round(P * load),
          responseSteps: P,
          inputNoise: noise,
        });
      return {
        name,
        inDim: 3,
        outDim: 3,
        signTargets: false,
        sample: (k, b) => s(k, b, sigma),
        sampleOod: s,
      };
    }
    case "cdi": {
      const s = (k: Key, batch: number, noise: number, load = 1) =>
        contextIntegration(k, {
          batch,
          steps: Math.round(T * load),
          responseSteps: 10,
          inputNoise: noise,
        });
      return {
        name,
        inDim: 4,
        outDim: 1,
        signTargets: true,
        sample: (k, b) => s(k, b, sigma),
        sampleOod: s,
      };
    }
    default:
      return name satisfies never;
  }
}
