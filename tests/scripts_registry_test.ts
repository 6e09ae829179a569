import assert from "node:assert/strict";
import { scripts } from "../scripts/mod.ts";
import { formatHelp, parseCliArgs, validateSpec } from "../src/run/mod.ts";

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
