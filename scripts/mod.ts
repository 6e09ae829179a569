/**
 * The script registry used by `cli.ts` (`saddle <script>`, `saddle list`, sweeps). Each paper
 * script adds one import and one entry; nothing registers itself on import.
 * @module
 */
import type { AnyScriptSpec } from "../src/run/mod.ts";
import { spec as demo } from "./demo.ts";

/** Every runnable script by name. */
export const scripts: Readonly<Record<string, AnyScriptSpec>> = {
  demo,
};
