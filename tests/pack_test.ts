/**
 * The one-file cluster artifact (`deno task pack` → dist/saddle): it runs the CLI on a machine
 * whose PATH has no Deno (only the POSIX tools its header uses), unpacks once into a cache keyed
 * by its payload hash, and refuses a corrupted copy with a one-line error. Set
 * SADDLE_PACK_FILE=path to test a prebuilt pack (CI builds one before the tests).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildPack, packHeader } from "../src/run/pack.ts";

const root = new URL("..", import.meta.url).pathname;
const deno = Deno.execPath();
const dec = new TextDecoder();

// The only commands the pack's header needs: a PATH made of these has no Deno.
const TOOLS = ["sh", "tar", "gzip", "sha256sum", "readlink", "mktemp", "mkdir", "tail", "cut"];
const TOOLS2 = ["mv", "rm"];

async function run(cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  const o = await new Deno.Command(cmd, {
    args,
    cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

function which(name: string): string {
  for (const d of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    try {
      const p = join(d, name);
      if (Deno.statSync(p).isFile) return p;
    } catch { /* next */ }
  }
  throw new Error(`pack test: ${name} not found`);
}

Deno.test("pack: header is a shell script naming its hash and payload size", () => {
  const h = packHeader({ hash: "ab".repeat(32), size: 1234, commit: "abc123" });
  assert.match(h, /^#!\/bin\/sh\n/);
  assert.match(h, /\nhash=abababab/);
  assert.match(h, /\nsize=1234\n/);
  assert.match(h, /exec "\$dir\/deno" run -A --cached-only --no-config "\$dir\/saddle\.js" "\$@"/);
  assert.throws(() => packHeader({ hash: "xyz", size: 1, commit: "c" }), /option "hash"/);
  assert.throws(() => packHeader({ hash: "ab".repeat(32), size: 0, commit: "c" }), /"size"/);
});

Deno.test("pack: runs without Deno on PATH, unpacks once by hash, refuses a corrupt copy", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "saddle_pack_test_" });
  try {
    let pack = Deno.env.get("SADDLE_PACK_FILE");
    if (pack === undefined) {
      const bundle = join(tmp, "saddle.js");
      const b = await new Deno.Command(deno, {
        args: ["bundle", "--platform", "deno", "-o", bundle, "cli.ts"],
        cwd: root,
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(b.code, 0, dec.decode(b.stderr));
      pack = join(tmp, "saddle");
      await buildPack(bundle, pack, { commit: "test" });
    }
    const bin = join(tmp, "bin");
    await Deno.mkdir(bin);
    for (const t of [...TOOLS, ...TOOLS2]) await Deno.symlink(which(t), join(bin, t));
    const env = { PATH: bin, HOME: tmp, SADDLE_CACHE: join(tmp, "cache"), NO_COLOR: "1" };
    assert.notEqual((await run(which("sh"), ["-c", "command -v deno"], env, tmp)).code, 0);
    const work = join(tmp, "work");
    await Deno.mkdir(work);
    const list = await run(pack, ["list"], env, work);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^sgd_risk\s/m);
    assert.match(list.stdout, /^demo\s/m);
    const entries = [...Deno.readDirSync(join(tmp, "cache"))].map((e) => e.name);
    assert.equal(entries.length, 1, `cache: ${entries}`); // one folder, no leftover temp
    assert.match(entries[0], /^[0-9a-f]{64}$/);
    // a script run through the pack writes a complete run directory
    const demo = await run(
      pack,
      ["demo", "--n=60", "--d=12", "--trials=2", "--out=r", "--quiet"],
      env,
      work,
    );
    assert.equal(demo.code, 0, demo.stderr);
    const res = JSON.parse(await Deno.readTextFile(join(work, "r", "results.json")));
    assert.equal(res.done, true);
    // a corrupted copy (one byte of the payload flipped) is refused before anything runs
    const bytes = await Deno.readFile(pack);
    bytes[bytes.length - 100] ^= 0xff;
    const bad = join(tmp, "saddle-bad");
    await Deno.writeFile(bad, bytes, { mode: 0o755 });
    const env2 = { ...env, SADDLE_CACHE: join(tmp, "cache2") };
    const r = await run(bad, ["list"], env2, work);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /saddle: .*saddle-bad is corrupt or truncated \(payload sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\); copy it again/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
