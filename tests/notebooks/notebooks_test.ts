/**
 * The notebooks (`notebooks/<script>.ipynb`, Deno's Jupyter kernel): committed with outputs
 * stripped, one per paper script, each printing a `SADDLE_CHECK` line of numbers that must equal
 * the script's own results for the same config.
 *
 * The first test (always on) checks the committed files and that every script in scripts/mod.ts
 * but `demo` has its notebook. The second executes every notebook
 * headless with `jupyter nbconvert --execute` on the Deno kernel, fails on any cell error, and
 * reruns the script for the notebook's config to compare the numbers; it runs with
 * `deno task test:notebooks` (SADDLE_NOTEBOOK_TEST=1), which CI does after installing
 * jupyter-nbconvert, python3-nbclient and python3-jupyter-client and `deno jupyter --install`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { scripts } from "../../scripts/mod.ts";
import { executeScript } from "../../src/run/mod.ts";

const root = new URL("../..", import.meta.url).pathname;
const dir = join(root, "notebooks");
const dec = new TextDecoder();

interface Cell {
  cell_type: string;
  id?: string;
  source: string[] | string;
  outputs?: { output_type: string; text?: string[] | string; ename?: string; evalue?: string }[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

function notebooks(): string[] {
  return [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".ipynb")).map((e) => e.name)
    .sort();
}

const text = (s: string[] | string | undefined) => Array.isArray(s) ? s.join("") : s ?? "";

Deno.test("notebooks: committed stripped, on the Deno kernel, one per script, each with a check", async () => {
  const names = notebooks();
  // every paper script has its notebook (demo is the toolkit's tour, not a paper)
  const missing = Object.keys(scripts).filter((s) => s !== "demo" && !names.includes(`${s}.ipynb`));
  assert.deepEqual(missing, [], `scripts without a notebook: ${missing.join(", ")}`);
  for (const name of names) {
    const nb = JSON.parse(await Deno.readTextFile(join(dir, name))) as Notebook;
    assert.equal(nb.metadata.kernelspec?.name, "deno", `${name}: kernel`);
    const script = name.replace(/\.ipynb$/, "");
    assert.ok(script in scripts, `${name}: no script "${script}" in scripts/mod.ts`);
    for (const [i, c] of nb.cells.entries()) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${name} cell ${i}: outputs must be stripped`);
      assert.equal(c.execution_count, null, `${name} cell ${i}: execution_count must be null`);
    }
    const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => text(c.source));
    assert.ok(code.some((s) => s.includes("SADDLE_CHECK")), `${name}: no SADDLE_CHECK cell`);
    assert.ok(code.some((s) => s.includes(`../scripts/${script}.ts`)), `${name}: not the script's`);
    // the markdown cites the paper and PAPERS.md, never files outside the repository
    const md = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source)).join(
      "\n",
    );
    assert.match(md, /arXiv:\d{4}\.\d{4,5}/, `${name}: cite the paper's arXiv id`);
    assert.ok(md.includes("PAPERS.md"), `${name}: point to PAPERS.md`);
    for (const bad of ["../shared", "/work/", "ERRATA"]) {
      assert.ok(![md, ...code].some((s) => s.includes(bad)), `${name}: refers to ${bad}`);
    }
  }
});

/** Read `obj` at a dotted path (`exponents.lastBias`, `runs.0.loss`). */
function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split(".")) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}

const enabled = Deno.env.get("SADDLE_NOTEBOOK_TEST") === "1";

Deno.test({
  name: `notebooks: execute headless on the Deno kernel; numbers equal the script's${
    enabled ? "" : " (skipped: set SADDLE_NOTEBOOK_TEST=1, deno task test:notebooks)"
  }`,
  ignore: !enabled,
  async fn(t) {
    const out = await Deno.makeTempDir({ prefix: "saddle_nb_" });
    // SADDLE_NOTEBOOKS=a,b restricts the run to notebooks/a.ipynb and notebooks/b.ipynb
    const only = Deno.env.get("SADDLE_NOTEBOOKS")?.split(",").map((s) => `${s.trim()}.ipynb`);
    try {
      for (const name of notebooks().filter((n) => !only || only.includes(n))) {
        await t.step(name, async () => {
          const o = await new Deno.Command("jupyter", {
            args: [
              "nbconvert",
              "--to",
              "notebook",
              "--execute",
              "--ExecutePreprocessor.timeout=300",
              "--ExecutePreprocessor.kernel_name=deno",
              `--output-dir=${out}`,
              join(dir, name),
            ],
            cwd: dir,
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).output();
          assert.equal(o.code, 0, `nbconvert ${name} failed:\n${dec.decode(o.stderr)}`);
          const nb = JSON.parse(await Deno.readTextFile(join(out, name))) as Notebook;
          const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
          const err = outputs.find((x) => x.output_type === "error");
          assert.equal(err, undefined, `${name}: ${err?.ename}: ${err?.evalue}`);
          const line = outputs.map((x) => text(x.text)).join("").split("\n")
            .find((l) => l.startsWith("SADDLE_CHECK "));
          assert.ok(line, `${name}: printed no SADDLE_CHECK line`);
          const check = JSON.parse(line.slice("SADDLE_CHECK ".length)) as {
            script: string;
            config: Record<string, unknown>;
            numbers: Record<string, number>;
          };
          const runDir = join(out, `${check.script}-run`);
          // deno-lint-ignore no-explicit-any
          await executeScript(scripts[check.script], check.config as any, {
            outDir: runDir,
            quiet: true,
          });
          const results = JSON.parse(await Deno.readTextFile(join(runDir, "results.json")));
          for (const [path, want] of Object.entries(check.numbers)) {
            const got = at(results, path);
            assert.equal(typeof got, "number", `${name}: results.json has no number at ${path}`);
            const tol = 1e-12 * Math.max(1, Math.abs(want));
            assert.ok(
              Math.abs((got as number) - want) <= tol,
              `${name}: ${path} = ${want} in the notebook, ${got} from the script`,
            );
          }
        });
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
