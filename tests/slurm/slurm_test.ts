/**
 * A real scheduler: installs Debian's slurm-wlm and munge (when missing), starts munged,
 * slurmctld and slurmd on 127.0.0.1 (single node, proctrack/linuxproc, task/none: no cgroups),
 * submits a 6-task array sweep of the toolkit through the one-file pack (dist/saddle) with no Deno
 * on the jobs' PATH, and checks the 6 results and the merged table; then runs a second sweep,
 * cancels one array task mid-run, resubmits the same script and checks that every row appears
 * exactly once. Stops the daemons it started by PID.
 *
 * Run with `deno task test:slurm` (sets SADDLE_SLURM_TEST=1). Needs root and apt-get; skipped
 * with a message otherwise. Set SADDLE_PACK_FILE=path to use a prebuilt pack (`deno task pack`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildPack } from "../../src/run/pack.ts";

const root = new URL("../..", import.meta.url).pathname;
const deno = Deno.execPath();
const enabled = Deno.env.get("SADDLE_SLURM_TEST") === "1";
const isRoot = Deno.uid() === 0;
const hasApt = (() => {
  try {
    return Deno.statSync("/usr/bin/apt-get").isFile;
  } catch {
    return false;
  }
})();
const skipReason = !enabled
  ? "set SADDLE_SLURM_TEST=1 (deno task test:slurm) to run it"
  : !isRoot
  ? "it needs root (apt-get install, daemons)"
  : !hasApt
  ? "apt-get is not available"
  : undefined;
if (skipReason !== undefined && enabled) console.log(`SKIP slurm integration test: ${skipReason}`);

const dec = new TextDecoder();

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Out> {
  const o = await new Deno.Command(cmd, {
    args,
    env: opts.env,
    cwd: opts.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

async function must(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<string> {
  const o = await sh(cmd, args, opts);
  if (o.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${o.code}):\n${o.stdout}\n${o.stderr}`);
  }
  return o.stdout;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(
  what: string,
  timeoutS: number,
  pred: () => Promise<boolean>,
  onTimeout?: () => Promise<string>,
): Promise<void> {
  const end = Date.now() + timeoutS * 1000;
  while (Date.now() < end) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `slurm test: timed out after ${timeoutS} s waiting for ${what}\n${
      onTimeout ? await onTimeout() : ""
    }`,
  );
}

async function installIfMissing(): Promise<void> {
  if (
    exists("/usr/sbin/slurmctld") && exists("/usr/sbin/slurmd") && exists("/usr/sbin/munged") &&
    exists("/usr/bin/sbatch")
  ) return;
  // Keep the packages' maintainer scripts from starting services: a policy-rc.d that denies
  // everything, removed afterwards (only if we created it).
  const policy = "/usr/sbin/policy-rc.d";
  const created = !exists(policy);
  if (created) {
    await Deno.writeTextFile(policy, "#!/bin/sh\nexit 101\n");
    await Deno.chmod(policy, 0o755);
  }
  try {
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    await must("apt-get", ["update", "-q"], { env });
    await must(
      "apt-get",
      ["install", "-y", "-q", "--no-install-recommends", "slurm-wlm", "munge"],
      { env },
    );
  } finally {
    if (created) await Deno.remove(policy);
  }
}

interface Daemons {
  procs: { name: string; child: Deno.ChildProcess }[];
  env: Record<string, string>;
  dir: string;
}

async function startDaemons(dir: string): Promise<Daemons> {
  const procs: Daemons["procs"] = [];
  const mungeUid = Number((await must("id", ["-u", "munge"])).trim());
  const mungeGid = Number((await must("id", ["-g", "munge"])).trim());
  // munged with its own key, socket, pid, seed and log files (isolated from any system munged).
  const mdir = join(dir, "munge");
  await Deno.mkdir(mdir);
  await Deno.chmod(mdir, 0o755); // munged wants its socket directory traversable by all
  const key = crypto.getRandomValues(new Uint8Array(1024));
  await Deno.writeFile(join(mdir, "munge.key"), key, { mode: 0o600 });
  await Deno.chown(join(mdir, "munge.key"), mungeUid, mungeGid);
  await Deno.chown(mdir, mungeUid, mungeGid);
  const socket = join(mdir, "munge.socket");
  // `exec` keeps the PID: the child we hold is munged itself (setpriv execs too).
  const mungedArgs = [
    "setpriv",
    "--reuid=munge",
    "--regid=munge",
    "--init-groups",
    "munged",
    "--foreground",
    `--socket=${socket}`,
    `--key-file=${join(mdir, "munge.key")}`,
    `--pid-file=${join(mdir, "munged.pid")}`,
    `--seed-file=${join(mdir, "munged.seed")}`,
  ];
  const munged = new Deno.Command("sh", {
    args: ["-c", `exec "$@" 2>>${join(mdir, "munged.log")}`, "sh", ...mungedArgs],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  procs.push({ name: "munged", child: munged });
  await waitFor(
    "munged socket",
    30,
    () => Promise.resolve(exists(socket)),
    async () => await Deno.readTextFile(join(mdir, "munged.log")).catch(() => ""),
  );
  // slurm.conf on loopback, everything under `dir`.
  const host = Deno.hostname().split(".")[0];
  const cpus = Math.max(1, navigator.hardwareConcurrency || 1);
  for (const d of ["state", "spool"]) await Deno.mkdir(join(dir, d));
  const conf = [
    "ClusterName=saddletest",
    `SlurmctldHost=${host}(127.0.0.1)`,
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=1000 State=UNKNOWN`,
    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
    "SlurmUser=root",
    "SlurmdUser=root",
    "SlurmctldPort=16817",
    "SlurmdPort=16818",
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${socket}`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "SchedulerType=sched/backfill",
    "AccountingStorageType=accounting_storage/none",
    "JobAcctGatherType=jobacct_gather/none",
    "JobCompType=jobcomp/none",
    "MpiDefault=none",
    "ReturnToService=2",
    "SlurmctldTimeout=30",
    "SlurmdTimeout=30",
    `StateSaveLocation=${join(dir, "state")}`,
    `SlurmdSpoolDir=${join(dir, "spool")}`,
    `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${join(dir, "slurmctld.log")}`,
    `SlurmdLogFile=${join(dir, "slurmd.log")}`,
    "",
  ].join("\n");
  const confPath = join(dir, "slurm.conf");
  await Deno.writeTextFile(confPath, conf);
  const env = { SLURM_CONF: confPath, NO_COLOR: "1" };
  for (
    const [name, args] of [["slurmctld", ["-D", "-i", "-f", confPath]], ["slurmd", [
      "-D",
      "-N",
      host,
      "-f",
      confPath,
    ]]] as const
  ) {
    const child = new Deno.Command(name, {
      args: [...args],
      env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    procs.push({ name, child });
  }
  const daemons = { procs, env, dir };
  await waitFor("the node to be idle", 90, async () => {
    const o = await sh("sinfo", ["-h", "-o", "%t"], { env });
    return o.code === 0 && o.stdout.trim() === "idle";
  }, async () => await logs(daemons));
  return daemons;
}

async function logs(d: Daemons): Promise<string> {
  const parts: string[] = [];
  for (const f of ["slurmctld.log", "slurmd.log", "munge/munged.log"]) {
    const t = await Deno.readTextFile(join(d.dir, f)).catch(() => "(none)");
    parts.push(`--- ${f} (tail)\n${t.split("\n").slice(-25).join("\n")}`);
  }
  return parts.join("\n");
}

async function stopDaemons(d: Daemons): Promise<void> {
  // Reverse order: slurmd, slurmctld, munged; each by its PID, then reaped.
  for (const { child } of [...d.procs].reverse()) {
    try {
      Deno.kill(child.pid, "SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        Deno.kill(child.pid, "SIGKILL");
      } catch { /* gone */ }
    }, 15_000);
    await child.status;
    clearTimeout(timer);
  }
}

async function submit(
  d: Daemons,
  script: string,
  cwd: string,
  env: Record<string, string> = d.env,
): Promise<string> {
  const out = await must(toolPath("sbatch"), ["--parsable", script], { env, cwd });
  return out.trim().split(";")[0];
}

async function waitJob(d: Daemons, job: string, timeoutS: number): Promise<void> {
  await waitFor(`job ${job} to finish`, timeoutS, async () => {
    const o = await sh("squeue", ["-h", "-j", job], { env: d.env });
    return o.code === 0 && o.stdout.trim() === "" || /Invalid job id/.test(o.stderr);
  }, async () => (await sh("squeue", [], { env: d.env })).stdout + "\n" + await logs(d));
}

interface Merged {
  rows: { id: string; index: number; point: Record<string, number> }[];
  csv: string[];
}

// What the pack's header and the array jobs need, and nothing else: a PATH without Deno.
const NODE_TOOLS = [
  "sh",
  "tar",
  "gzip",
  "sha256sum",
  "readlink",
  "mktemp",
  "mkdir",
  "tail",
  "cut",
  "mv",
  "rm",
];

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

function toolPath(name: string): string {
  for (const d of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    if (exists(join(d, name))) return join(d, name);
  }
  throw new Error(`slurm test: ${name} not found`);
}

/** A bin folder of symlinks to {@link NODE_TOOLS}: the PATH of a cluster node without Deno. */
async function noDenoPath(dir: string): Promise<string> {
  const bin = join(dir, "node-bin");
  await Deno.mkdir(bin);
  for (const t of NODE_TOOLS) await Deno.symlink(toolPath(t), join(bin, t));
  return bin;
}

/** Run the pack with a PATH that has no Deno and a cache of its own. */
function saddle(pack: string, nodeEnv: Record<string, string>) {
  return (args: string[], cwd: string) => must(pack, args, { env: nodeEnv, cwd });
}

async function merge(
  run: (args: string[], cwd: string) => Promise<string>,
  sweepDir: string,
  cwd: string,
): Promise<Merged> {
  await run(["merge", sweepDir], cwd);
  const jsonl = (await Deno.readTextFile(join(sweepDir, "merged.jsonl"))).trim();
  const csv = (await Deno.readTextFile(join(sweepDir, "merged.csv"))).trim().split("\n");
  return { rows: jsonl === "" ? [] : jsonl.split("\n").map((l) => JSON.parse(l)), csv };
}

Deno.test({
  name: `slurm: 6-task array sweep of the bundle, cancel + resubmit keeps every row once${
    skipReason ? ` (skipped: ${skipReason})` : ""
  }`,
  ignore: skipReason !== undefined,
  async fn() {
    await installIfMissing();
    const dir = await Deno.makeTempDir({ prefix: "saddle_slurm_" });
    await Deno.chmod(dir, 0o755); // munged (user munge) must traverse it
    let daemons: Daemons | undefined;
    try {
      let pack = Deno.env.get("SADDLE_PACK_FILE");
      if (pack === undefined) {
        const bundle = join(dir, "saddle.js");
        await must(deno, ["bundle", "--platform", "deno", "-o", bundle, "cli.ts"], { cwd: root });
        pack = join(dir, "saddle");
        await buildPack(bundle, pack, { commit: "slurm-test" });
      }
      const work = join(dir, "work");
      await Deno.mkdir(work);
      daemons = await startDaemons(dir);
      // The jobs (and every saddle call here) see a PATH without Deno: sbatch exports the
      // submitting environment to the array tasks.
      const nodeEnv = {
        ...daemons.env,
        PATH: await noDenoPath(dir),
        HOME: dir,
        SADDLE_CACHE: join(dir, "cache"),
      };
      const run = saddle(pack, nodeEnv);
      const sbatchEnv = { ...nodeEnv, PATH: `${nodeEnv.PATH}:${dirOf(toolPath("sbatch"))}` };

      // Sweep 1: 3 sizes × 2 seeds = 6 runs, one array task each, at most 2 at a time.
      const grid1 = join(work, "grid1.json");
      await Deno.writeTextFile(
        grid1,
        JSON.stringify({
          script: "demo",
          base: { d: 10, trials: 2, figure: false },
          axes: { n: [40, 60, 80] },
          seeds: [0, 1],
          out: "sweep1",
        }),
      );
      const gen = await run(["slurm", grid1, "--parallel=2", "--time=00:10:00"], work);
      assert.match(gen, /6 runs in 6 array tasks/);
      const script1 = join(work, "sweep1", "sweep.sbatch");
      const sbatch1 = await Deno.readTextFile(script1);
      assert.match(sbatch1, /#SBATCH --array=0-5%2/);
      // the array tasks run the pack file itself, not a Deno from PATH
      assert.ok(
        sbatch1.includes(`exec ${pack} sweep`) || sbatch1.includes(`exec '${pack}' sweep`),
        sbatch1,
      );
      const job1 = await submit(daemons, script1, work, sbatchEnv);
      await waitJob(daemons, job1, 300);
      const m1 = await merge(run, join(work, "sweep1"), work);
      const taskLogs = [...Deno.readDirSync(join(work, "sweep1", "logs"))].map((e) => e.name);
      assert.equal(taskLogs.filter((n) => n.startsWith(`${job1}_`)).length, 6, `logs: ${taskLogs}`);
      assert.equal(m1.rows.length, 6, `merged rows:\n${m1.csv.join("\n")}\n${await logs(daemons)}`);
      assert.equal(m1.csv.length, 7);
      assert.deepEqual(m1.rows.map((r) => r.index), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(m1.rows.map((r) => [r.point.n, r.point.seed]), [
        [40, 0],
        [40, 1],
        [60, 0],
        [60, 1],
        [80, 0],
        [80, 1],
      ]);
      for (
        const r of m1.rows as unknown as { results: { traceOverDMean: number } }[]
      ) {
        // tr(W)/d averaged over 2 trials of d = 10, n ≥ 40: se ≈ sqrt(2/(n d))/sqrt(2) ≤ 0.05;
        // 0.3 is > 6 se.
        assert.ok(Math.abs(r.results.traceOverDMean - 1) < 0.3);
      }
      // Each task ran in its own array index (metadata records the scheduler variables).
      const tasks = new Set<string>();
      for (const r of m1.rows) {
        const meta = JSON.parse(
          await Deno.readTextFile(join(work, "sweep1", "runs", r.id, "metadata.json")),
        );
        assert.equal(meta.scheduler.SLURM_ARRAY_JOB_ID, job1);
        tasks.add(meta.scheduler.SLURM_ARRAY_TASK_ID);
      }
      assert.equal(tasks.size, 6);

      // Sweep 2: slower runs; cancel one array task while its run is in progress, resubmit.
      const grid2 = join(work, "grid2.json");
      await Deno.writeTextFile(
        grid2,
        JSON.stringify({
          script: "demo",
          base: { n: 400, d: 200, trials: 300, figure: false }, // ~10 s per run here
          axes: { seed: [0, 1, 2, 3, 4, 5] },
          out: "sweep2",
        }),
      );
      await run(["slurm", grid2, "--parallel=2"], work);
      const script2 = join(work, "sweep2", "sweep.sbatch");
      const job2 = await submit(daemons, script2, work, sbatchEnv);
      let killed: { id: string; task: string } | undefined;
      await waitFor("a sweep-2 run in progress", 240, async () => {
        let entries: Deno.DirEntry[];
        try {
          entries = [...Deno.readDirSync(join(work, "sweep2", "runs"))];
        } catch {
          return false;
        }
        for (const e of entries) {
          try {
            const res = JSON.parse(
              await Deno.readTextFile(join(work, "sweep2", "runs", e.name, "results.json")),
            );
            const meta = JSON.parse(
              await Deno.readTextFile(join(work, "sweep2", "runs", e.name, "metadata.json")),
            );
            if (
              res.done === false && Array.isArray(res.trials) && res.trials.length >= 1 &&
              res.trials.length < 150 // far from the end, so the cancel lands mid-run
            ) {
              killed = { id: e.name, task: meta.scheduler.SLURM_ARRAY_TASK_ID };
              return true;
            }
          } catch { /* being written */ }
        }
        return false;
      });
      await must("scancel", [`${job2}_${killed!.task}`], { env: daemons.env });
      await waitJob(daemons, job2, 600);
      const partial = await merge(run, join(work, "sweep2"), work);
      const killedResults = JSON.parse(
        await Deno.readTextFile(join(work, "sweep2", "runs", killed!.id, "results.json")),
      );
      assert.equal(killedResults.done, false, "the cancelled run must not be marked done");
      assert.ok(
        killedResults.trials.length >= 1 && killedResults.trials.length < 300,
        "partial results kept",
      );
      const killedMeta = JSON.parse(
        await Deno.readTextFile(join(work, "sweep2", "runs", killed!.id, "metadata.json")),
      );
      assert.equal(killedMeta.status, "cancelled", "scancel's SIGTERM is recorded");
      assert.equal(partial.rows.length, 5);
      assert.ok(!partial.rows.some((r) => r.id === killed!.id));
      // Resubmit the same script: finished runs are skipped, the cancelled one runs again.
      const job3 = await submit(daemons, script2, work, sbatchEnv);
      await waitJob(daemons, job3, 600);
      const full = await merge(run, join(work, "sweep2"), work);
      assert.equal(full.rows.length, 6);
      assert.equal(full.csv.length, 7);
      const ids = full.rows.map((r) => r.id);
      assert.equal(new Set(ids).size, 6, "every row once");
      assert.deepEqual(full.rows.map((r) => r.point.seed), [0, 1, 2, 3, 4, 5]);
      let skipped = 0;
      for (const f of Deno.readDirSync(join(work, "sweep2", "logs"))) {
        if (f.name.startsWith(`${job3}_`)) {
          skipped += (await Deno.readTextFile(join(work, "sweep2", "logs", f.name))).split(
            "done already, skipped",
          ).length - 1;
        }
      }
      assert.equal(skipped, 5, "the resubmitted job skipped the 5 finished runs");
      const rerun = JSON.parse(
        await Deno.readTextFile(join(work, "sweep2", "runs", killed!.id, "metadata.json")),
      );
      assert.equal(rerun.scheduler.SLURM_ARRAY_JOB_ID, job3);
      assert.equal(rerun.status, "done");
    } finally {
      if (daemons) await stopDaemons(daemons);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
