/**
 * TensorFlow.js twin of bench/train.ts: one AdamW step of the same character-level transformer
 * LM (pre-LN, no biases, untied embeddings, learned positions, GELU-tanh, 4× MLP, final
 * LayerNorm with gain only), f32, on `@tensorflow/tfjs-backend-wasm` 4.22 (XNNPACK, SIMD build).
 * tfjs-backend-wasm runs single-threaded under Deno (its threaded build needs a browser
 * cross-origin-isolated context), so it is timed once and that measurement is reported for every
 * thread count (`tfjs_threads: 1`, `measured_at_threads`).
 *
 * Run by bench/train.ts in a fresh process (`deno run -A --no-lock bench/train_tfjs.ts CFG`);
 * prints one JSON line per entry of `threads`: `{"impl":"tfjs-wasm","threads":t,"tfjs_threads":1,
 * "measured_at_threads":..,"step_ms_median":..,"cpu_ms_median":..}`.
 *
 * The embedding lookup is a one-hot matmul (tfjs-backend-wasm has no `UnsortedSegmentSum`, the
 * VJP of `gather`): +0.3 GFLOP per step (+1.3%), not counted.
 *
 * AdamW: tfjs has Adam only; the decoupled decay `p ← p − lr·wd·p` (Loshchilov & Hutter,
 * arXiv:1711.05101, Alg. 2) is applied before the Adam update, as torch.optim.AdamW does.
 *
 * @module
 */
import { timeSteps } from "./step_timer.ts";
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";

const cfg = JSON.parse(Deno.args[0] ?? "{}");
const { vocab: V, context: T, dim: D, heads: H, layers: L, batch: B } = {
  vocab: 96,
  context: 128,
  dim: 128,
  heads: 4,
  layers: 4,
  batch: 32,
  ...cfg,
};
const STEPS: number = cfg.steps ?? 5;
const THREADS: number[] = cfg.threads ?? [1];

await tf.setBackend("wasm");
await tf.ready();
tf.enableProdMode();

const GC = Math.sqrt(2 / Math.PI);
const hd = D / H;

function init(): Record<string, tf.Variable> {
  const p: Record<string, tf.Variable> = {};
  const n = (name: string, shape: number[], std: number) =>
    p[name] = tf.variable(tf.randomNormal(shape, 0, std, "float32", 1 + Object.keys(p).length));
  n("tok", [V, D], 0.02);
  n("pos", [T, D], 0.02);
  for (let l = 0; l < L; l++) {
    p[`ln1_${l}`] = tf.variable(tf.ones([D]));
    p[`ln2_${l}`] = tf.variable(tf.ones([D]));
    for (const w of ["q", "k", "v", "o"]) n(`${w}_${l}`, [D, D], 1 / Math.sqrt(D));
    n(`up_${l}`, [D, 4 * D], 1 / Math.sqrt(D));
    n(`down_${l}`, [4 * D, D], 1 / Math.sqrt(4 * D));
  }
  p.lnf = tf.variable(tf.ones([D]));
  n("unemb", [D, V], 1 / Math.sqrt(D));
  return p;
}

function layerNorm(x: tf.Tensor2D, g: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(variance.add(1e-5).rsqrt()).mul(g) as tf.Tensor2D;
}

function gelu(x: tf.Tensor): tf.Tensor {
  return x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(GC)).add(1));
}

const params = init();
const tokens = tf.randomUniform([B * T], 0, V, "int32", 11) as tf.Tensor1D;
const targets = tf.randomUniform([B * T], 0, V, "int32", 12) as tf.Tensor1D;
const tokOneHot = tf.oneHot(tokens, V).toFloat() as tf.Tensor2D;
const mask = tf.linalg.bandPart(tf.ones([T, T]), -1, 0).sub(1).mul(1e9); // 0 allowed, −1e9 not

function loss(): tf.Scalar {
  const p = params;
  // embedding as one-hot × table: the wasm backend lacks UnsortedSegmentSum, gather's VJP
  let x = tf.matMul(tokOneHot, p.tok as tf.Tensor2D).reshape([B, T, D]).add(p.pos).reshape([
    B * T,
    D,
  ]) as tf.Tensor2D;
  for (let l = 0; l < L; l++) {
    const h = layerNorm(x, p[`ln1_${l}`]);
    const heads = (w: tf.Tensor) =>
      tf.matMul(h, w as tf.Tensor2D).reshape([B, T, H, hd]).transpose([0, 2, 1, 3]);
    const q = heads(p[`q_${l}`]), k = heads(p[`k_${l}`]), v = heads(p[`v_${l}`]);
    const s = tf.matMul(q, k, false, true).mul(1 / Math.sqrt(hd)).add(mask);
    const a = tf.matMul(tf.softmax(s), v).transpose([0, 2, 1, 3]).reshape([B * T, D]);
    x = x.add(tf.matMul(a as tf.Tensor2D, p[`o_${l}`] as tf.Tensor2D));
    const u = tf.matMul(layerNorm(x, p[`ln2_${l}`]), p[`up_${l}`] as tf.Tensor2D);
    x = x.add(tf.matMul(gelu(u) as tf.Tensor2D, p[`down_${l}`] as tf.Tensor2D));
  }
  const logits = tf.matMul(layerNorm(x, p.lnf), p.unemb as tf.Tensor2D);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, V), logits) as tf.Scalar;
}

const LR = 1e-3, WD = 0.1;
const opt = tf.train.adam(LR, 0.9, 0.999, 1e-8);
function step(): number {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss);
    for (const v of Object.values(params)) v.assign(v.mul(1 - LR * WD));
    opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    return value.dataSync()[0];
  });
}

step(); // warm-up
// tfjs-backend-wasm is single-threaded here: one measurement, reported for every thread count
const { wallMs: times, cpuMs: cpu } = timeSteps(step, STEPS);
for (const t of THREADS) {
  console.log(JSON.stringify({
    impl: "tfjs-wasm",
    tfjs: tf.version.tfjs,
    threads: t,
    tfjs_threads: 1,
    measured_at_threads: THREADS[0],
    step_ms_median: Math.round(times[Math.floor(times.length / 2)]),
    step_ms_best: Math.round(times[0]),
    cpu_ms_median: Math.round(cpu[Math.floor(cpu.length / 2)]),
  }));
}
