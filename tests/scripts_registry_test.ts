import assert from "node:assert/strict";
import { scripts } from "../scripts/mod.ts";
import { expandGrid, formatHelp, parseCliArgs, parseGrid, validateSpec } from "../src/run/mod.ts";

Deno.test("script registry: every entry is a valid spec under its own name, with help for every key", () => {
  assert.ok("demo" in scripts);
  for (const [key, spec] of Object.entries(scripts)) {
    validateSpec(spec);
    assert.equal(spec.name, key, `registry key ${key} names spec ${spec.name}`);
    const help = formatHelp(spec);
    for (const k of Object.keys(spec.defaults)) assert.match(help, new RegExp(`--${k}=<`));
    // The defaults round-trip through the CLI parser unchanged.
    assert.deepEqual(parseCliArgs(spec.defaults, []).config, spec.defaults);
  }
});

Deno.test("example grids in scripts/grids/ parse and expand", async () => {
  const dir = new URL("../scripts/grids/", import.meta.url);
  let n = 0;
  for (const e of Deno.readDirSync(dir)) {
    if (!e.name.endsWith(".json")) continue;
    const path = new URL(e.name, dir).pathname;
    const grid = parseGrid(await Deno.readTextFile(path), path, scripts);
    const runs = await expandGrid(grid, scripts);
    assert.ok(runs.length > 0);
    n++;
  }
  assert.ok(n >= 1);
});
