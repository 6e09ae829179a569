/**
 * The cluster artifact: `deno bundle` of cli.ts (wasm kernels, resvg wasm and the font inlined)
 * run from an empty directory with `--cached-only` must give exactly the results of `deno run`.
 * Set SADDLE_BUNDLE=path to test a prebuilt bundle instead of building one.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pngSize } from "../src/plot/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const deno = Deno.execPath();

async function run(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(deno, {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("bundle: runs from an empty directory with --cached-only, same results as deno run", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "saddle_bundle_" });
  try {
    let bundle = Deno.env.get("SADDLE_BUNDLE");
    let stamped: string | undefined;
    if (bundle === undefined) {
      bundle = join(tmp, "saddle.js");
      const b = await run(["bundle", "--platform", "deno", "-o", bundle, "cli.ts"], root);
      assert.equal(b.code, 0, `deno bundle failed:\n${b.stderr}`);
      const st = await run(["run", "-A", "src/run/build_info.ts", bundle], root);
      assert.equal(st.code, 0, `stamping failed:\n${st.stderr}`);
      stamped = /with commit ([0-9a-f]{40})/.exec(st.stderr)?.[1];
    }
    const empty = join(tmp, "empty");
    await Deno.mkdir(empty);
    const demoArgs = ["demo", "--n=120", "--d=30", "--trials=3", "--seed=11", "--quiet"];
    const fromBundle = await run(
      ["run", "-A", "--cached-only", bundle, ...demoArgs, "--out=run"],
      empty,
    );
    assert.equal(fromBundle.code, 0, `bundle run failed:\n${fromBundle.stderr}`);
    const fromSource = await run(
      ["run", "-A", "cli.ts", ...demoArgs, `--out=${join(tmp, "src_run")}`],
      root,
    );
    assert.equal(fromSource.code, 0, `deno run failed:\n${fromSource.stderr}`);
    const a = JSON.parse(await Deno.readTextFile(join(empty, "run", "results.json")));
    const b = JSON.parse(await Deno.readTextFile(join(tmp, "src_run", "results.json")));
    assert.equal(a.done, true);
    assert.deepEqual(a, b); // bit-identical numbers: same keys, same kernels
    // Sanity of the result itself: E tr(W)/d = 1; with 3 trials of d = 30, n = 120 the standard
    // error of the mean is about sqrt(2/(n d))/sqrt(3) ≈ 0.0075, so 0.05 is > 6 se.
    assert.ok(Math.abs(a.traceOverDMean - 1) < 0.05, JSON.stringify(a));
    // The figure was rendered inside the bundle (resvg wasm + font inlined), same size.
    const pa = pngSize(await Deno.readFile(join(empty, "run", "spectrum.png")));
    const pb = pngSize(await Deno.readFile(join(tmp, "src_run", "spectrum.png")));
    assert.deepEqual(pa, pb);
    assert.equal(
      await Deno.readTextFile(join(empty, "run", "spectrum.svg")),
      await Deno.readTextFile(join(tmp, "src_run", "spectrum.svg")),
    );
    // The bundle runs outside any git work tree, yet records the commit it was built from
    // (read from the stamper's message: HEAD may move while other work is committed).
    if (stamped !== undefined) {
      const meta = JSON.parse(await Deno.readTextFile(join(empty, "run", "metadata.json")));
      assert.equal(meta.gitCommit, stamped);
    }
    // `list` and argument errors behave the same.
    const la = await run(["run", "-A", "--cached-only", bundle, "list"], empty);
    const lb = await run(["run", "-A", "cli.ts", "list"], root);
    assert.equal(la.stdout, lb.stdout);
    const ea = await run(["run", "-A", "--cached-only", bundle, "demo", "--bogus=1"], empty);
    assert.equal(ea.code, 1);
    assert.match(ea.stderr, /error: demo: unknown key "--bogus"/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
