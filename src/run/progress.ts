/**
 * Progress reporting on stderr: a bar with rate and ETA on a TTY (redrawn in place at most 10×
 * per second), plain periodic lines otherwise (every 10 % or 30 s, for cluster logs), nothing
 * when quiet.
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

/** A progress counter. */
export interface Progress {
  /** Advance by `n` (default 1). */
  tick(n?: number): void;
  /** Finish: print the final line. */
  done(): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** "tty" (bar redrawn in place), "lines" (plain lines), "quiet" (nothing). */
  mode: "tty" | "lines" | "quiet";
  /** Sink for the text (default: synchronous write to stderr). */
  write?: (text: string) => void;
  /** Clock in milliseconds (default performance.now). */
  nowMs?: () => number;
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function fmtRate(r: number): string {
  if (!Number.isFinite(r)) return "?";
  return r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2);
}

const encoder = new TextEncoder();

/** Write to stderr synchronously (progress must interleave correctly with logs). */
export function writeStderr(text: string): void {
  const bytes = encoder.encode(text);
  let off = 0;
  while (off < bytes.length) off += Deno.stderr.writeSync(bytes.subarray(off));
}

/**
 * A progress counter for `total` units of work labelled `label`. The text for a state is
 * `label [####....] done/total pct rate/s ETA`.
 */
export function createProgress(label: string, total: number, options: ProgressOptions): Progress {
  if (!(Number.isFinite(total) && total >= 0)) {
    throw new ArgumentError("progress", "total", "a finite number ≥ 0", total);
  }
  const write = options.write ?? writeStderr;
  const now = options.nowMs ?? (() => performance.now());
  const start = now();
  let count = 0;
  let lastDraw = -Infinity;
  let lastDecile = 0;
  let finished = false;
  const line = (): string => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : NaN;
    const frac = total > 0 ? Math.min(1, count / total) : 1;
    const eta = rate > 0 ? (total - count) / rate : NaN;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    return `${label} [${bar}] ${count}/${total} ${(frac * 100).toFixed(0)}% ` +
      `${fmtRate(rate)}/s elapsed ${fmtSeconds(elapsed)} ETA ${fmtSeconds(eta)}`;
  };
  return {
    tick(n = 1): void {
      if (finished || options.mode === "quiet") {
        count += n;
        return;
      }
      count += n;
      const t = now();
      if (options.mode === "tty") {
        if (t - lastDraw >= 100) {
          write(`\r\x1b[2K${line()}`);
          lastDraw = t;
        }
      } else {
        const decile = total > 0 ? Math.floor((10 * count) / total) : 10;
        if (decile > lastDecile || t - lastDraw >= 30_000) {
          if (decile < 10) write(line() + "\n");
          lastDecile = decile;
          lastDraw = t;
        }
      }
    },
    done(): void {
      if (finished) return;
      finished = true;
      if (options.mode === "quiet") return;
      write(options.mode === "tty" ? `\r\x1b[2K${line()}\n` : line() + "\n");
    },
  };
}
