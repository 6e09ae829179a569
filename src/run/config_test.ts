import assert from "node:assert/strict";
import { coerceValue, formatHelp, kindOf, parseCliArgs } from "./config.ts";

const defaults = {
  n: 100,
  lr: 0.1,
  name: "x",
  full: false,
  widths: [1, 2],
  tags: ["a"],
  dryRun: true,
  stepSize: 1,
};

Deno.test("parseCliArgs: overrides of every kind, kebab-case and --no-flag", () => {
  const r = parseCliArgs(defaults, [
    "--n=7",
    "--lr",
    "1e-3",
    "--step-size",
    "2",
    "--name=hello world",
    "--full",
    "--widths=4,8,16",
    "--tags=p,q",
    "--no-dry-run",
  ]);
  assert.deepEqual(r.config, {
    n: 7,
    lr: 1e-3,
    name: "hello world",
    full: true,
    widths: [4, 8, 16],
    tags: ["p", "q"],
    dryRun: false,
    stepSize: 2,
  });
  assert.deepEqual(r.overridden, [
    "n",
    "lr",
    "stepSize",
    "name",
    "full",
    "widths",
    "tags",
    "dryRun",
  ]);
  assert.equal(r.help, false);
  // defaults untouched
  assert.equal(defaults.n, 100);
});

Deno.test("parseCliArgs: common flags", () => {
  const r = parseCliArgs(defaults, [
    "--out=/tmp/x",
    "--quiet",
    "--backend=wasm",
    "--help",
    "--full=false",
  ]);
  assert.equal(r.out, "/tmp/x");
  assert.equal(r.quiet, true);
  assert.equal(r.backend, "wasm");
  assert.equal(r.help, true);
  assert.equal(r.config.full, false);
});

Deno.test("parseCliArgs: unknown keys and wrong types are named errors listing valid keys", () => {
  assert.throws(
    () => parseCliArgs(defaults, ["--m=3"], { script: "demo" }),
    /demo: unknown key "--m".*Valid keys: --n=<number>, --lr=<number>/,
  );
  assert.throws(
    () => parseCliArgs(defaults, ["--n=abc"]),
    /--n must be a finite number, got "abc"/,
  );
  assert.throws(() => parseCliArgs(defaults, ["--n="]), /--n must be a finite number, got ""/);
  assert.throws(() => parseCliArgs(defaults, ["--full=maybe"]), /--full must be true or false/);
  assert.throws(
    () => parseCliArgs(defaults, ["--widths=1,x"]),
    /comma-separated list of finite numbers/,
  );
  assert.throws(() => parseCliArgs(defaults, ["--n"]), /--n needs a value/);
  assert.throws(() => parseCliArgs(defaults, ["stray"]), /unexpected argument "stray"/);
  assert.throws(() => parseCliArgs(defaults, ["--no-n"]), /only valid for boolean keys/);
});

Deno.test("kindOf/coerceValue: kinds and JSON values", () => {
  assert.equal(kindOf("a", [1]), "number[]");
  assert.equal(kindOf("a", ["s"]), "string[]");
  assert.throws(() => kindOf("a", []), /default of "a" is an empty array/);
  assert.throws(() => kindOf("a", { x: 1 }), /default of "a" must be a number, string/);
  assert.throws(() => kindOf("a", [1, "x"]), /default of "a" must be/);
  assert.deepEqual(coerceValue("number[]", [1, 2]), { ok: true, value: [1, 2] });
  // Infinity and NaN are refused: config.json (JSON) would store them as null.
  assert.equal(coerceValue("number", "-Infinity").ok, false);
  assert.equal(coerceValue("number", NaN).ok, false);
  assert.equal(coerceValue("number[]", "1,Infinity").ok, false);
  assert.equal(coerceValue("string[]", [1]).ok, false);
  assert.equal(coerceValue("boolean", 1).ok, false);
});

Deno.test("formatHelp: every key with its default and comment", () => {
  const text = formatHelp({
    name: "t",
    description: "A test.",
    defaults: { n: 3, widths: [1, 2] },
    help: { n: "samples", widths: "layer widths" },
  });
  assert.match(text, /Usage: saddle t/);
  assert.match(text, /--n=<number>\s+default 3\s+samples/);
  assert.match(text, /--widths=<number\[\]>\s+default 1,2\s+layer widths/);
  assert.match(text, /--quiet/);
});

Deno.test("matrices: CLI rows with ';', JSON arrays, rectangular check, help", () => {
  const d = { gamma: [[1, 0], [0, 1]], n: 2 };
  assert.equal(kindOf("gamma", d.gamma), "number[][]");
  const r = parseCliArgs(d, ["--gamma=2.25,1.8;1.8,2.25"]);
  assert.deepEqual(r.config.gamma, [[2.25, 1.8], [1.8, 2.25]]);
  assert.deepEqual(d.gamma, [[1, 0], [0, 1]]);
  // a matrix of another size than the default is fine; a ragged one is not
  assert.deepEqual(parseCliArgs(d, ["--gamma=1,2,3"]).config.gamma, [[1, 2, 3]]);
  assert.throws(
    () => parseCliArgs(d, ["--gamma=1,2;3"]),
    /--gamma must be a rectangular matrix; row 1 has 1 entries, row 0 has 2, got "1,2;3"/,
  );
  assert.throws(() => parseCliArgs(d, ["--gamma=1,x;3,4"]), /entry \[0\]\[1\] = "x"/);
  assert.throws(() => parseCliArgs(d, ["--gamma=1,2;"]), /row 1 is empty/);
  assert.throws(() => parseCliArgs(d, ["--gamma="]), /--gamma must be a matrix/);
  for (const bad of ["1,2;3,4", 5, [[1, 2], [3]], [[]], [], [[1, "a"]], [[1, null]]]) {
    // from a grid file (JSON) only arrays of arrays of numbers are accepted
    const got = coerceValue("number[][]", bad);
    if (typeof bad === "string") assert.equal(got.ok, true);
    else assert.equal(got.ok, false, JSON.stringify(bad));
  }
  assert.deepEqual(coerceValue("number[][]", [[1, 2], [3, 4]]), {
    ok: true,
    value: [[1, 2], [3, 4]],
  });
  assert.throws(() => kindOf("m", [[1, 2], [3]]), /default of "m" must be a rectangular matrix/);
  assert.throws(() => kindOf("m", [[]]), /default of "m" must be a matrix/);
  const help = formatHelp({
    name: "t",
    description: "T.",
    defaults: d,
    help: { gamma: "g", n: "n" },
  });
  assert.match(help, /--gamma=<number\[\]\[\]>\s+default 1,0;0,1\s+g/);
  // every error is one line
  try {
    parseCliArgs(d, ["--gamma=1;2,3"]);
  } catch (e) {
    assert.equal((e as Error).message.includes("\n"), false);
  }
});
