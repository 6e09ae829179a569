import assert from "node:assert/strict";
import { BUILD_STAMP_PLACEHOLDER, bundledCommit, stampBundle } from "./build_info.ts";

Deno.test("build stamp: unstamped source has no bundled commit; stamping replaces it once", () => {
  assert.equal(bundledCommit(), null);
  const text = `var a = 1;\nvar STAMP = ${JSON.stringify(BUILD_STAMP_PLACEHOLDER)};\n`;
  const c = "0123456789abcdef0123456789abcdef01234567";
  assert.equal(stampBundle(text, c), `var a = 1;\nvar STAMP = "${c}";\n`);
  assert.throws(() => stampBundle(text, "nothex!"), /stampBundle: argument "commit" must be a hex/);
  assert.throws(
    () => stampBundle("var a;", c),
    /expected the placeholder .* once in the bundle, found 0/,
  );
});
