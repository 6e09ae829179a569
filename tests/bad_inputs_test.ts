/**
 * The bad-input and fault catalogue (issue #19): each case feeds one bad input or fault to a
 * public entry point — the CLI block of a script (`runScript`), the config parser, the library
 * API (arrays, random, linalg, stats, schedules, optimizers, fit), data files (grids, run
 * directories, checkpoints, IDX), runs (signals, kills) and sweeps (racing, corrupt files) — and
 * asserts the documented outcome: a named one-line error that names the argument (or file), or
 * the documented state. Nothing may succeed silently, print a stack, or surface a raw runtime
 * error (TypeError, RangeError, SyntaxError, Deno.errors.*).
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as A from "../src/array/mod.ts";
import { NDArray } from "../src/array/mod.ts";
import * as R from "../src/random/mod.ts";
import * as L from "../src/linalg/mod.ts";
import * as S from "../src/stats/mod.ts";
import * as Sch from "../src/schedules/mod.ts";
import { sgd } from "../src/optim/mod.ts";
import { fit } from "../src/train/fit.ts";
import { loadCheckpoint, saveCheckpoint } from "../src/train/checkpoint.ts";
import { parseIdx, readIdx } from "../src/data/idx.ts";
import { buildVocab, decode, encode } from "../src/data/text.ts";
import { checkChoice, checkInRange, checkPositive, checkPositiveInt } from "../src/errors/mod.ts";
import {
  type AnyScriptSpec,
  coerceValue,
  createContext,
  executeScript,
  JsonResults,
  kindOf,
  mergeSweep,
  parseGrid,
  parseShard,
  readRunState,
  redrawFigures,
  resolveShard,
  runScript,
  runSweep,
  type ScriptSpec,
  sweepStatus,
  validateSpec,
} from "../src/run/mod.ts";
import { spec as demo } from "../scripts/demo.ts";
import { toy } from "./fixtures/toy_cli.ts";

const TMP = Deno.makeTempDirSync({ prefix: "saddle_bad_inputs_" });
globalThis.addEventListener("unload", () => Deno.removeSync(TMP, { recursive: true }));
let dirCount = 0;
/** A fresh directory under the catalogue's temp dir. */
function fresh(name: string): string {
  const d = join(TMP, `${name}_${dirCount++}`);
  Deno.mkdirSync(d, { recursive: true });
  return d;
}

const RAW = ["TypeError", "RangeError", "SyntaxError", "ReferenceError", "NotFound"];

/** Run `f` and check it throws a named, one-line error whose message matches `re`. */
async function expectNamedError(f: () => unknown, re: RegExp): Promise<void> {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `no error: expected ${re}`);
  assert.ok(err instanceof Error, `not an Error: ${String(err)}`);
  assert.ok(!RAW.includes(err.name), `raw runtime error ${err.name}: ${err.message}`);
  assert.match(err.message, re);
  assert.ok(!err.message.includes("\n    at "), "the message carries a stack trace");
}

type Case = [name: string, run: () => unknown, expected: RegExp];

function catalogue(group: string, cases: Case[]): void {
  for (const [name, run, re] of cases) {
    Deno.test(`bad input: ${group}: ${name}`, () => expectNamedError(run, re));
  }
}

/** Run a script's CLI block quietly into a fresh --out. */
const cliRun = (spec: AnyScriptSpec, ...args: string[]) => () =>
  runScript(spec, [...args, `--out=${fresh(spec.name)}`, "--quiet"]);

// ---------------------------------------------------------------------------------------------
// 1. The CLI of a script (what `saddle <script> --key=value` does), demo and a typed toy.
const typed: ScriptSpec<{
  n: number;
  lr: number;
  act: string;
  widths: number[];
  gamma: number[][];
  flag: boolean;
}> = {
  name: "typed",
  description: "every kind of key",
  defaults: { n: 4, lr: 0.1, act: "relu", widths: [1, 2], gamma: [[1, 0], [0, 1]], flag: false },
  help: { n: "n", lr: "lr", act: "act", widths: "widths", gamma: "gamma", flag: "flag" },
  presets: { full: { n: 8 }, small: { n: 2 } },
  choices: { act: ["relu", "tanh"] },
  main: () => Promise.resolve({}),
};
catalogue("cli", [
  ["unknown key", cliRun(typed, "--bogus=1"), /typed: unknown key "--bogus"\. Valid keys: --n=/],
  ["positional argument", cliRun(typed, "stray"), /typed: unexpected argument "stray"/],
  ["number not a number", cliRun(typed, "--n=abc"), /--n must be a finite number, got "abc"/],
  ["empty number", cliRun(typed, "--n="), /--n must be a finite number, got ""/],
  ["Infinity", cliRun(typed, "--lr=Infinity"), /--lr must be a finite number, got "Infinity"/],
  ["NaN", cliRun(typed, "--lr=NaN"), /--lr must be a finite number, got "NaN"/],
  ["missing value", cliRun(typed, "--n"), /--n needs a value \(number\), e\.g\. --n=4/],
  ["list with a hole", cliRun(typed, "--widths=1,,2"), /--widths must be a comma-separated list/],
  ["list of words", cliRun(typed, "--widths=a,b"), /--widths must be a comma-separated list/],
  ["boolean maybe", cliRun(typed, "--flag=maybe"), /--flag must be true or false, got "maybe"/],
  ["--no- on a number", cliRun(typed, "--no-n"), /--no-n is only valid for boolean keys/],
  ["--help with a value", cliRun(typed, "--help=1"), /flag --help takes no value/],
  ["empty --out", () => runScript(typed, ["--out="]), /--out needs a value/],
  ["two presets", cliRun(typed, "--full", "--preset=small"), /give one preset, got full and small/],
  [
    "unknown preset",
    cliRun(typed, "--preset=huge"),
    /unknown preset "huge" \(presets: full, small\)/,
  ],
  ["--full with a value", cliRun(typed, "--full=1"), /flag --full takes no value/],
  ["choice outside the list", cliRun(typed, "--act=gelu"), /"act" must be one of "relu", "tanh"/],
  ["ragged matrix", cliRun(typed, "--gamma=1,2;3"), /--gamma must be a rectangular matrix; row 1/],
  ["matrix entry", cliRun(typed, "--gamma=1,x;3,4"), /entry \[0\]\[1\] = "x" is not a number/],
  ["unknown backend", cliRun(typed, "--backend=tpu"), /tpu/],
  ["webgpu for a host script", cliRun(typed, "--backend=webgpu"), /not supported by this script/],
  ["--out is a file", () => {
    const f = join(fresh("outfile"), "plain");
    Deno.writeTextFileSync(f, "x");
    return runScript(typed, [`--out=${join(f, "sub")}`, "--quiet"]);
  }, /--out ".*plain\/sub" cannot be created/],
  ["--out holds another config", async () => {
    const out = fresh("other");
    await runScript(typed, [`--out=${out}`, "--quiet", "--n=5"]);
    return runScript(typed, [`--out=${out}`, "--quiet", "--n=6"]);
  }, /holds results of another config \(key "n": existing 5, new 6\)/],
  [
    "demo --bins=0",
    cliRun(demo, "--bins=0"),
    /demo: argument "bins" must be a positive integer, got 0/,
  ],
  [
    "demo --bins=-3",
    cliRun(demo, "--bins=-3"),
    /argument "bins" must be a positive integer, got -3/,
  ],
  [
    "demo --bins=1 (degenerate)",
    cliRun(demo, "--bins=1"),
    /"bins" must be a finite number in \[2, 10000\]/,
  ],
  [
    "demo --d > --n",
    cliRun(demo, "--n=10", "--d=20"),
    /"d" must be an integer in \[1, n = 10\], got 20/,
  ],
  ["demo --trials=1", cliRun(demo, "--trials=1"), /"trials" must be an integer ≥ 2/],
  ["demo --n=2.5", cliRun(demo, "--n=2.5"), /"n" must be a positive integer, got 2\.5/],
  [
    "demo --n=1e9 (memory preflight)",
    cliRun(demo, "--n=1000000000"),
    /"n" must be small enough for the run to fit in memory \(this config needs about 800 GB/,
  ],
  [
    "demo --d=1e6 --n=1e6 (memory preflight)",
    cliRun(demo, "--n=1000000", "--d=1000000"),
    /demo: argument "[nd]" must be small enough/,
  ],
  ["demo --seed=-1", cliRun(demo, "--seed=-1"), /"seed" must be a non-negative integer, got -1/],
]);

Deno.test("bad input: cli: a refused config opens no run directory", async () => {
  const out = join(fresh("refused"), "run");
  await assert.rejects(() => runScript(demo, ["--bins=0", `--out=${out}`, "--quiet"]));
  assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
});

// ---------------------------------------------------------------------------------------------
// 2. Script specs, the memory preflight and allocation failures inside main.
const hungry: ScriptSpec<{ n: number; m: number }> = {
  name: "hungry",
  description: "allocates what it is told",
  defaults: { n: 4, m: 2 },
  help: { n: "elements", m: "other" },
  memoryBytes: (cfg) => ({ bytes: 8 * cfg.n, key: "n" }),
  main(cfg) {
    const a = new Array(cfg.n); // RangeError "Invalid array length" for a negative n
    return Promise.resolve({ len: a.length });
  },
};
catalogue("script", [
  [
    "spec name with spaces",
    () => validateSpec({ ...toy, name: "My Toy" }),
    /validateSpec: name must be lower-case/,
  ],
  [
    "spec without main",
    () => validateSpec({ ...toy, main: undefined as never }),
    /has no main function/,
  ],
  [
    "spec key without help",
    () => validateSpec({ ...toy, help: { ...toy.help, steps: "" } }),
    /no help comment for key "steps"/,
  ],
  [
    "spec preset of unknown key",
    () => validateSpec({ ...toy, presets: { big: { nope: 1 } as never } }),
    /preset "big" sets unknown key "nope"/,
  ],
  [
    "spec figures not a function",
    () => validateSpec({ ...toy, figures: 3 as never }),
    /"figures" that is not a function/,
  ],
  [
    "spec memoryBytes not a function",
    () => validateSpec({ ...toy, memoryBytes: 3 as never }),
    /"memoryBytes" that is not a function/,
  ],
  [
    "library run with a config of the wrong kind",
    () => executeScript(toy, { steps: "3" } as never, { quiet: true }),
    /toy: argument "config\.steps" must be a finite number, got "3"/,
  ],
  [
    "library run with an unknown key",
    () => executeScript(toy, { stepz: 3 } as never, { quiet: true }),
    /toy: argument "config\.stepz" must be a key of the script \(steps, sleepMs, width, seed\)/,
  ],
  [
    "library run with a value outside the choices",
    () => executeScript(typed, { act: "gelu" }, { quiet: true }),
    /typed: argument "config\.act" must be one of "relu", "tanh", got "gelu"/,
  ],
  [
    "library run with a NaN",
    () => executeScript(toy, { width: NaN }, { quiet: true }),
    /toy: argument "config\.width" must be a finite number, got NaN/,
  ],
  [
    "memory preflight refuses",
    () =>
      executeScript(hungry, { n: 1e9, m: 2 }, {
        outDir: fresh("h"),
        quiet: true,
        availableBytes: 1e6,
      }),
    /hungry: argument "n" must be small enough .* needs about 8\.00 GB, 1\.00 MB available\), got 1000000000/,
  ],
  [
    "allocation RangeError names the key",
    () => executeScript(hungry, { n: -3, m: 2 }, { outDir: fresh("h"), quiet: true }),
    /hungry: ran out of memory or got an impossible size \(Invalid array length\); the keys most likely responsible: --n=-3 \(default 4\)/,
  ],
  [
    "memory watchdog stops a run that grows without bound",
    async () => {
      const out = fresh("watch");
      try {
        return await executeScript(toy, { ...toy.defaults, steps: 1e9, sleepMs: 2, width: 3 }, {
          outDir: out,
          quiet: true,
          // a machine with nothing left while this run holds 2 GB
          memoryWatch: { everyMs: 20, available: () => 1e6, rss: () => 2e9 },
        });
      } finally {
        const meta = JSON.parse(Deno.readTextFileSync(join(out, "metadata.json")));
        assert.equal(meta.status, "failed");
        assert.match(meta.error, /stopped before the machine ran out of memory/);
      }
    },
    /toy: stopped before the machine ran out of memory \(this run uses 2\.00 GB, 1\.00 MB left\); the keys most likely responsible: --steps=1000000000 \(default 3\), --width=3 \(default 1\)/,
  ],
  [
    "figures returning a bad name",
    () =>
      executeScript({ ...toy, figures: () => [{ name: "a b", plot: {} }] }, toy.defaults, {
        outDir: fresh("f"),
        quiet: true,
      }),
    /figures\(\) returned a figure name "a b"/,
  ],
  [
    "redraw of a directory without results",
    () => redrawFigures({ ...toy, figures: () => [] }, fresh("empty")),
    /plot: .*config\.json not found \(is .* a run directory\?\)/,
  ],
  ["redraw of a corrupt results.json", async () => {
    const d = fresh("redraw");
    await Deno.writeTextFile(join(d, "config.json"), "{}");
    await Deno.writeTextFile(join(d, "results.json"), "{trunc");
    return redrawFigures({ ...toy, figures: () => [] }, d);
  }, /plot: .*results\.json is not valid JSON/],
  [
    "redraw of a partial run whose figures() cannot draw it",
    async () => {
      const d = fresh("partial");
      await Deno.writeTextFile(join(d, "config.json"), "{}");
      await Deno.writeTextFile(join(d, "results.json"), '{"done": false}');
      const drawer = {
        ...toy,
        figures: (r: { loss: number[] }) => [{ name: "x", plot: { height: r.loss.length } }],
      };
      return redrawFigures(drawer, d);
    },
    /toy: figures\(\) failed on these results \(TypeError: .*\); a partial or older results\.json/,
  ],
  [
    "redraw of a script without figures",
    () => redrawFigures(toy, fresh("nofig")),
    /script "toy" has no figures\(\) to redraw/,
  ],
]);

// ---------------------------------------------------------------------------------------------
// 3. The config parser and grid files (data files of sweeps).
const registry = { toy, typed };
const grid = (o: unknown) => () => parseGrid(JSON.stringify(o), "g.json", registry);
catalogue("config and grid", [
  ["default of an empty array", () => kindOf("a", []), /default of "a" is an empty array/],
  ["default of an object", () => kindOf("a", { x: 1 }), /default of "a" must be a number, string/],
  [
    "default of a ragged matrix",
    () => kindOf("m", [[1, 2], [3]]),
    /default of "m" must be a rectangular matrix/,
  ],
  ["parse of a non-string in strict grid", () => {
    const r = coerceValue("number", "1e400");
    if (!r.ok) throw new Error(`config: --x must be ${r.expected}`);
    return r;
  }, /must be a finite number/],
  [
    "grid not JSON",
    () => parseGrid('{"script": "toy",', "g.json", registry),
    /g\.json: invalid JSON/,
  ],
  ["grid top level array", grid([1]), /g\.json: top level must be an object/],
  [
    "grid unknown script",
    grid({ script: "nope" }),
    /"script" names no script: "nope" \(known: toy, typed\)/,
  ],
  ["grid unknown key", grid({ script: "toy", extra: 1 }), /key "extra" is not a grid key/],
  [
    "grid axis of unknown key",
    grid({ script: "toy", axes: { depth: [1] } }),
    /axes\.depth is not a key of script "toy"/,
  ],
  [
    "grid axis empty",
    grid({ script: "toy", axes: { width: [] } }),
    /axes\.width must be a non-empty array/,
  ],
  [
    "grid axis value of the wrong type",
    grid({ script: "toy", axes: { width: [1, "x"] } }),
    /axes\.width\[1\] must be a finite number \(the type of toy's "width"\), got "x"/,
  ],
  [
    "grid number given as a string",
    grid({ script: "toy", base: { width: "2" } }),
    /base\.width must be a finite number/,
  ],
  [
    "grid matrix ragged",
    grid({ script: "typed", base: { gamma: [[1, 2], [3]] } }),
    /base\.gamma must be a JSON array of equal-length arrays of numbers/,
  ],
  [
    "grid matrix as a CLI string",
    grid({ script: "typed", base: { gamma: "1,2;3,4" } }),
    /base\.gamma must be a JSON array/,
  ],
  [
    "grid fractional seed",
    grid({ script: "toy", seeds: [0, 1.5] }),
    /seeds\[1\] must be an integer, got 1\.5/,
  ],
  [
    "grid seeds and axes.seed",
    grid({ script: "toy", axes: { seed: [1] }, seeds: [1] }),
    /axes\.seed conflicts with "seeds"/,
  ],
  ["grid out empty", grid({ script: "toy", out: "" }), /"out" must be a directory path/],
  ["grid duplicate runs", async () => {
    const g = parseGrid(
      JSON.stringify({ script: "toy", axes: { width: [1, 1] } }),
      "g.json",
      registry,
    );
    const { expandGrid } = await import("../src/run/grid.ts");
    return expandGrid(g, registry);
  }, /expandGrid: runs 0 and 1 have the same config/],
  ["shard malformed", () => parseShard("a/b"), /--shard must look like i\/n/],
  ["shard out of range", () => parseShard("3/3"), /shard index out of range: 3 is not in 0\.\.2/],
  [
    "SLURM index negative",
    () => resolveShard(undefined, (n) => (n === "SLURM_ARRAY_TASK_ID" ? "-1" : undefined), 4),
    /SLURM_ARRAY_TASK_ID must be a non-negative integer/,
  ],
  [
    "results key done",
    () => new JsonResults(undefined).set("done", 1),
    /results\.set: argument "key" must be a key other than "done"/,
  ],
  ["results append to a scalar", async () => {
    const r = new JsonResults(undefined);
    await r.set("x", 1);
    return r.append("x", 2);
  }, /results\.append: argument "key" must be a key holding an array/],
  [
    "createContext empty outDir",
    () => createContext({ outDir: "" }),
    /createContext: argument "outDir" must be a non-empty path/,
  ],
]);

// ---------------------------------------------------------------------------------------------
// 4. The library API: arrays, random, linalg, stats, schedules, optimizers, errors.
const f64 = (n: number) => new Float64Array(n);
catalogue("array", [
  [
    "negative stride",
    () => new NDArray(f64(6), [3], [-1], 2),
    /NDArray: argument "strides\[0\]" must be a non-negative integer/,
  ],
  [
    "fractional stride",
    () => new NDArray(f64(6), [3], [1.5]),
    /"strides\[0\]" must be a non-negative integer .* got 1\.5/,
  ],
  [
    "strides of the wrong length",
    () => new NDArray(f64(6), [2, 3], [3]),
    /"strides" must be an array of 2 non-negative integers/,
  ],
  [
    "stride reading past the buffer",
    () => new NDArray(f64(6), [3], [3]),
    /"buffer" must be at least 7 elements for shape \[3\]/,
  ],
  [
    "negative offset",
    () => new NDArray(f64(6), [3], undefined, -1),
    /"offset" must be a non-negative integer, got -1/,
  ],
  [
    "fractional offset",
    () => new NDArray(f64(6), [3], undefined, 0.5),
    /"offset" must be a non-negative integer, got 0\.5/,
  ],
  [
    "offset past the end",
    () => new NDArray(f64(6), [3], undefined, 4),
    /"buffer" must be at least 7 elements/,
  ],
  [
    "Int32Array buffer",
    () => new NDArray(new Int32Array(3) as never, [3]),
    /"buffer" must be a Float32Array, a Float64Array or device storage/,
  ],
  ["null buffer", () => new NDArray(null as never, [3]), /"buffer" must be a Float32Array/],
  [
    "negative dimension",
    () => A.zeros([2, -1]),
    /zeros|full: argument "shape" must be an array of non-negative integers/,
  ],
  [
    "fractional dimension",
    () => A.zeros([1.5]),
    /argument "shape" must be an array of non-negative integers/,
  ],
  ["shape not an array", () => A.zeros(3 as never), /argument "shape" must be an array of sizes/],
  [
    "shape beyond 2^32 elements",
    () => A.zeros([1e6, 1e6]),
    /argument "shape" must be a shape of at most 4294967295 elements/,
  ],
  [
    "ragged nested array",
    () => A.array([[1, 2], [3]]),
    /array: argument "values" must be a rectangular nested array/,
  ],
  [
    "string leaf",
    () => A.array([1, "x" as never]),
    /array: argument "values" must be a number at the leaves/,
  ],
  [
    "shape of another size",
    () => A.array([1, 2, 3], { shape: [2, 2] }),
    /array: argument "shape" must be a shape of size 3/,
  ],
  [
    "dtype f16",
    () => A.zeros([2], { dtype: "f16" as never }),
    /argument "dtype" must be "f32" or "f64", got "f16"/,
  ],
  [
    "full with a string",
    () => A.full([2], "1" as never),
    /full: argument "value" must be a number/,
  ],
  [
    "arange step 0",
    () => A.arange(0, 5, { step: 0 }),
    /arange: argument "step" must be a non-zero number/,
  ],
  [
    "arange NaN stop",
    () => A.arange(0, NaN),
    /arange: argument "stop" must be a finite number, got NaN/,
  ],
  [
    "arange of 1e12 values",
    () => A.arange(0, 1e12),
    /arange: argument "step" must be a step giving at most/,
  ],
  [
    "linspace num -1",
    () => A.linspace(0, 1, { num: -1 }),
    /linspace: argument "num" must be a non-negative integer/,
  ],
  ["eye of 1e6 x 1e6", () => A.eye(1e6), /eye: argument "n" must be a shape of at most/],
  [
    "fromTyped Int32Array",
    () => A.fromTyped(new Int32Array(2) as never),
    /fromTyped: argument "buf" must be a Float32Array or Float64Array/,
  ],
  [
    "get out of range",
    () => A.zeros([2, 2]).get(0, 2),
    /get: argument "idx\[1\]" must be an integer in \[0, 2\)/,
  ],
  [
    "get with too few indices",
    () => A.zeros([2, 2]).get(0),
    /get: argument "idx" must be 2 indices/,
  ],
  [
    "item of a vector",
    () => A.zeros([2]).item(),
    /item: argument "this" must be an array of size 1/,
  ],
  [
    "reshape to another size",
    () => A.reshape(A.zeros([2, 3]), [4]),
    /reshape: cannot reshape \[2,3\] \(6 elements\) to \[4\]/,
  ],
  [
    "reshape to a number",
    () => A.reshape(A.zeros([2, 3]), 6 as never),
    /reshape: argument "shape" must be an array of sizes, got 6/,
  ],
  [
    "broadcastTo a number",
    () => A.broadcastTo(A.zeros([2]), 2 as never),
    /broadcastTo: argument "shape" must be an array of sizes, got 2/,
  ],
  [
    "fromTyped with a number shape",
    () => A.fromTyped(f64(2), 2 as never),
    /fromTyped: argument "shape" must be an array of sizes/,
  ],
  [
    "mean of undefined",
    () => A.mean(undefined as never),
    /mean: argument "x" must be an NDArray, got undefined/,
  ],
  [
    "sum with null options",
    () => A.sum(A.zeros([2]), null as never),
    /sum: argument "opts" must be an options object/,
  ],
  [
    "reshape of null",
    () => A.reshape(null as never, [2]),
    /reshape: argument "x" must be an NDArray/,
  ],
  [
    "transpose of a plain object",
    () => A.transpose({} as never),
    /transpose: argument "x" must be an NDArray/,
  ],
  [
    "concat of numbers",
    () => A.concat([1, 2] as never),
    /concat: argument "xs\[0\]" must be an NDArray, got 1/,
  ],
  [
    "take with null indices",
    () => A.take(A.zeros([3]), null as never),
    /take: argument "indices" must be an array of integers or an NDArray/,
  ],
  [
    "slice with an object spec",
    () => A.slice(A.zeros([3]), {} as never),
    /slice: argument "specs\[0\]" must be an index, null or \[start, stop, step\]/,
  ],
  [
    "matmul inner mismatch",
    () => A.matmul(A.zeros([2, 3]), A.zeros([2, 3])),
    /matmul: inner dimensions differ/,
  ],
  [
    "sum over axis 5",
    () => A.sum(A.zeros([2, 3]), { axis: 5 }),
    /sum: argument "axis" must be an integer in \[-2, 1\], got 5/,
  ],
  [
    "broadcast mismatch",
    () => A.add(A.zeros([2, 3]), A.zeros([4])),
    /add: shapes \[2,3\] and \[4\] cannot be broadcast/,
  ],
]);
catalogue("library", [
  ["key(NaN)", () => R.key(NaN), /key: argument "seed" must be an integer/],
  [
    "normal of shape [-1]",
    () => R.normal(R.key(0), [-1]),
    /normal: argument "shape" must be an array of non-negative integers/,
  ],
  [
    "split into -1",
    () => R.split(R.key(0), -1),
    /split: argument "n" must be an integer in \[0, 2\^32\)/,
  ],
  [
    "uniform low > high",
    () => R.uniform(R.key(0), [2], { low: 1, high: 0 }),
    /argument "low" must be a number less than high=0/,
  ],
  [
    "eigvalsh of a non-square matrix",
    () => L.eigvalsh(A.zeros([2, 3])),
    /eigvalsh: argument "a" must be a square 2-D array/,
  ],
  [
    "eigvalsh with NaN",
    () => L.eigvalsh(A.array([[NaN, 0], [0, 1]])),
    /eigvalsh: argument "a" must have only finite entries/,
  ],
  [
    "cholesky of an indefinite matrix",
    () => L.cholesky(A.array([[1, 2], [2, 1]])),
    /cholesky: argument "a" must be positive definite/,
  ],
  [
    "solve with a singular matrix",
    () => L.solve(A.array([[1, 2], [2, 4]]), A.array([1, 1])),
    /solve: argument "a" must be nonsingular/,
  ],
  [
    "mean of nothing",
    () => S.mean([]),
    /mean: argument "xs" must be an array of at least 1 numbers/,
  ],
  [
    "standard error of one value",
    () => S.standardError([1]),
    /standardError: argument "xs" must be an array of at least 2/,
  ],
  [
    "log-log fit through a negative x",
    () => S.fitLogLogSlope([1, 2, -3], [1, 2, 3]),
    /fitLogLogSlope: argument "x\[2\]" must be a finite number > 0/,
  ],
  [
    "spearman of unequal lengths",
    () => S.spearman([1, 2], [1]),
    /spearman: argument "y" must be an array of length 2/,
  ],
  [
    "constant lr of -1",
    () => Sch.constantLr({ lr: -1 }),
    /constantLr: option "lr" must be a finite number > 0, got -1/,
  ],
  [
    "constant batch of 0",
    () => Sch.withConstantBatch(Sch.constantLr({ lr: 1 }), { batch: 0 }),
    /withConstantBatch: option "batch" must be a finite number > 0/,
  ],
  [
    "schedule at negative progress",
    () => Sch.constantLr({ lr: 1 })(-1),
    /constantLr: argument "samples" \(training progress\) must be a finite number >= 0/,
  ],
  [
    "sgd momentum 2",
    () => sgd({ momentum: 2 }),
    /sgd: argument "momentum" must be a number in \[0, 1\), got 2/,
  ],
  [
    "checkPositiveInt",
    () => checkPositiveInt("f", "n", 0),
    /^f: argument "n" must be a positive integer, got 0$/,
  ],
  [
    "checkPositive NaN",
    () => checkPositive("f", "x", NaN),
    /^f: argument "x" must be a finite number > 0, got NaN$/,
  ],
  [
    "checkInRange",
    () => checkInRange("f", "p", 2, 0, 1),
    /^f: argument "p" must be a finite number in \[0, 1\], got 2$/,
  ],
  [
    "checkChoice",
    () => checkChoice("f", "mode", "x", ["a", "b"]),
    /^f: argument "mode" must be one of "a", "b", got "x"$/,
  ],
]);

// ---------------------------------------------------------------------------------------------
// 5. fit: batches, schedules and losses that would give a silently wrong run.
const w0 = () => ({ w: A.zeros([2, 1]) });
const lossOf = (p: { w: NDArray }, b: { x: NDArray; y: NDArray }) =>
  A.mean(A.square(A.sub(A.matmul(b.x, p.w), b.y)));
const fitWith = (over: Record<string, unknown>) => () =>
  fit({
    params: w0(),
    loss: lossOf,
    optimizer: sgd(),
    schedule: { lr: () => 0.1, batch: () => 2 },
    data: { batch: (_s: number, n: number) => ({ x: A.ones([n, 2]), y: A.ones([n, 1]) }) },
    totalSamples: 4,
    ...over,
  } as never);
catalogue("fit", [
  [
    "empty batches",
    fitWith({ data: { batch: () => ({ x: A.zeros([0, 2]), y: A.zeros([0, 1]) }) } }),
    /fit: argument "data\.batch" must be a function returning 2 items for step 0, got "an empty batch"/,
  ],
  [
    "a batch smaller than asked",
    fitWith({
      data: { batch: () => ({ x: A.ones([1, 2]), y: A.ones([1, 1]), batchSize: 1 }) },
    }),
    /"data\.batch" must be a function returning 2 items for step 0 \(progress counts 2\), got "a batch with batchSize 1"/,
  ],
  [
    "NaN learning rate",
    fitWith({ schedule: { lr: () => NaN, batch: () => 2 } }),
    /fit: argument "schedule\.lr" must be a finite number ≥ 0 at seen=0, got NaN/,
  ],
  [
    "negative learning rate",
    fitWith({ schedule: { lr: () => -1, batch: () => 2 } }),
    /"schedule\.lr" must be a finite number ≥ 0/,
  ],
  [
    "batch size 0",
    fitWith({ schedule: { lr: () => 0.1, batch: () => 0 } }),
    /"schedule\.batch" must be a positive integer batch size, got 0/,
  ],
  [
    "totalSamples 0",
    fitWith({ totalSamples: 0 }),
    /fit: argument "totalSamples" must be a finite number > 0, got 0/,
  ],
  [
    "totalSamples Infinity",
    fitWith({ totalSamples: Infinity }),
    /"totalSamples" must be a finite number > 0, got Infinity/,
  ],
  [
    "microBatch without slice",
    fitWith({ microBatch: 1 }),
    /"data\.slice" must be a function when microBatch is set/,
  ],
  [
    "loss that is not a scalar",
    fitWith({ loss: (p: { w: NDArray }) => p.w }),
    /valueAndGrad: argument "f" must be a function returning a size-1 NDArray, got f64 array of shape \[2,1\]/,
  ],
]);

// ---------------------------------------------------------------------------------------------
// 6. Data files: IDX, text, checkpoints.
catalogue("data files", [
  [
    "IDX empty",
    () => parseIdx(new Uint8Array(0)),
    /parseIdx: argument "bytes" must be an IDX file/,
  ],
  [
    "IDX truncated",
    () => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 9, 1, 2])),
    /must be 17 bytes for u8 data of shape \[9\], got 10 bytes/,
  ],
  [
    "IDX file missing",
    () => readIdx(join(TMP, "none.idx")),
    /readIdx: argument "path" must be a readable IDX file/,
  ],
  ["IDX corrupt gzip", () => {
    const p = join(fresh("gz"), "x.idx.gz");
    Deno.writeFileSync(p, new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    return readIdx(p);
  }, /readIdx: argument "path" must be a valid gzip file/],
  [
    "text with unknown characters",
    () => encode("xyz", buildVocab("ab")),
    /encode: argument "text" must be characters of the vocabulary/,
  ],
  [
    "decode of an id out of range",
    () => decode([99], buildVocab("ab")),
    /decode: argument "ids" must be ids in \[0, 2\), got 99/,
  ],
  ["checkpoint manifest corrupt", () => {
    const d = fresh("ck");
    Deno.writeTextFileSync(join(d, "checkpoint.json"), "{trunc");
    return loadCheckpoint(d, {
      config: {},
      like: { params: w0(), opt: sgd().init(w0()) },
    });
  }, /loadCheckpoint: .*checkpoint\.json is corrupt/],
  ["checkpoint .bin truncated", async () => {
    const d = fresh("ck");
    const st = { params: { w: A.ones([2, 1]) }, opt: sgd().init(w0()), step: 1, seen: 2 };
    await saveCheckpoint(d, st, { config: {} });
    const bin = [...Deno.readDirSync(d)].find((e) => e.name.endsWith(".bin"))!.name;
    Deno.truncateSync(join(d, bin), 4);
    return loadCheckpoint(d, { config: {}, like: { ...st, params: w0() } });
  }, /is truncated or corrupt: array "params/],
]);

// ---------------------------------------------------------------------------------------------
// 7. Runs and sweeps on disk: corrupt, foreign and stale files.
async function writeRun(dir: string, files: Record<string, string>): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [f, t] of Object.entries(files)) await Deno.writeTextFile(join(dir, f), t);
}
const gridFile = (out: string, o: Record<string, unknown>) => {
  const p = join(fresh("grid"), "g.json");
  Deno.writeTextFileSync(p, JSON.stringify({ script: "toy", out, ...o }));
  return p;
};
catalogue("sweeps", [
  [
    "merge of a folder that is not a sweep",
    () => mergeSweep(fresh("nosweep")),
    /merge: ".*" is not a sweep directory/,
  ],
  ["merge of a corrupt sweep.json", () => {
    const d = fresh("corruptsweep");
    Deno.writeTextFileSync(join(d, "sweep.json"), '{"grid": ');
    return mergeSweep(d);
  }, /merge: .*sweep\.json is corrupt/],
  [
    "a second grid into a sweep folder",
    async () => {
      const out = fresh("owned");
      await runSweep(gridFile(out, { axes: { width: [1, 2] } }), { registry, quiet: true });
      return runSweep(gridFile(out, { axes: { width: [3] } }), { registry, quiet: true });
    },
    /sweep: .*sweep\.json belongs to a different grid \(script "toy", 2 runs\); use another "out"/,
  ],
  ["a sweep into a folder with a corrupt sweep.json", () => {
    const out = fresh("corruptowner");
    Deno.writeTextFileSync(join(out, "sweep.json"), "");
    return runSweep(gridFile(out, {}), { registry, quiet: true });
  }, /sweep: .*sweep\.json is corrupt/],
  [
    "a grid with an invalid run is refused before any run starts",
    async () => {
      const out = fresh("invalidgrid");
      const p = join(fresh("grid"), "g.json");
      Deno.writeTextFileSync(p, JSON.stringify({ script: "demo", out, axes: { bins: [8, 0] } }));
      try {
        return await runSweep(p, { registry: { demo }, quiet: true });
      } finally {
        assert.throws(() => Deno.statSync(join(out, "sweep.json")), Deno.errors.NotFound);
      }
    },
    /g\.json: run 1 \{"bins":0\} is invalid: demo: argument "bins" must be a positive integer, got 0/,
  ],
  [
    "a grid file that does not exist",
    () => runSweep(join(TMP, "missing.json"), { registry }),
    /sweep: cannot read grid file/,
  ],
]);

Deno.test("bad input: runs: readRunState names corrupt, stale, interrupted and failed runs", async () => {
  const cfg = JSON.stringify({ a: 1 });
  const meta = (o: Record<string, unknown>) =>
    JSON.stringify({ status: "running", pid: Deno.pid, hostname: Deno.hostname(), ...o });
  const cases: [Record<string, string>, string, RegExp][] = [
    [{}, "pending", /^$/],
    [{ "results.json": '{"done": tr', "config.json": cfg }, "corrupt", /results\.json is corrupt/],
    [
      { "results.json": '{"done": true}', "config.json": "" },
      "corrupt",
      /config\.json is corrupt: empty file/,
    ],
    [{ "results.json": "[1]", "config.json": cfg }, "corrupt", /not a JSON object/],
    [{ "results.json": '{"done": false}' }, "corrupt", /has no config\.json beside it/],
    [{ "results.json": '{"done": true}', "config.json": '{"a": 2}' }, "corrupt", /another config/],
    [{ "results.json": '{"done": true}', "config.json": cfg }, "done", /^$/],
    [
      { "results.json": '{"done": false}', "config.json": cfg, "metadata.json": meta({}) },
      "running",
      /pid \d+/,
    ],
    // pid 2^22 + 1 is above Linux's pid_max default range used by live processes here
    [
      {
        "results.json": '{"done": false}',
        "config.json": cfg,
        "metadata.json": meta({ pid: 4194305 }),
      },
      Deno.build.os === "linux" ? "stale" : "running",
      /./,
    ],
    [
      {
        "results.json": '{"done": false}',
        "config.json": cfg,
        "metadata.json": meta({ status: "interrupted", error: "stopped by SIGINT" }),
      },
      "interrupted",
      /SIGINT/,
    ],
    [
      {
        "results.json": '{"done": false}',
        "config.json": cfg,
        "metadata.json": meta({ status: "cancelled", error: "stopped by SIGTERM" }),
      },
      "interrupted",
      /SIGTERM/,
    ],
    [
      {
        "results.json": '{"done": false}',
        "config.json": cfg,
        "metadata.json": meta({ status: "failed", error: "boom" }),
      },
      "failed",
      /boom/,
    ],
    [
      { "results.json": '{"done": false}', "config.json": cfg, "metadata.json": "{" },
      "corrupt",
      /metadata\.json is corrupt/,
    ],
    [
      {
        "results.json": '{"done": false}',
        "config.json": cfg,
        "metadata.json": meta({ status: "done" }),
      },
      "corrupt",
      /says done but results\.json says done: false/,
    ],
  ];
  for (const [files, state, detail] of cases) {
    const d = fresh("state");
    await writeRun(d, files);
    const got = await readRunState(d, { a: 1 });
    assert.equal(got.state, state, `${JSON.stringify(files)} -> ${JSON.stringify(got)}`);
    assert.match(got.detail, detail);
  }
});

Deno.test("bad input: a sweep skips a run that a live process on this host is running", async () => {
  const out = fresh("busy");
  const g = gridFile(out, { axes: { width: [1, 2] } });
  const { runs } = await (await import("../src/run/sweep.ts")).loadSweep(g, registry);
  // run 0 is "running" in a live process (this one, pid alive) of this host
  await writeRun(join(out, "runs", runs[0].id), {
    "config.json": JSON.stringify(runs[0].config),
    "results.json": '{"done": false}',
    "metadata.json": JSON.stringify({
      status: "running",
      pid: Deno.pid,
      hostname: Deno.hostname(),
    }),
  });
  const r = await runSweep(g, { registry, quiet: true });
  assert.deepEqual(r.skipped, [runs[0].id]);
  assert.deepEqual(r.ran, [runs[1].id]);
  const st = await readRunState(join(out, "runs", runs[0].id), runs[0].config);
  assert.equal(st.state, "running");
  assert.equal(st.alive, true);
});

Deno.test("bad input: merge reports a corrupt results file as corrupt, not as unfinished", async () => {
  const out = fresh("mergecorrupt");
  const g = gridFile(out, { axes: { width: [1, 2, 3] } });
  await runSweep(g, { registry, quiet: true });
  const st = await sweepStatus(g, registry);
  assert.deepEqual(st.map((s) => s.state), ["done", "done", "done"]);
  await Deno.writeTextFile(join(out, "runs", st[0].id, "results.json"), '{"done": true, "lo');
  const meta = JSON.parse(await Deno.readTextFile(join(out, "runs", st[1].id, "metadata.json")));
  await Deno.writeTextFile(
    join(out, "runs", st[1].id, "metadata.json"),
    JSON.stringify({ ...meta, status: "running", pid: 4194305 }),
  );
  await Deno.writeTextFile(join(out, "runs", st[1].id, "results.json"), '{"done": false}');
  const m = await mergeSweep(out);
  assert.equal(m.rows, 1);
  assert.deepEqual(m.corrupt.map((c) => c.id), [st[0].id]);
  assert.match(m.corrupt[0].detail, /results\.json is corrupt/);
  assert.deepEqual(m.missing, [st[1].id]);
  assert.equal(m.unfinished[0].state, Deno.build.os === "linux" ? "stale" : "running");
  const listed = await sweepStatus(g, registry);
  assert.deepEqual(listed.map((s) => s.state), [
    "corrupt",
    Deno.build.os === "linux" ? "stale" : "running",
    "done",
  ]);
});

// ---------------------------------------------------------------------------------------------
// 8. Concurrency: two sweeps of different grids racing on one folder.
Deno.test("bad input: two sweeps of different grids racing on one folder: one owns it, the other is refused, nothing is lost", async () => {
  for (let trial = 0; trial < 6; trial++) {
    const out = fresh("race");
    const ga = gridFile(out, { axes: { width: [1, 2, 3] } });
    const gb = gridFile(out, { axes: { width: [7, 8, 9] } });
    const [ra, rb] = await Promise.allSettled([
      runSweep(ga, { registry, quiet: true }),
      runSweep(gb, { registry, quiet: true }),
    ]);
    const won = [ra, rb].filter((r) => r.status === "fulfilled");
    const lost = [ra, rb].filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    assert.equal(won.length, 1, `trial ${trial}: exactly one sweep owns the folder`);
    assert.match(lost[0].reason.message, /belongs to a different grid/);
    const winner = ra.status === "fulfilled" ? ga : gb;
    const m = await mergeSweep(out);
    assert.equal(m.rows, 3, `trial ${trial}: the owner's 3 finished runs are all merged`);
    assert.deepEqual(m.missing, []);
    const st = await sweepStatus(winner, registry);
    assert.ok(st.every((s) => s.state === "done"));
  }
});

// ---------------------------------------------------------------------------------------------
// 9. Signals and kills of a real process.
const FIXTURE = new URL("./fixtures/toy_cli.ts", import.meta.url).pathname;

async function startToy(out: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", FIXTURE, "--steps=100000", "--sleepMs=5", `--out=${out}`, "--quiet"],
    stdout: "null",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  // wait until the run has written its metadata and a few results
  for (let i = 0; i < 600; i++) {
    try {
      const r = JSON.parse(await Deno.readTextFile(join(out, "results.json")));
      if (Array.isArray(r.loss) && r.loss.length >= 3) return child;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill("SIGKILL");
  await child.output();
  throw new Error("the toy run did not start within 15 s");
}

Deno.test("bad input: runs: SIGINT and SIGTERM record interrupted/cancelled, SIGKILL is reported stale", async () => {
  if (Deno.build.os === "windows") return;
  for (
    const [signal, status, code] of [["SIGINT", "interrupted", 130], [
      "SIGTERM",
      "cancelled",
      143,
    ]] as const
  ) {
    const out = join(fresh("sig"), "run");
    const child = await startToy(out);
    child.kill(signal);
    const res = await child.output();
    assert.equal(res.code, code, `${signal}: exit code`);
    const meta = JSON.parse(await Deno.readTextFile(join(out, "metadata.json")));
    assert.equal(meta.status, status);
    assert.equal(meta.error, `stopped by ${signal}`);
    const results = JSON.parse(await Deno.readTextFile(join(out, "results.json")));
    assert.equal(results.done, false);
    assert.ok(results.loss.length >= 3, "finished results are kept");
    assert.equal((await readRunState(out)).state, "interrupted");
  }
  const out = join(fresh("kill"), "run");
  const child = await startToy(out);
  assert.equal((await readRunState(out)).state, "running");
  child.kill("SIGKILL");
  await child.output();
  const meta = JSON.parse(await Deno.readTextFile(join(out, "metadata.json")));
  assert.equal(meta.status, "running", "SIGKILL cannot be caught: the file still says running");
  const st = await readRunState(out);
  assert.equal(st.state, Deno.build.os === "linux" ? "stale" : "running");
  assert.match(st.detail, /is gone|pid/);
});

Deno.test("bad input: two sweep processes of different grids started together on one folder: exactly one runs", async () => {
  const out = fresh("procrace");
  const ga = gridFile(out, { axes: { width: [1, 2] } });
  const gb = gridFile(out, { axes: { width: [5, 6, 7] } });
  const run = (g: string) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", FIXTURE, "sweep", g],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
  const [a, b] = await Promise.all([run(ga), run(gb)]);
  const codes = [a.code, b.code].sort();
  assert.deepEqual(codes, [0, 1], "one sweep runs, the other is refused (exit 1)");
  const loser = a.code === 1 ? a : b;
  const err = new TextDecoder().decode(loser.stderr);
  assert.match(err, /^error: sweep: .*sweep\.json belongs to a different grid/m);
  assert.ok(!/\n\s+at /.test(err), "no stack trace");
  const m = await mergeSweep(out);
  assert.equal(m.rows, a.code === 0 ? 2 : 3, "every finished run of the owner is merged");
  assert.deepEqual(m.missing, []);
});
