/**
 * Runs: typed script configuration and CLI parsing, progress, incremental results, run
 * directories with metadata, figures, and sweeps (grid expansion, sharding, merge, SLURM).
 * @module
 */
export {
  applyPreset,
  type Choices,
  coerceValue,
  COMMON_FLAGS,
  type Config,
  type ConfigKind,
  type ConfigValue,
  formatHelp,
  formatValue,
  kindOf,
  parseCliArgs,
  type ParsedArgs,
  type ParseOptions,
  type Presets,
  validatePresets,
  validKeysText,
} from "./config.ts";
export { writeJsonAtomic, writeTextAtomic } from "./atomic_write.ts";
export {
  type Claim,
  type ClaimOptions,
  lockHeld,
  type LockInfo,
  sleep,
  tryClaim,
} from "./claim.ts";
export { canonicalJson, runId } from "./run_id.ts";
export { JsonResults, type ResultsWriter } from "./results.ts";
export { createProgress, type Progress, type ProgressOptions, writeStderr } from "./progress.ts";
export {
  gitInfo,
  gpuAdapterInfo,
  type RunMetadata,
  schedulerEnv,
  startMetadata,
} from "./metadata.ts";
export {
  createContext,
  type CreateContextOptions,
  type RunContext,
  type RunHandle,
} from "./context.ts";
export {
  type AnyScriptSpec,
  availableMemoryBytes,
  cgroupAvailableBytes,
  cgroupMemory,
  checkConfigKinds,
  checkMemory,
  cliMain,
  type ExecuteOptions,
  executeScript,
  explainAllocationError,
  type FigureSpec,
  formatBytes,
  type MemoryWatch,
  redrawFigures,
  runScript,
  type ScriptSpec,
  validateSpec,
} from "./script.ts";
export { expandGrid, type Grid, parseGrid, type SweepRun } from "./grid.ts";
export { parseShard, resolveShard, type Shard, shardIndices } from "./shard.ts";
export {
  loadSweep,
  type RunStatus,
  runSweep,
  type RunSweepOptions,
  type SweepManifest,
  type SweepReport,
  sweepStatus,
} from "./sweep.ts";
export { type MergeReport, mergeSweep } from "./merge.ts";
export { pidAlive, readRunState, type RunState, type RunStateInfo, thisHost } from "./run_state.ts";
export { defaultRunner, type SlurmOptions, slurmScript } from "./slurm.ts";
export { BUILD_STAMP_PLACEHOLDER, bundledCommit, stampBundle } from "./build_info.ts";
export type { PlotSpec } from "../plot/svg.ts";
