/**
 * saddle: a Deno-native toolkit for the theory of deep learning. Run a paper's models and its
 * theory side by side, see the curves agree, change one thing and run again.
 *
 * The core (arrays, backends, random keys, linear algebra) is exported flat — what a user needs,
 * not the kernels behind it (strided offsets, typed-array allocation, worker start-up and the f64
 * LAPACK-style cores stay reachable from their own modules). Every other area is a namespace
 * named after its folder, so names never clash (`ad.matmul` is the differentiable twin of
 * `matmul`); each paper's experiments are `experiments.<paper>`. Each area is also importable on
 * its own (deno.json `exports`).
 *
 * @example
 * ```ts
 * import { array, eigh, matmul } from "./mod.ts";
 * const a = array([[2, 1], [1, 2]]);
 * const { values } = eigh(matmul(a, a));
 * if (Math.abs(values.get(1) - 9) > 1e-12) throw new Error("wrong eigenvalue");
 * ```
 * @module
 */
// Arrays: the one array type, creation, views, elementwise maths, reductions, products.
export {
  abs,
  add,
  arange,
  argmax,
  argmin,
  array,
  asArray,
  assertClose,
  assertFinite,
  astype,
  type BinaryOp,
  broadcastShapes,
  broadcastTo,
  clip,
  concat,
  contiguous,
  copy,
  cos,
  DeviceArrayError,
  type DeviceStorage,
  div,
  dot,
  type DType,
  type DTypeOptions,
  eq,
  erf,
  erfArray,
  erfc,
  exp,
  expandDims,
  expm1,
  eye,
  flatten,
  floor,
  fromTyped,
  full,
  ge,
  gt,
  isNDArray,
  le,
  linspace,
  log,
  log1p,
  logsumexp,
  lt,
  matmul,
  type MatmulOptions,
  max,
  maxAbsDiff,
  maximum,
  mean,
  min,
  minimum,
  mul,
  NDArray,
  ne,
  neg,
  type Nested,
  norm,
  type Numeric,
  ones,
  onesLike,
  type Operand,
  outer,
  pow,
  prod,
  reciprocal,
  type ReduceOptions,
  relu,
  reshape,
  sigmoid,
  sign,
  sin,
  slice,
  type SliceSpec,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  swapAxes,
  take,
  tanh,
  transpose,
  type TypedArray,
  type UnaryOp,
  variance,
  where,
  zeros,
  zerosLike,
} from "./src/array/mod.ts";
// Named errors for bad input, shared by every layer.
export { ArgumentError, ShapeError } from "./src/errors/mod.ts";
// Backends, chosen by name; threads of the wasm backend; the kernel contract's types.
export {
  type AdamwStepArgs,
  type Backend,
  type BackendName,
  backendNames,
  configureWasmThreads,
  defaultBackendName,
  type GemmArgs,
  type GemmBatchedArgs,
  type GemvArgs,
  type HostBlas,
  type Kernels,
  type ReduceOp,
  setDefaultBackend,
  shutdownWorkers,
  type Strided,
  UnknownBackendError,
  wasmThreads,
} from "./src/backend/mod.ts";
// Splittable random keys (Philox-4x32-10) and samplers.
export {
  bernoulli,
  categorical,
  choice,
  type ChoiceOptions,
  foldIn,
  type Key,
  key,
  normal,
  type NormalArrayOptions,
  type NormalOptions,
  orthogonal,
  permutation,
  split,
  uniform,
  type UniformArrayOptions,
  type UniformOptions,
} from "./src/random/mod.ts";
// Dense linear algebra (f64 first).
export {
  applySym,
  cholesky,
  type CholeskyOptions,
  choSolve,
  cond,
  ConvergenceError,
  det,
  eigh,
  type EighOptions,
  type EighResult,
  eigvals,
  eigvalsh,
  type EigvalsResult,
  expm,
  inv,
  invSym,
  kron,
  LinalgError,
  logm,
  lstsq,
  type LstsqOptions,
  type LstsqResult,
  lu,
  type LuResult,
  matrixRank,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSymmetricError,
  pinv,
  qr,
  type QrOptions,
  type QrResult,
  SingularMatrixError,
  slogdet,
  type SlogdetResult,
  solve,
  solveTriangular,
  type SolveTriangularOptions,
  sqrtm,
  svd,
  type SvdOptions,
  type SvdResult,
  svdvals,
  trace,
  type WoodburyResult,
  woodburyUpdate,
} from "./src/linalg/mod.ts";
export * as ad from "./src/autodiff/mod.ts";
export * as data from "./src/data/mod.ts";
export * as experiments from "./src/experiments/mod.ts";
export * as learningRules from "./src/learning_rules/mod.ts";
export * as metrics from "./src/metrics/mod.ts";
export * as models from "./src/models/mod.ts";
export * as nn from "./src/nn/mod.ts";
export * as optim from "./src/optim/mod.ts";
export * as param from "./src/param/mod.ts";
export * as plot from "./src/plot/mod.ts";
export * as run from "./src/run/mod.ts";
export * as schedules from "./src/schedules/mod.ts";
export * as sim from "./src/sim/mod.ts";
export * as stats from "./src/stats/mod.ts";
export * as theory from "./src/theory/mod.ts";
export * as train from "./src/train/mod.ts";
export * as webgpu from "./src/backend/webgpu/mod.ts";
