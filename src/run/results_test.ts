import assert from "node:assert/strict";
import { join } from "node:path";
import { JsonResults } from "./results.ts";

Deno.test("JsonResults: every set/append leaves a complete file; done only at the end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "results.json");
    const r = new JsonResults(path);
    await r.init();
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), { done: false });
    await r.set("a", 1);
    const writes = [];
    for (let i = 0; i < 20; i++) writes.push(r.append("curve", { step: i }));
    await Promise.all(writes);
    const mid = JSON.parse(await Deno.readTextFile(path));
    assert.equal(mid.done, false);
    assert.equal(mid.a, 1);
    assert.deepEqual(mid.curve.map((p: { step: number }) => p.step), [...Array(20).keys()]);
    await r.markDone();
    assert.equal(JSON.parse(await Deno.readTextFile(path)).done, true);
    // no temporary files left behind
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["results.json"]);
    assert.throws(
      () => r.set("done", 1),
      /results.set: argument "key" must be a key other than "done" \(reserved/,
    );
    await r.set("t", new Float64Array([0.5, 1.5]));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)).t, [0.5, 1.5]);
    await r.set("s", 3);
    assert.throws(() => r.append("s", 1), /"s" holds a number/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("JsonResults: a burst of appends is coalesced into few writes, none lost", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "results.json");
    const r = new JsonResults(path);
    const all = [];
    for (let i = 0; i < 1000; i++) all.push(r.append("xs", i));
    await Promise.all(all);
    const data = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(data.xs, [...Array(1000).keys()]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("JsonResults: values are copied at call time", async () => {
  const r = new JsonResults(undefined);
  const v = { x: [1] };
  await r.set("v", v);
  v.x.push(2);
  assert.deepEqual(r.get("v"), { x: [1] });
});
