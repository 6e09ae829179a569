/**
 * The `bench:train` model and its training step, shared by bench/train.ts (timing against the
 * peers) and bench/profile_step.ts (per-op profile): a 4-layer, d = 128, 4-head, context 128,
 * batch 32 character-level transformer LM (vocab 96), AdamW (weight decay 0.1, lr 1e-3), on a fixed
 * random batch of tokens and targets. bench/train_torch.py and bench/train_tfjs.ts build the same
 * model from {@linkcode BENCH_MODEL}.
 * @module
 */
import { valueAndGrad } from "../src/autodiff/mod.ts";
import { crossEntropyLoss, transformerLM } from "../src/nn/mod.ts";
import { adamw } from "../src/optim/mod.ts";
import { key } from "../src/random/key.ts";
import { randomBits } from "../src/random/bits.ts";

/** Shape of the bench model and its batch. */
export const BENCH_MODEL = { vocab: 96, context: 128, dim: 128, heads: 4, layers: 4, batch: 32 };

/**
 * A fresh model (key 0), optimizer state and batch (key 1); returns one AdamW step that updates
 * the parameters in place of the closure and returns the step's loss (nats/token).
 */
export function benchTrainStep(): () => number {
  const { vocab, context, dim, heads, layers, batch } = BENCH_MODEL;
  const model = transformerLM({ vocab, context, dim, heads, layers });
  let params = model.init(key(0));
  const opt = adamw({ weightDecay: 0.1 });
  let state = opt.init(params);
  const n = batch * context;
  const bits = randomBits(key(1), 2 * n);
  const tokens = new Int32Array(n), targets = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    tokens[i] = bits[i] % vocab;
    targets[i] = bits[n + i] % vocab;
  }
  const x = { tokens, batch, seq: context };
  const vg = valueAndGrad((p: typeof params) => crossEntropyLoss(model.apply(p, x), targets));
  return () => {
    const { value, grad } = vg(params);
    const r = opt.update(params, grad, { state, lr: 1e-3 });
    params = r.params;
    state = r.state;
    return value.item();
  };
}
