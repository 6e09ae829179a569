/**
 * One learning rule trained on a classification task with the hand-written MLP of
 * src/learning_rules: BP with MSE, DFA, DFA+E, EBD (optionally with the entropy term) and the
 * frozen R̂ = 0 control of EBD (arXiv:2504.11558 §4, Table 1; the scaled-down plan of PAPERS.md).
 * Every method starts from the same weights and sees the same batches for a given seed; every
 * method trains its output layer with the MSE gradient and takes Adam steps on its (pseudo-)
 * gradient. Per epoch it records test accuracy, the mean |corr(h⁽ᵏ⁾, ε)| per hidden layer, the
 * cosine between the method's hidden update and the BP gradient on a fixed probe batch, and the
 * running cross-correlation norm ‖R̂⁽ᵏ⁾‖_F (tracked for every method, used as feedback by EBD).
 * @module
 */
import { fromTyped } from "../../array/creation.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { take } from "../../array/shape_ops.ts";
import { checkChoice, checkInRange, checkNonNegative, checkPositiveInt } from "../../errors/mod.ts";
import {
  bpMseGradients,
  broadcastUpdate,
  dataOf,
  dfaFeedback,
  forwardLocalMlp,
  initCrossCorrelation,
  initLayerEntropy,
  initLocalMlp,
  layerEntropyGradient,
  type LayerEntropyState,
  type LocalMlpCache,
  type LocalMlpParams,
  meanAbsCorrelation,
  mseAndCorrect,
  outputError,
  powerGradient,
  updateCosine,
  updateCrossCorrelation,
} from "../../learning_rules/mod.ts";
import { adam } from "../../optim/adam.ts";
import { sgd } from "../../optim/sgd.ts";
import { stepDecay } from "../../schedules/step_decay.ts";
import { foldIn, key } from "../../random/key.ts";
import { permutation } from "../../random/permutation.ts";
import type { ClassificationData, ClassificationSplit } from "./data.ts";

/** The compared learning rules. */
export type EbdMethod = "bp" | "dfa" | "dfa_entropy" | "ebd" | "ebd_entropy" | "ebd_frozen";

/** Every {@link EbdMethod}, in the order the figures list them. */
export const EBD_METHODS: readonly EbdMethod[] = [
  "bp",
  "dfa",
  "dfa_entropy",
  "ebd",
  "ebd_entropy",
  "ebd_frozen",
];

/** Configuration of one training run. */
export interface EbdTrainConfig {
  /** Learning rule. */
  method: EbdMethod;
  /** Widths [N_0, hidden…, N_L]. */
  sizes: number[];
  /** Passes over the training set. */
  epochs: number;
  /** Batch size B. */
  batch: number;
  /** Learning rate of the output layer; hidden layers use lr·hiddenLrScale. */
  lr: number;
  /** Learning-rate factor per epoch (step decay every epoch's samples; 1 = constant). */
  lrDecay?: number;
  /** Optimizer of every layer: Adam (β = 0.9, 0.999) or SGD with heavy-ball momentum 0.9. */
  optimizer?: "adam" | "sgd";
  /** Multiplier of the hidden layers' learning rate (default 1). */
  hiddenLrScale?: number;
  /** λ_d, forgetting factor of R̂ (paper 0.999999 over 120 epochs; shorter here). */
  lambdaD: number;
  /** Xavier gain of R̂[0] (paper 1e-2). */
  rInitGain: number;
  /** Target power P of the hidden layers (paper 0.25). */
  powerTarget: number;
  /**
   * Rate µ_P of the power-normalisation term of EBD (and the frozen control): a plain gradient
   * step W ← W − (µ_P / mean_n ‖h⁽ᵏ⁻¹⁾_n‖²) ∇J_P after the optimizer's step (its own rate, as in
   * the paper; normalised by the input power like NLMS); 0 = off.
   */
  powerLr: number;
  /** Learning rate µ_E of the entropy term (ebd_entropy, dfa_entropy): W ← W + µ_E ∇J_E. */
  entropyLr: number;
  /** λ_E, forgetting factor of the layer correlation. */
  entropyLambda: number;
  /** ε_k, ridge of the layer correlation. */
  entropyEps: number;
  /** Examples of the fixed probe batch for the update cosines. */
  probe: number;
  /** Root seed: weights from foldIn(key(seed), 0), batch order from foldIn(key(seed), 1). */
  seed: number;
}

/** One epoch's measurements (epoch 0 = before training). */
export interface EbdEpochRecord {
  /** Epoch index. */
  epoch: number;
  /** Mean training loss ½‖ε‖² over the epoch's batches (NaN at epoch 0). */
  trainLoss: number;
  /** Test accuracy (fraction). */
  testAccuracy: number;
  /** Test loss ½ mean ‖ε‖². */
  testLoss: number;
  /** mean |corr(h⁽ᵏ⁾, ε)| on the test set, per hidden layer. */
  corr: number[];
  /** Cosine between the method's hidden update and the BP gradient on the probe batch. */
  cosToBp: number[];
  /** ‖R̂⁽ᵏ⁾‖_F per hidden layer. */
  rNorm: number[];
  /** RMS activity of each hidden layer on the test set. */
  rms: number[];
  /** Training images per second over the epoch (NaN at epoch 0). */
  imagesPerSecond: number;
}

/** Check a configuration; returns it. */
export function checkEbdTrainConfig(cfg: EbdTrainConfig): EbdTrainConfig {
  const fn = "trainEbdMethod";
  checkChoice(fn, "method", cfg.method, EBD_METHODS);
  if (!Array.isArray(cfg.sizes) || cfg.sizes.length < 3) {
    throw new Error(`${fn}: argument "sizes" must be at least [in, hidden, out], got ${cfg.sizes}`);
  }
  cfg.sizes.forEach((s, i) => checkPositiveInt(fn, `sizes[${i}]`, s));
  checkNonNegative(fn, "epochs", cfg.epochs);
  checkPositiveInt(fn, "batch", cfg.batch);
  checkInRange(fn, "lr", cfg.lr, 0, Infinity);
  checkInRange(fn, "lrDecay", cfg.lrDecay ?? 1, 1e-12, 1);
  checkChoice(fn, "optimizer", cfg.optimizer ?? "adam", ["adam", "sgd"] as const);
  checkNonNegative(fn, "hiddenLrScale", cfg.hiddenLrScale ?? 1);
  checkInRange(fn, "lambdaD", cfg.lambdaD, 0, 1);
  checkNonNegative(fn, "rInitGain", cfg.rInitGain);
  checkNonNegative(fn, "powerTarget", cfg.powerTarget);
  checkNonNegative(fn, "powerLr", cfg.powerLr);
  checkNonNegative(fn, "entropyLr", cfg.entropyLr);
  checkInRange(fn, "entropyLambda", cfg.entropyLambda, 0, 1 - 1e-12);
  checkInRange(fn, "entropyEps", cfg.entropyEps, 1e-300, Infinity);
  checkPositiveInt(fn, "probe", cfg.probe);
  return cfg;
}

function norm(x: NDArray): number {
  let s = 0;
  for (const v of dataOf(x)) s += v * v;
  return Math.sqrt(s);
}

/** a + s·b into a new array (same shape). */
function addScaled(a: NDArray, b: NDArray, s: number): NDArray {
  const p = dataOf(a), q = dataOf(b);
  const out = p.slice();
  for (let i = 0; i < out.length; i++) out[i] += s * q[i];
  return fromTyped(out, a.shape);
}

/** The rows `idx` of a split's x and y. */
function rows(split: ClassificationSplit, idx: Int32Array): { x: NDArray; y: NDArray } {
  return { x: take(split.x, idx), y: take(split.y, idx) };
}

/** State of a method besides the weights. */
interface RuleState {
  feedback: NDArray[];
  rhat: NDArray[];
  entropy: LayerEntropyState[];
}

/**
 * The hidden-layer (pseudo-)gradients of a method on one batch, with R̂ already updated with the
 * batch: BP's from `bpGrads`, DFA's through the fixed feedback, EBD's ΔW₁ through R̂ (zero for the
 * frozen R̂ = 0 control). One `{dW, db}` per hidden layer.
 */
function hiddenUpdates(
  cfg: EbdTrainConfig,
  st: RuleState,
  cache: LocalMlpCache,
  err: NDArray,
  bpGrads: LocalMlpParams,
): { dW: NDArray; db: NDArray }[] {
  const nh = cfg.sizes.length - 2;
  const out: { dW: NDArray; db: NDArray }[] = [];
  for (let k = 1; k <= nh; k++) {
    if (cfg.method === "bp") {
      out.push({ dW: bpGrads.W[k - 1], db: bpGrads.b[k - 1] });
    } else if (cfg.method === "dfa" || cfg.method === "dfa_entropy") {
      out.push(broadcastUpdate(cache, err, st.feedback[k - 1], k));
    } else if (cfg.method === "ebd_frozen") {
      const m = st.rhat[k - 1];
      out.push(broadcastUpdate(cache, err, fromTyped(new Float32Array(m.size), m.shape), k));
    } else {
      out.push(broadcastUpdate(cache, err, st.rhat[k - 1], k));
    }
  }
  return out;
}

/**
 * The regularisers' plain gradient steps on the hidden layers (after the optimizer's step): power
 * normalisation for the EBD rules, the entropy term for ebd_entropy and dfa_entropy.
 */
function regulariserSteps(
  cfg: EbdTrainConfig,
  st: RuleState,
  cache: LocalMlpCache,
  params: LocalMlpParams,
): LocalMlpParams {
  const ebdLike = cfg.method.startsWith("ebd");
  const entropy = cfg.method === "ebd_entropy" || cfg.method === "dfa_entropy";
  if (!(ebdLike && cfg.powerLr > 0) && !(entropy && cfg.entropyLr > 0)) return params;
  const W = params.W.slice(), b = params.b.slice();
  for (let k = 1; k <= cfg.sizes.length - 2; k++) {
    if (ebdLike && cfg.powerLr > 0) {
      // normalised step µ_P / mean_n ‖h⁽ᵏ⁻¹⁾_n‖² (J_P's curvature in W⁽ᵏ⁾ grows with it)
      const p = powerGradient(cache, k, cfg.powerTarget);
      const hp = cache.H[k - 1];
      const mu = cfg.powerLr / Math.max(1e-12, norm(hp) ** 2 / hp.shape[0]);
      W[k - 1] = addScaled(W[k - 1], p.dW, -mu);
      b[k - 1] = addScaled(b[k - 1], p.db, -mu);
    }
    if (entropy && cfg.entropyLr > 0) {
      const e = layerEntropyGradient(st.entropy[k - 1], cache, k, { lambda: cfg.entropyLambda });
      st.entropy[k - 1] = e.state;
      W[k - 1] = addScaled(W[k - 1], e.dW, cfg.entropyLr);
      b[k - 1] = addScaled(b[k - 1], e.db, cfg.entropyLr);
    }
  }
  return { W, b };
}

/**
 * Train one method and measure it every epoch (module doc).
 *
 * @param cfg the run's configuration
 * @param data standardised inputs with one-hot targets
 * @param onEpoch called with each epoch's record (epoch 0 first)
 * @returns the records of epochs 0..epochs
 */
export async function trainEbdMethod(
  cfg: EbdTrainConfig,
  data: ClassificationData,
  onEpoch: (r: EbdEpochRecord) => void | Promise<void> = () => {},
): Promise<EbdEpochRecord[]> {
  checkEbdTrainConfig(cfg);
  const root = key(cfg.seed);
  const nh = cfg.sizes.length - 2;
  let params = initLocalMlp(foldIn(root, 0), { sizes: cfg.sizes });
  const st: RuleState = {
    feedback: dfaFeedback(foldIn(root, 2), cfg.sizes),
    rhat: initCrossCorrelation(foldIn(root, 3), cfg.sizes, { gain: cfg.rInitGain }),
    entropy: cfg.sizes.slice(1, -1).map((n) => initLayerEntropy(n, cfg.entropyEps)),
  };
  const last = `.${nh}`, scale = cfg.hiddenLrScale ?? 1;
  const groups = (path: string) => ({ lr: path.endsWith(last) ? 1 : scale });
  const opt = (cfg.optimizer ?? "adam") === "adam"
    ? adam({ groups })
    : sgd({ momentum: 0.9, groups });
  let optState = opt.init(params);
  const nTrain = data.train.x.shape[0];
  const steps = Math.floor(nTrain / cfg.batch);
  const lrAt = stepDecay({ lr: cfg.lr, everySamples: steps * cfg.batch, factor: cfg.lrDecay ?? 1 });
  const probeIdx = Int32Array.from({ length: Math.min(cfg.probe, nTrain) }, (_, i) => i);
  const probe = rows(data.train, probeIdx);
  const records: EbdEpochRecord[] = [];

  const measure = async (epoch: number, trainLoss: number, ips: number) => {
    const c = forwardLocalMlp(params, data.test.x);
    const { loss, correct } = mseAndCorrect(c, data.test.y);
    const err = outputError(c, data.test.y);
    const corr: number[] = [], rms: number[] = [];
    for (let k = 1; k <= nh; k++) {
      corr.push(meanAbsCorrelation(c.H[k], err).value);
      rms.push(norm(c.H[k]) / Math.sqrt(c.H[k].size));
    }
    const pc = forwardLocalMlp(params, probe.x);
    const perr = outputError(pc, probe.y);
    const bp = bpMseGradients(params, pc, perr);
    const ups = hiddenUpdates(cfg, st, pc, perr, bp);
    const cosToBp = ups.map((u, i) => updateCosine([u.dW, u.db], [bp.W[i], bp.b[i]]));
    const rec: EbdEpochRecord = {
      epoch,
      trainLoss,
      testAccuracy: correct / data.test.x.shape[0],
      testLoss: loss,
      corr,
      cosToBp,
      rNorm: st.rhat.map(norm),
      rms,
      imagesPerSecond: ips,
    };
    records.push(rec);
    await onEpoch(rec);
  };

  await measure(0, NaN, NaN);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const order = permutation(foldIn(foldIn(root, 1), epoch), nTrain);
    let lossSum = 0;
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const batch = rows(data.train, order.subarray(s * cfg.batch, (s + 1) * cfg.batch));
      const cache = forwardLocalMlp(params, batch.x);
      const err = outputError(cache, batch.y);
      lossSum += mseAndCorrect(cache, batch.y).loss;
      const bp = bpMseGradients(params, cache, err);
      // R̂ is tracked for every method (a measurement); only EBD broadcasts through it.
      if (cfg.method !== "ebd_frozen") {
        for (let k = 1; k <= nh; k++) {
          st.rhat[k - 1] = updateCrossCorrelation(st.rhat[k - 1], cache.H[k], err, cfg.lambdaD);
        }
      }
      const hidden = hiddenUpdates(cfg, st, cache, err, bp);
      const grads: LocalMlpParams = {
        W: [...hidden.map((h) => h.dW), bp.W[nh]],
        b: [...hidden.map((h) => h.db), bp.b[nh]],
      };
      const seen = ((epoch - 1) * steps + s) * cfg.batch;
      const r = opt.update(params, grads, { state: optState, lr: lrAt(seen) });
      params = regulariserSteps(cfg, st, cache, r.params as LocalMlpParams);
      optState = r.state;
    }
    const secs = (performance.now() - t0) / 1000;
    await measure(epoch, lossSum / steps, (steps * cfg.batch) / secs);
  }
  return records;
}
