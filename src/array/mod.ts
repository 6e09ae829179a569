/**
 * saddle's array type and its operations: creation, views, broadcasting elementwise ops,
 * reductions and matrix products (the last on the backend GEMM).
 * @example
 * ```ts
 * import { array, matmul, sum } from "./mod.ts";
 * const x = array([[1, 2], [3, 4]]);
 * const y = matmul(x, x, { transB: true });
 * if (sum(y).item() !== 5 + 11 + 11 + 25) throw new Error("wrong");
 * ```
 * @module
 */
export type { DType, TypedArray } from "./dtype.ts";
export { allocTyped, dtypeOf, DTYPES, epsOf, isDType, promote } from "./dtype.ts";
export { ArgumentError, checkFinite, checkSize, describe, normAxis, ShapeError } from "./errors.ts";
export type { Nested } from "./ndarray.ts";
export {
  checkShape,
  isNDArray,
  NDArray,
  rowMajorStrides,
  sizeOf,
  stridedOffsets,
} from "./ndarray.ts";
export type { DTypeOptions } from "./creation.ts";
export {
  arange,
  array,
  asArray,
  eye,
  fromTyped,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  zeros,
  zerosLike,
} from "./creation.ts";
export type { SliceSpec } from "./shape_ops.ts";
export {
  assignInto,
  astype,
  broadcastShapes,
  broadcastTo,
  concat,
  contiguous,
  copy,
  expandDims,
  flatten,
  reshape,
  slice,
  squeeze,
  stack,
  swapAxes,
  take,
  transpose,
} from "./shape_ops.ts";
export type { BinaryOp, Operand, UnaryOp } from "./elementwise.ts";
export {
  abs,
  add,
  assertFinite,
  BINARY,
  binary,
  clip,
  cos,
  div,
  eq,
  erfArray,
  exp,
  expm1,
  floor,
  ge,
  gt,
  le,
  log,
  log1p,
  lt,
  map,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  relu,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  UNARY,
  unary,
  where,
  zip,
} from "./elementwise.ts";
export type { ReduceOptions } from "./reduce.ts";
export {
  argmax,
  argmin,
  logsumexp,
  max,
  mean,
  min,
  norm,
  prod,
  reduceWith,
  std,
  sum,
  variance,
} from "./reduce.ts";
export type { MatmulOptions } from "./matmul.ts";
export { dot, matmul, outer } from "./matmul.ts";
export { erf, erfc } from "./special.ts";
export type { DeviceStorage } from "./device.ts";
export { DeviceArrayError } from "./device.ts";
export type { Numeric } from "./testing.ts";
export { assertClose, maxAbsDiff } from "./testing.ts";
