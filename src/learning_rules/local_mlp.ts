/**
 * A multi-layer perceptron with its forward pass cached layer by layer, for learning rules that
 * are written by hand rather than by autodiff (backprop with MSE, DFA, EBD): the notation of
 * Erdogan, Pehlevan & Erdogan, "Error Broadcast and Decorrelation" (arXiv:2504.11558, §2 / App. B2
 * of PAPERS.md's EBD section):
 *
 *   u⁽ᵏ⁾ = W⁽ᵏ⁾ h⁽ᵏ⁻¹⁾ + b⁽ᵏ⁾,  h⁽ᵏ⁾ = f⁽ᵏ⁾(u⁽ᵏ⁾),  h⁽⁰⁾ = x,  ε = h⁽ᴸ⁾ − y,
 *
 * f a hidden activation (ReLU by default) and the last layer linear. Shapes: `W[k]` is
 * [N_{k+1}, N_k] (out × in, the paper's orientation), `b[k]` is [N_{k+1}]; activations are
 * batch-major, `H` [B, N] (one example per row), so the forward GEMM is `U = H_prev Wᵀ`. Every
 * step is an array operation (`matmul` on the backend GEMM: wasm by default), so the same code
 * runs on host arrays and on WebGPU device arrays (f32); only reading a number back is async
 * ({@link readNumbers}).
 * @module
 */
import { allocTyped, type DType, type TypedArray } from "../array/dtype.ts";
import { fromTyped, fullLike } from "../array/creation.ts";
import {
  add,
  div,
  eq,
  exp,
  gt,
  log1p,
  minimum,
  relu,
  sigmoid,
  square,
  sub,
  tanh,
  where,
} from "../array/elementwise.ts";
import { matmul } from "../array/matmul.ts";
import { argmax, sum } from "../array/reduce.ts";
import { concat, reshape } from "../array/shape_ops.ts";
import type { NDArray } from "../array/ndarray.ts";
import { ArgumentError, checkChoice, checkPositive, checkPositiveInt } from "../errors/mod.ts";
import { type Key, split } from "../random/key.ts";
import { uniform } from "../random/uniform.ts";

/** Hidden activations with closed-form derivatives (smooth ones for gradient checks). */
export type HiddenActivation = "relu" | "tanh" | "softplus";

/** The choices of {@link HiddenActivation}. */
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ["relu", "tanh", "softplus"];

/** Weights and biases of a {@link LocalMlpConfig} network (a tree the optimizers accept). */
export type LocalMlpParams = {
  /** `W[k]`: [N_{k+1}, N_k]. */
  W: NDArray[];
  /** `b[k]`: [N_{k+1}]. */
  b: NDArray[];
};

/** Architecture of the network. */
export interface LocalMlpConfig {
  /** Widths [N_0 (input), N_1, …, N_L (output)], at least two entries. */
  sizes: number[];
  /** Hidden activation (default "relu"); the output layer is linear. */
  activation?: HiddenActivation;
  /** Element type (default "f32"). */
  dtype?: DType;
}

/** The forward pass of one batch with everything the hand-written rules need. */
export interface LocalMlpCache {
  /** `H[0]` = x and `H[k]` = h⁽ᵏ⁾, each [B, N_k] (H[L] is the linear output). */
  H: NDArray[];
  /** `U[k−1]` = u⁽ᵏ⁾ (pre-activation), each [B, N_k]. */
  U: NDArray[];
}

/** Validate a {@link LocalMlpConfig}; returns it with defaults filled in. */
export function checkLocalMlpConfig(fn: string, cfg: LocalMlpConfig): Required<LocalMlpConfig> {
  if (!Array.isArray(cfg?.sizes) || cfg.sizes.length < 2) {
    throw new ArgumentError(fn, "sizes", "at least two layer widths", cfg?.sizes);
  }
  cfg.sizes.forEach((s, i) => checkPositiveInt(fn, `sizes[${i}]`, s));
  const activation = checkChoice(fn, "activation", cfg.activation ?? "relu", HIDDEN_ACTIVATIONS);
  const dtype = checkChoice(fn, "dtype", cfg.dtype ?? "f32", ["f32", "f64"] as const);
  return { sizes: cfg.sizes, activation, dtype };
}

/**
 * Kaiming-uniform initial parameters: `W[k]` ~ U(−a, a) with a = gain·√(3/N_k) (fan-in N_k), biases
 * zero. The EBD paper's MLPs use Kaiming-uniform with gain 0.75 (arXiv:2504.11558, App. I,
 * Table 13); PyTorch's default linear init is gain 1/√3.
 *
 * @param k the key (layer k draws from `split(k, L)[k]`)
 * @param cfg architecture
 * @param opts `{ gain = 0.75 }`
 */
export function initLocalMlp(
  k: Key,
  cfg: LocalMlpConfig,
  opts: { gain?: number } = {},
): LocalMlpParams {
  const fn = "initLocalMlp";
  const { sizes, dtype } = checkLocalMlpConfig(fn, cfg);
  const gain = checkPositive(fn, "gain", opts.gain ?? 0.75);
  const keys = split(k, sizes.length - 1);
  const W: NDArray[] = [], b: NDArray[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const a = gain * Math.sqrt(3 / sizes[l]);
    W.push(uniform(keys[l], [sizes[l + 1], sizes[l]], { low: -a, high: a, dtype }));
    b.push(fromTyped(allocTyped(dtype, sizes[l + 1]), [sizes[l + 1]]));
  }
  return { W, b };
}

/** The contiguous data of a host array (a view, no copy; throws for a device array). */
export function dataOf(x: NDArray): TypedArray {
  return x.dataSync();
}

/**
 * f(u) for the hidden activation, elementwise (array ops: runs where `u` lives, host or device).
 * Softplus is log(1 + eᵘ) with u itself above 30 (where the two agree to f64 precision).
 */
export function activate(act: HiddenActivation, u: NDArray): NDArray {
  switch (act) {
    case "relu":
      return relu(u);
    case "tanh":
      return tanh(u);
    case "softplus":
      return where(gt(u, 30), u, log1p(exp(minimum(u, 30))));
    default:
      throw new Error(`activate: unknown activation ${act satisfies never}`);
  }
}

/** f'(u) for the hidden activation from u and h = f(u), elementwise (array ops, host or device). */
export function activationDerivative(act: HiddenActivation, u: NDArray, h: NDArray): NDArray {
  switch (act) {
    case "relu":
      return gt(u, 0);
    case "tanh":
      return sub(1, square(h));
    case "softplus":
      return sigmoid(u);
    default:
      throw new Error(`activationDerivative: unknown activation ${act satisfies never}`);
  }
}

/** An all-ones [rows, cols] array of `like`'s dtype where `like` lives (host or its device). */
export function onesWhere(like: NDArray, rows: number, cols: number): NDArray {
  return fullLike(like, [rows, cols], 1);
}

/**
 * Column sums of X [B, N] as an [N] array: 1ᵀX on the GEMM (on the host a k = B product is far
 * cheaper than the generic strided reduction; on a device it is one kernel).
 */
export function columnSums(x: NDArray): NDArray {
  const [rows, n] = x.shape;
  return reshape(matmul(onesWhere(x, 1, rows), x), [n]);
}

/** v [N] repeated as the rows of a [rows, N] array: 1 vᵀ on the GEMM (a contiguous result). */
export function repeatRows(v: NDArray, rows: number): NDArray {
  return matmul(onesWhere(v, rows, 1), reshape(v, [1, v.size]));
}

/**
 * Read 0-d (or one-element) arrays as numbers: one read for host or device arrays (a device
 * array is copied back once, after the queued work finishes).
 */
export async function readNumbers(xs: readonly NDArray[]): Promise<number[]> {
  if (xs.length === 0) return [];
  if (xs.every((x) => x.device === null)) return xs.map((x) => x.item());
  const packed = concat(xs.map((x) => reshape(x, [1])));
  try {
    return Array.from(await packed.data());
  } finally {
    packed.device?.release();
  }
}

/**
 * Forward pass of a batch, keeping every layer's pre-activation and activation.
 *
 * @param params weights and biases
 * @param x inputs [B, N_0]
 * @param act hidden activation (default "relu")
 * @returns the cache; the network output is `H[L]` [B, N_L]
 */
export function forwardLocalMlp(
  params: LocalMlpParams,
  x: NDArray,
  act: HiddenActivation = "relu",
): LocalMlpCache {
  const L = params.W.length;
  if (x.ndim !== 2 || x.shape[1] !== params.W[0].shape[1]) {
    throw new ArgumentError(
      "forwardLocalMlp",
      "x",
      `a [B, ${params.W[0].shape[1]}] array`,
      x,
    );
  }
  const H: NDArray[] = [x], U: NDArray[] = [];
  for (let k = 0; k < L; k++) {
    const rows = H[k].shape[0];
    const u = add(matmul(H[k], params.W[k], { transB: true }), repeatRows(params.b[k], rows));
    U.push(u);
    H.push(k === L - 1 ? u : activate(act, u));
  }
  return { H, U };
}

/**
 * The output error ε = h⁽ᴸ⁾ − y of a batch (arXiv:2504.11558 §2), batch-major [B, N_L].
 *
 * @param cache a forward pass
 * @param y targets [B, N_L] (one-hot rows for classification)
 */
export function outputError(cache: LocalMlpCache, y: NDArray): NDArray {
  const out = cache.H[cache.H.length - 1];
  if (y.ndim !== 2 || y.shape[0] !== out.shape[0] || y.shape[1] !== out.shape[1]) {
    throw new ArgumentError("outputError", "y", `a [${out.shape.join(", ")}] array`, y);
  }
  return sub(out, y);
}

/**
 * Weight and bias gradients of a layer from its local error signal: ΔW = Δᵀ H_prev (Δ [B, N_out],
 * H_prev [B, N_in]) and Δb = column sums of Δ. Every rule here ends in this product.
 *
 * @param delta per-example error signal of the layer's units [B, N_out]
 * @param hPrev the layer's input [B, N_in]
 * @returns `{ dW: [N_out, N_in], db: [N_out] }`
 */
export function layerOuterProduct(delta: NDArray, hPrev: NDArray): { dW: NDArray; db: NDArray } {
  return { dW: matmul(delta, hPrev, { transA: true }), db: columnSums(delta) };
}

/**
 * Mean squared error ½·mean_n ‖ε_n‖² of a batch (the MSE loss of arXiv:2504.11558 §2, with the ½
 * that makes its gradient ε) and the number of rows whose argmax matches the label's, as 0-d
 * arrays where the batch lives (read them with {@link readNumbers}).
 *
 * @param cache forward pass
 * @param y one-hot targets [B, N_L]
 */
export function mseAndCorrect(
  cache: LocalMlpCache,
  y: NDArray,
): { loss: NDArray; correct: NDArray } {
  const out = cache.H[cache.H.length - 1];
  const rows = out.shape[0];
  const loss = div(sum(square(sub(out, y))), 2 * rows);
  const correct = sum(eq(argmax(out, { axis: 1 }), argmax(y, { axis: 1 })));
  return { loss, correct };
}
