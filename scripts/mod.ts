/**
 * The script registry used by `cli.ts` (`saddle <script>`, `saddle list`, sweeps). Each paper
 * script adds one import and one entry; nothing registers itself on import.
 * @module
 */
import type { AnyScriptSpec } from "../src/run/mod.ts";
import { spec as completep } from "./completep.ts";
import { spec as demo } from "./demo.ts";
import { spec as ebd } from "./ebd.ts";
import { spec as icl_deep_scaling } from "./icl_deep_scaling.ts";
import { spec as icl_linear_attention } from "./icl_linear_attention.ts";
import { spec as insd } from "./insd.ts";
import { spec as kinetic_glass } from "./kinetic_glass.ts";
import { spec as seesaw } from "./seesaw.ts";
import { spec as sgd_risk } from "./sgd_risk.ts";
import { spec as summary_statistics } from "./summary_statistics.ts";
import { spec as transfer } from "./transfer.ts";

/** Every runnable script by name. */
export const scripts: Readonly<Record<string, AnyScriptSpec>> = {
  completep,
  demo,
  ebd,
  icl_deep_scaling,
  icl_linear_attention,
  insd,
  kinetic_glass,
  seesaw,
  sgd_risk,
  summary_statistics,
  transfer,
};
