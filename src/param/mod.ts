/**
 * Parameterizations as data (SP, NTK, μP, depth-μP, CompleteP; arXiv:2505.01618 Table 1) evaluated at a
 * width and depth into init stds, forward multipliers and per-group optimizer multipliers, and
 * a coordinate-check utility.
 * @module
 */
export {
  evalLaw,
  PARAM_ALPHA,
  PARAM_TABLE,
  type ParamName,
  type PowerLaw,
  type Quantity,
} from "./table.ts";
export {
  classifyLMParam,
  type Parameterization,
  parameterize,
  type ParameterizeOptions,
  type ParamGroup,
} from "./parameterization.ts";
export {
  coordCheck,
  type CoordCheckRow,
  type CoordCheckSetup,
  logLogSlope,
} from "./coord_check.ts";
