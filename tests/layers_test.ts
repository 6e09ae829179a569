/**
 * The layer check (`deno task check:layers`, part of `deno task ok`): imports inside `src/` only
 * point down the layer order below (DESIGN.md §1), and nothing in `src/` imports `scripts/`,
 * `cli.ts` or `mod.ts`. Modules on one layer may import each other. Tests (`*_test.ts`) and
 * private test helpers (`_testing.ts`) are exempt: they may use anything.
 *
 * The order is what the code is today (checked by this test), lowest first. Where it differs
 * from the first sketch in DESIGN.md §1: `backend/webgpu` sits above `array` (its storage makes
 * arrays), `linalg` below `random` (`orthogonal` uses the Householder QR), `plot` and `run` below
 * `train` (fit draws progress bars and writes its curve atomically with src/run's helpers).
 * A new top-level folder of `src/` must be given a layer here, or this test fails.
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The layers, lowest first; a module may import its own layer and the layers before it. */
export const LAYERS: readonly (readonly string[])[] = [
  ["kernels"], // kernels/ (AssemblyScript build, WGSL sources), outside src/
  ["errors"],
  ["backend"], // cpu, wasm, the kernel contract and registry
  ["array"],
  ["backend/webgpu"],
  ["stats", "plot"],
  ["linalg"],
  ["random"],
  ["autodiff"],
  ["nn"],
  ["optim", "schedules"],
  ["param"],
  ["data"],
  ["theory"],
  ["models", "sim"],
  ["metrics", "learning_rules"],
  ["run"],
  ["train"],
  ["experiments"],
];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");

/**
 * The unit of a file: its top folder under src/ (or `backend/webgpu`), `kernels` for kernels/,
 * null elsewhere (scripts, tests, cli.ts, mod.ts: not importable from src/).
 */
export function unitOf(path: string): string | null {
  if (!relative(join(ROOT, "kernels"), path).startsWith("..")) return "kernels";
  const rel = relative(SRC, path);
  if (rel.startsWith("..")) return null;
  const parts = rel.split("/");
  if (parts.length < 2) return ""; // a file directly in src/
  if (parts[0] === "backend" && parts[1] === "webgpu") return "backend/webgpu";
  return parts[0];
}

/** Layer index of a unit, or -1 for a unit without a layer. */
export function levelOf(unit: string): number {
  return LAYERS.findIndex((l) => l.includes(unit));
}

/** Relative import specifiers of a TypeScript source (static, re-export and dynamic imports). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.{1,2}\/[^"]+)"/g;
  for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* sources(p);
    else if (
      e.name.endsWith(".ts") && !e.name.endsWith("_test.ts") && e.name !== "_testing.ts"
    ) yield p;
  }
}

/** Why importing `spec` from `file` (under src/) breaks the layer order, or null if it does not. */
export function violation(file: string, spec: string): string | null {
  const from = unitOf(file)!;
  const to = unitOf(resolve(dirname(file), spec));
  if (to === null) return `${relative(ROOT, file)} imports ${spec}, outside src/ and kernels/`;
  if (to === from || levelOf(to) <= levelOf(from)) return null;
  return `${relative(ROOT, file)} (layer ${from}) imports ${spec} (layer ${to}, which is above)`;
}

/** Every import in src/ that points up the layer order (or out of src/ into scripts or cli). */
export async function layerViolations(): Promise<string[]> {
  const bad: string[] = [];
  for await (const file of sources(SRC)) {
    const from = unitOf(file)!;
    const lf = levelOf(from);
    if (lf < 0) {
      bad.push(`${relative(ROOT, file)}: folder src/${from} has no layer in tests/layers_test.ts`);
      continue;
    }
    for (const spec of importsOf(await Deno.readTextFile(file))) {
      const v = violation(file, spec);
      if (v !== null) bad.push(v);
    }
  }
  return bad.sort();
}

Deno.test("layers: imports in src/ point down the layer order", async () => {
  const bad = await layerViolations();
  assert.deepEqual(bad, [], `imports up the layer order:\n  ${bad.join("\n  ")}`);
});

Deno.test("layers: the checker finds an upward import and resolves units", () => {
  assert.deepEqual(
    importsOf(
      `import { a } from "../array/mod.ts";\nexport * from "./x.ts";\n` +
        `import "./side.ts";\nconst m = await import("../run/mod.ts");\nimport y from "npm:z";`,
    ),
    ["../array/mod.ts", "./x.ts", "./side.ts", "../run/mod.ts"],
  );
  assert.equal(unitOf(join(SRC, "backend/webgpu/gpu.ts")), "backend/webgpu");
  assert.equal(unitOf(join(SRC, "backend/cpu/blas.ts")), "backend");
  assert.equal(unitOf(join(ROOT, "scripts/demo.ts")), null);
  assert.equal(unitOf(join(ROOT, "kernels/wgsl/mod.ts")), "kernels");
  // array may import errors but not linalg; nothing in src/ imports scripts/
  assert.equal(violation(join(SRC, "array/x.ts"), "../errors/mod.ts"), null);
  assert.match(
    violation(join(SRC, "array/x.ts"), "../linalg/mod.ts") ?? "",
    /src\/array\/x\.ts \(layer array\) imports \.\.\/linalg\/mod\.ts \(layer linalg, which is above\)/,
  );
  assert.match(violation(join(SRC, "run/x.ts"), "../../scripts/demo.ts") ?? "", /outside src/);
  assert.match(violation(join(SRC, "backend/cpu/x.ts"), "../webgpu/gpu.ts") ?? "", /above/);
  assert.ok(levelOf("array") > levelOf("errors"));
  assert.ok(levelOf("linalg") > levelOf("array"));
  assert.ok(levelOf("experiments") > levelOf("train"));
  assert.equal(levelOf("nonexistent"), -1);
});
