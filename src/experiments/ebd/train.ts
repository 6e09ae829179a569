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
import { add, div, maximum, mul, square, sub } from "../../array/elementwise.ts";
import type { NDArray } from "../../array/ndarray.ts";
import { norm, sum } from "../../array/reduce.ts";
import { take } from "../../array/shape_ops.ts";
import { fromTyped } from "../../array/creation.ts";
import { allocTyped } from "../../array/dtype.ts";
import {
  ArgumentError,
  checkChoice,
  checkInRange,
  checkNonNegative,
  checkPositiveInt,
} from "../../errors/mod.ts";
import {
  bpMseGradients,
  broadcastUpdate,
  dfaFeedback,
  forwardLocalMlp,
  initCrossCorrelation,
  initLayerEntropy,
  initLocalMlp,
  layerEntropyGradient,
  type LayerEntropyState,
  layerOuterProduct,
  type LocalMlpCache,
  type LocalMlpParams,
  meanAbsCorrelation,
  mseAndCorrect,
  outputDelta,
  outputError,
  powerGradient,
  readNumbers,
  updateCosine,
  updateCrossCorrelation,
} from "../../learning_rules/mod.ts";
import { adam } from "../../optim/adam.ts";
import { sgd } from "../../optim/sgd.ts";
import type { OptState } from "../../optim/optimizer.ts";
import { stepDecay } from "../../schedules/step_decay.ts";
import { foldIn, key } from "../../random/key.ts";
import { permutation } from "../../random/permutation.ts";
import type { FitDevice } from "../../train/fit.ts";
import type { ClassificationData } from "./data.ts";

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

/** State of a method besides the weights. */
interface RuleState {
  feedback: NDArray[];
  rhat: NDArray[];
  /** All-zero broadcast matrices of the frozen R̂ = 0 control. */
  zero: NDArray[];
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
  bpGrads: LocalMlpParams | null,
): { dW: NDArray; db: NDArray }[] {
  const nh = cfg.sizes.length - 2;
  const out: { dW: NDArray; db: NDArray }[] = [];
  for (let k = 1; k <= nh; k++) {
    if (cfg.method === "bp") {
      if (!bpGrads) throw new Error("hiddenUpdates: BP needs its gradients");
      out.push({ dW: bpGrads.W[k - 1], db: bpGrads.b[k - 1] });
    } else if (cfg.method === "dfa" || cfg.method === "dfa_entropy") {
      out.push(broadcastUpdate(cache, err, st.feedback[k - 1], k));
    } else if (cfg.method === "ebd_frozen") {
      out.push(broadcastUpdate(cache, err, st.zero[k - 1], k));
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
      // normalised step µ_P / mean_n ‖h⁽ᵏ⁻¹⁾_n‖² (J_P's curvature in W⁽ᵏ⁾ grows with it); a 0-d
      // array, so nothing is read back on a device
      const hp = cache.H[k - 1];
      const mu = div(cfg.powerLr, maximum(div(sum(square(hp)), hp.shape[0]), 1e-12));
      const p = powerGradient(cache, k, cfg.powerTarget, "relu", mu);
      W[k - 1] = sub(W[k - 1], p.dW);
      b[k - 1] = sub(b[k - 1], p.db);
    }
    if (entropy && cfg.entropyLr > 0) {
      const e = layerEntropyGradient(st.entropy[k - 1], cache, k, { lambda: cfg.entropyLambda });
      st.entropy[k - 1] = e.state;
      W[k - 1] = add(W[k - 1], mul(e.dW, cfg.entropyLr));
      b[k - 1] = add(b[k - 1], mul(e.db, cfg.entropyLr));
    }
  }
  return { W, b };
}

/** Options of {@link trainEbdMethod}. */
export interface EbdTrainOptions {
  /**
   * Train on this device (a WebGPU `Gpu`): data, weights, R̂ and the optimizer state are uploaded
   * once and every step runs there as array operations (f32); the losses are read back once per
   * epoch. The entropy rules (dfa_entropy, ebd_entropy) are host only: their Woodbury update of
   * S⁻¹ needs f64.
   */
  device?: FitDevice;
  /**
   * Called once after the last epoch with the final weights and R̂ (device arrays on a device,
   * readable with `await x.data()` inside the call; released afterwards).
   */
  onFinish?: (state: { params: LocalMlpParams; rhat: NDArray[] }) => void | Promise<void>;
}

/** Every device storage referenced by a list of arrays. */
function storages(xs: readonly NDArray[]): Set<unknown> {
  return new Set(xs.map((x) => x.device).filter((d) => d !== null));
}

/** Release the device storage of `old` arrays that `keep` no longer references. */
function releaseStale(old: readonly NDArray[], keep: readonly NDArray[]): void {
  const live = storages(keep);
  for (const s of storages(old)) {
    if (!live.has(s)) (s as { release(): void }).release();
  }
}

/** The device arrays of an optimizer state (Adam's m and v, or SGD's momentum). */
function stateLeaves(st: OptState): NDArray[] {
  const out: NDArray[] = [];
  const walk = (x: unknown) => {
    if (x !== null && typeof x === "object") {
      if ("device" in (x as object) && "shape" in (x as object)) out.push(x as NDArray);
      else for (const v of Object.values(x as object)) walk(v);
    }
  };
  walk(st.slots);
  return out;
}

/**
 * Train one method and measure it every epoch (module doc). The same code runs on the host
 * (the wasm GEMM by default) and, with `opts.device`, on WebGPU.
 *
 * @param cfg the run's configuration
 * @param data standardised inputs with one-hot targets
 * @param onEpoch called with each epoch's record (epoch 0 first)
 * @param opts `{ device }`
 * @returns the records of epochs 0..epochs
 */
export async function trainEbdMethod(
  cfg: EbdTrainConfig,
  data: ClassificationData,
  onEpoch: (r: EbdEpochRecord) => void | Promise<void> = () => {},
  opts: EbdTrainOptions = {},
): Promise<EbdEpochRecord[]> {
  checkEbdTrainConfig(cfg);
  const dev = opts.device;
  if (dev && (cfg.method === "dfa_entropy" || cfg.method === "ebd_entropy")) {
    throw new ArgumentError(
      "trainEbdMethod",
      "method",
      "bp, dfa, ebd or ebd_frozen on a device (the entropy term's Woodbury update of S⁻¹ " +
        "needs f64: host only)",
      cfg.method,
    );
  }
  const up = (x: NDArray) => dev ? dev.upload(x) : x;
  const scope = <T>(fn: () => T): T => dev ? dev.scope(fn) : fn();
  const root = key(cfg.seed);
  const nh = cfg.sizes.length - 2;
  const init = initLocalMlp(foldIn(root, 0), { sizes: cfg.sizes });
  let params: LocalMlpParams = { W: init.W.map(up), b: init.b.map(up) };
  const rhat0 = initCrossCorrelation(foldIn(root, 3), cfg.sizes, { gain: cfg.rInitGain });
  const st: RuleState = {
    feedback: dfaFeedback(foldIn(root, 2), cfg.sizes).map(up),
    rhat: rhat0.map(up),
    zero: rhat0.map((r) => up(fromTyped(allocTyped(r.dtype, r.size), r.shape))),
    entropy: cfg.sizes.slice(1, -1).map((n) => initLayerEntropy(n, cfg.entropyEps)),
  };
  const last = `.${nh}`, scale = cfg.hiddenLrScale ?? 1;
  const groups = (path: string) => ({ lr: path.endsWith(last) ? 1 : scale });
  const opt = (cfg.optimizer ?? "adam") === "adam"
    ? adam({ groups })
    : sgd({ momentum: 0.9, groups });
  let optState = opt.init(params);
  const nTrain = data.train.x.shape[0], nTest = data.test.x.shape[0];
  const trainX = up(data.train.x), trainY = up(data.train.y);
  const testX = up(data.test.x), testY = up(data.test.y);
  const steps = Math.floor(nTrain / cfg.batch);
  const lrAt = stepDecay({ lr: cfg.lr, everySamples: steps * cfg.batch, factor: cfg.lrDecay ?? 1 });
  const probeIdx = Int32Array.from({ length: Math.min(cfg.probe, nTrain) }, (_, i) => i);
  const probeX = take(trainX, probeIdx), probeY = take(trainY, probeIdx);
  const records: EbdEpochRecord[] = [];

  const measure = async (epoch: number, trainLoss: number, ips: number) => {
    // every statistic as a 0-d array where the network lives, read back in one go
    const packed = scope(() => {
      const c = forwardLocalMlp(params, testX);
      const { loss, correct } = mseAndCorrect(c, testY);
      const err = outputError(c, testY);
      const corr: NDArray[] = [], rms: NDArray[] = [];
      for (let k = 1; k <= nh; k++) {
        corr.push(meanAbsCorrelation(c.H[k], err).value);
        rms.push(div(norm(c.H[k]), Math.sqrt(c.H[k].size)));
      }
      const pc = forwardLocalMlp(params, probeX);
      const perr = outputError(pc, probeY);
      const bp = bpMseGradients(params, pc, perr);
      const ups = hiddenUpdates(cfg, st, pc, perr, bp);
      const cos = ups.map((u, i) => updateCosine([u.dW, u.db], [bp.W[i], bp.b[i]]));
      return [loss, correct, ...corr, ...cos, ...st.rhat.map((r) => norm(r)), ...rms];
    });
    const v = await readNumbers(packed);
    releaseStale(packed, []);
    const rec: EbdEpochRecord = {
      epoch,
      trainLoss,
      testAccuracy: v[1] / nTest,
      testLoss: v[0],
      corr: v.slice(2, 2 + nh),
      cosToBp: v.slice(2 + nh, 2 + 2 * nh),
      rNorm: v.slice(2 + 2 * nh, 2 + 3 * nh),
      rms: v.slice(2 + 3 * nh, 2 + 4 * nh),
      imagesPerSecond: ips,
    };
    records.push(rec);
    await onEpoch(rec);
  };

  await measure(0, NaN, NaN);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const order = permutation(foldIn(foldIn(root, 1), epoch), nTrain);
    // the epoch's summed batch losses, kept where the network lives (no read inside the epoch)
    let lossSum: NDArray | null = null;
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const idx = order.subarray(s * cfg.batch, (s + 1) * cfg.batch);
      const seen = ((epoch - 1) * steps + s) * cfg.batch;
      const prev = { params, optState, rhat: st.rhat, lossSum };
      const next = scope(() => {
        const x = take(trainX, idx), y = take(trainY, idx);
        const cache = forwardLocalMlp(params, x);
        const err = outputError(cache, y);
        const loss = mseAndCorrect(cache, y).loss;
        // the full backward pass only for BP; the other rules need the output layer's gradient
        const bp = cfg.method === "bp" ? bpMseGradients(params, cache, err) : null;
        const outGrad = bp
          ? { dW: bp.W[nh], db: bp.b[nh] }
          : layerOuterProduct(outputDelta(err), cache.H[nh]);
        // R̂ is tracked for every method (a measurement); only EBD broadcasts through it.
        const rhat = cfg.method === "ebd_frozen"
          ? st.rhat
          : st.rhat.map((r, i) => updateCrossCorrelation(r, cache.H[i + 1], err, cfg.lambdaD));
        const hidden = hiddenUpdates(cfg, { ...st, rhat }, cache, err, bp);
        const grads: LocalMlpParams = {
          W: [...hidden.map((h) => h.dW), outGrad.dW],
          b: [...hidden.map((h) => h.db), outGrad.db],
        };
        const r = opt.update(params, grads, { state: optState, lr: lrAt(seen) });
        return {
          params: regulariserSteps(cfg, st, cache, r.params as LocalMlpParams),
          optState: r.state,
          rhat,
          lossSum: lossSum === null ? loss : add(lossSum, loss),
        };
      });
      if (dev) {
        const leaves = (t: typeof prev) => [
          ...t.params.W,
          ...t.params.b,
          ...stateLeaves(t.optState),
          ...t.rhat,
          ...(t.lossSum ? [t.lossSum] : []),
        ];
        releaseStale(leaves(prev), leaves(next));
      }
      ({ params, optState, lossSum } = next);
      st.rhat = next.rhat;
    }
    const [total] = await readNumbers(lossSum ? [lossSum] : []);
    const secs = (performance.now() - t0) / 1000;
    if (lossSum?.device) releaseStale([lossSum], []);
    await measure(epoch, steps > 0 ? total / steps : NaN, (steps * cfg.batch) / secs);
  }
  await opts.onFinish?.({ params, rhat: st.rhat });
  if (dev) {
    releaseStale(
      [
        ...params.W,
        ...params.b,
        ...stateLeaves(optState),
        ...st.rhat,
        ...st.feedback,
        ...st.zero,
        trainX,
        trainY,
        testX,
        testY,
        probeX,
        probeY,
      ],
      [],
    );
  }
  return records;
}
