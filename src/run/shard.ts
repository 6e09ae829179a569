/**
 * Which share of a sweep this process runs: `--shard=i/n`, or a scheduler's array index
 * (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN; Kubernetes
 * Indexed Jobs' JOB_COMPLETION_INDEX with SADDLE_SHARD_COUNT = completions, or one run per index
 * when that is unset). Shard i of n runs the runs whose index ≡ i (mod n).
 * @module
 */

/** A shard: this process runs indices ≡ index (mod count). */
export interface Shard {
  /** This shard's index, 0 ≤ index < count. */
  index: number;
  /** Number of shards. */
  count: number;
  /** Where the shard came from ("--shard", "SLURM_ARRAY_TASK_ID", ...; "all" for no sharding). */
  source: string;
}

/** Parse `"i/n"` (0 ≤ i < n); throws a named error otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`sweep: --shard must look like i/n (e.g. 0/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new Error(`sweep: --shard count must be ≥ 1, got "${text}"`);
  if (index >= count) {
    throw new Error(
      `sweep: shard index out of range: ${index} is not in 0..${count - 1} ("${text}")`,
    );
  }
  return { index, count, source: "--shard" };
}

/**
 * The shard for this process: `--shard` if given, else SLURM or Kubernetes array variables from
 * `env`, else all runs. Without a task count the count is `nRuns` (one run per array index).
 * An index outside 0..count-1 is a named error.
 */
export function resolveShard(
  shardArg: string | undefined,
  env: (name: string) => string | undefined,
  nRuns: number,
): Shard {
  if (shardArg !== undefined) return parseShard(shardArg);
  const fromEnv = (name: string, countName?: string, minName?: string): Shard | undefined => {
    const raw = env(name);
    if (raw === undefined || raw === "") return undefined;
    const idx = Number(raw);
    if (!Number.isInteger(idx) || idx < 0) {
      throw new Error(`sweep: ${name} must be a non-negative integer, got "${raw}"`);
    }
    const min = minName && env(minName) ? Number(env(minName)) : 0;
    const countRaw = countName ? env(countName) : undefined;
    const count = countRaw !== undefined && countRaw !== "" ? Number(countRaw) : nRuns;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`sweep: ${countName} must be a positive integer, got "${countRaw}"`);
    }
    const index = idx - min;
    if (index < 0 || index >= count) {
      throw new Error(
        `sweep: shard index out of range: ${name}=${raw}${min ? ` (min ${min})` : ""} is not in ` +
          `0..${count - 1} (${countName ?? "number of runs"} = ${count})`,
      );
    }
    return { index, count, source: name };
  };
  return fromEnv("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN") ??
    fromEnv("JOB_COMPLETION_INDEX", "SADDLE_SHARD_COUNT") ??
    { index: 0, count: 1, source: "all" };
}

/** The runs of shard `s` among `n` runs: indices i with i mod count = index. */
export function shardIndices(s: Shard, n: number): number[] {
  const out: number[] = [];
  for (let i = s.index; i < n; i += s.count) out.push(i);
  return out;
}
