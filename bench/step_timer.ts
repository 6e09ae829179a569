/**
 * Time a training step: wall and process CPU milliseconds of `steps` calls, each sorted, so the
 * training benches (saddle and its JavaScript peers) measure the same way.
 * @module
 */
import process from "node:process";

/** Wall and CPU (user + system) milliseconds of each of `steps` calls of `step`, sorted. */
export function timeSteps(
  step: () => unknown,
  steps: number,
): { wallMs: number[]; cpuMs: number[] } {
  const wallMs: number[] = [], cpuMs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    wallMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  wallMs.sort((a, b) => a - b);
  cpuMs.sort((a, b) => a - b);
  return { wallMs, cpuMs };
}
