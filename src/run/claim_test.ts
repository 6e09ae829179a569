import assert from "node:assert/strict";
import { lockHeld, sleep, tryClaim } from "./claim.ts";
import { thisHost } from "./run_state.ts";

const lockText = (pid: number, hostname: string | null) =>
  JSON.stringify({ pid, hostname, since: new Date().toISOString() });

Deno.test("tryClaim: exclusive until released; the lock records this process", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/run.lock`;
    const a = await tryClaim(path);
    assert.ok(a);
    const info = JSON.parse(await Deno.readTextFile(path));
    assert.equal(info.pid, Deno.pid);
    assert.equal(info.hostname, thisHost());
    assert.equal(await lockHeld(path), true);
    assert.equal(await tryClaim(path), null); // held (by this very process, too)
    await a.release();
    await a.release(); // idempotent
    assert.equal(await lockHeld(path), false);
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
    const b = await tryClaim(path);
    assert.ok(b);
    await b.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryClaim: a lock of a dead process on this host is taken over", async () => {
  if (Deno.build.os !== "linux") return; // pid liveness is read from /proc
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/run.lock`;
    // a finished child's pid is free (not reused within this test on a machine of 2^22 pids)
    const child = new Deno.Command("true").spawn();
    const pid = child.pid;
    await child.status;
    await Deno.writeTextFile(path, lockText(pid, thisHost()));
    assert.equal(await lockHeld(path), false);
    const c = await tryClaim(path);
    assert.ok(c);
    assert.equal(JSON.parse(await Deno.readTextFile(path)).pid, Deno.pid);
    await c.release();
    // only the lock itself was in the directory: the stale one moved aside was removed
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryClaim: another host's lock is held while its heartbeat is fresh, stale after staleMs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/run.lock`;
    await Deno.writeTextFile(path, lockText(1, "some-other-host.invalid"));
    assert.equal(await lockHeld(path, 60_000), true);
    assert.equal(await tryClaim(path, { staleMs: 60_000, heartbeatMs: 1000 }), null);
    const old = new Date(Date.now() - 120_000);
    await Deno.utime(path, old, old);
    assert.equal(await lockHeld(path, 60_000), false);
    const c = await tryClaim(path, { staleMs: 60_000, heartbeatMs: 1000 });
    assert.ok(c);
    await c.release();
    // an unreadable (half-written) lock is judged by its age alone
    await Deno.writeTextFile(path, "{");
    assert.equal(await lockHeld(path, 60_000), true);
    await Deno.utime(path, old, old);
    assert.equal(await lockHeld(path, 60_000), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryClaim: the owner's heartbeat keeps the lock fresh", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/run.lock`;
    const c = await tryClaim(path, { staleMs: 60_000, heartbeatMs: 5 });
    assert.ok(c);
    const old = new Date(Date.now() - 3_600_000);
    await Deno.utime(path, old, old);
    // the heartbeat runs every 5 ms; wait (at most 20 s, for a loaded machine) until it has run
    let mtime = old.getTime();
    for (let i = 0; i < 2000 && mtime === old.getTime(); i++) {
      await sleep(10);
      mtime = (await Deno.stat(path)).mtime!.getTime();
    }
    assert.ok(mtime > old.getTime() + 3_000_000, `mtime ${new Date(mtime).toISOString()}`);
    await c.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryClaim / sleep: named errors for bad periods; sleep rejects with the abort reason", async () => {
  await assert.rejects(tryClaim("/tmp/x.lock", { staleMs: 0 }), /staleMs/);
  await assert.rejects(
    tryClaim("/tmp/x.lock", { staleMs: 1000, heartbeatMs: 1000 }),
    /heartbeatMs.*\(0, staleMs = 1000\).*1000/,
  );
  const ac = new AbortController();
  const p = sleep(60_000, ac.signal);
  ac.abort(new Error("stop now"));
  await assert.rejects(p, /stop now/);
  await assert.rejects(sleep(1, ac.signal), /stop now/);
  await sleep(1);
});
