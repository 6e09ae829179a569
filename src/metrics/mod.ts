/**
 * Similarity metrics and dynamics analyses for comparing networks, generic over any pair of
 * activity matrices (rows = samples such as trial × time, columns = units): ridge linear
 * predictivity with its gradient and the readout-null projector, linear CKA, the angular
 * Procrustes distance, RSA, DSA (DMD + orthogonal Procrustes over vector fields), fixed-point
 * finding with Jacobian spectra, and cross-temporal decoding. Used by INSD (arXiv:2509.21504).
 * @module
 */
export {
  nullProjector,
  predictivity,
  predictivityAndGrad,
  type PredictivityOptions,
  type PredictivityPenalty,
  predictivityPenalty,
  type PredictivityResult,
  projectReadoutNull,
} from "./predictivity.ts";
export { linearCka } from "./cka.ts";
export { procrustesAngle } from "./procrustes.ts";
export { rdm, rsa } from "./rsa.ts";
export {
  dmd,
  type DmdOptions,
  dsaDistance,
  type DsaDistanceOptions,
  type DsaDistanceResult,
  dsaOperator,
  type DsaOperatorOptions,
} from "./dsa.ts";
export {
  type DiscreteMap,
  findFixedPoints,
  type FixedPoint,
  type FixedPointOptions,
  linearise,
  linearMap,
  rateRnnMap,
} from "./fixed_points.ts";
export { crossTemporalDecoding, type CrossTemporalOptions } from "./decoding.ts";
export { classicalMds } from "./mds.ts";
