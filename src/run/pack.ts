/**
 * `deno task pack` → `dist/saddle`: one executable file for x86-64 glibc Linux that carries the
 * bundled toolkit (dist/saddle.js: kernels and font inlined, commit stamped) and the pinned Deno
 * binary, for clusters where Deno is not installed and `deno compile` cannot fetch its runtime.
 *
 * The file is a POSIX shell header followed by a gzip'd tar payload (`deno`, `saddle.js`). On
 * first run the header extracts the payload into `$SADDLE_CACHE` (default
 * `${XDG_CACHE_HOME:-$HOME/.cache}/saddle`) under the payload's SHA-256, after checking that hash
 * (a truncated or corrupted copy is refused with a one-line error), and moves it into place
 * atomically, so concurrent first runs of an array job are safe. Every run then executes
 * `<cache>/<hash>/deno run -A --cached-only --no-config <cache>/<hash>/saddle.js "$@"` with
 * `SADDLE_PACK` set to the file's own path, so `saddle slurm` writes array scripts that call the
 * same file.
 *
 * Usage: `deno run -A src/run/pack.ts <bundle.js> <out> [--deno=<binary>]`.
 * @module
 */
import { dirname, join, resolve } from "node:path";

/** The Deno version the pack carries (the version CI and the README pin). */
export const PINNED_DENO = "2.9.6";

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function must(cmd: string, args: string[], cwd?: string): Promise<string> {
  const o = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  if (o.code !== 0) {
    throw new Error(`pack: ${cmd} ${args.join(" ")} failed (${o.code}): ${dec.decode(o.stderr)}`);
  }
  return dec.decode(o.stdout);
}

/** The shell header of a pack whose payload has `size` bytes and SHA-256 `hash`. */
export function packHeader(options: { hash: string; size: number; commit: string }): string {
  const { hash, size, commit } = options;
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    throw new Error(`packHeader: option "hash" must be 64 hex digits, got "${hash}"`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`packHeader: option "size" must be a positive integer, got ${size}`);
  }
  return `#!/bin/sh
# saddle ${commit}: the toolkit's CLI with Deno ${PINNED_DENO}, one file for x86-64 glibc Linux.
# Usage: saddle list | saddle <script> [--key=value ...] | saddle slurm <grid.json> | saddle sweep ...
# The first run unpacks into \${SADDLE_CACHE:-\${XDG_CACHE_HOME:-$HOME/.cache}/saddle}/<sha256>.
set -eu
hash=${hash}
size=${size}
self=$(readlink -f "$0" 2>/dev/null || printf '%s' "$0")
cache="\${SADDLE_CACHE:-\${XDG_CACHE_HOME:-\${HOME:-/tmp}/.cache}/saddle}"
dir="$cache/$hash"
if [ ! -f "$dir/.complete" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.unpack.XXXXXX")
  tail -c "$size" "$self" > "$tmp/payload.tgz"
  got=$(sha256sum "$tmp/payload.tgz" | cut -d ' ' -f 1)
  if [ "$got" != "$hash" ]; then
    rm -rf "$tmp"
    echo "saddle: $self is corrupt or truncated (payload sha256 $got, expected $hash); copy it again" >&2
    exit 1
  fi
  tar -xzf "$tmp/payload.tgz" -C "$tmp"
  rm -f "$tmp/payload.tgz"
  : > "$tmp/.complete"
  # atomic: a concurrent first run that got there first wins, this copy is dropped
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
fi
SADDLE_PACK="$self"
DENO_DIR="$dir/deno_dir"
DENO_NO_UPDATE_CHECK=1
export SADDLE_PACK DENO_DIR DENO_NO_UPDATE_CHECK
exec "$dir/deno" run -A --cached-only --no-config "$dir/saddle.js" "$@"
`;
}

/**
 * Build the pack: tar+gzip `bundle` (as saddle.js) and the Deno binary `denoPath` (as deno),
 * append the payload to {@link packHeader}, write `out` executable. Refuses a Deno binary of
 * another version than {@link PINNED_DENO}. Returns the payload hash and the file size.
 */
export async function buildPack(
  bundle: string,
  out: string,
  options: { denoPath?: string; commit?: string } = {},
): Promise<{ hash: string; bytes: number }> {
  const denoPath = options.denoPath ?? Deno.execPath();
  const version = (await must(denoPath, ["--version"])).split("\n")[0];
  if (!version.startsWith(`deno ${PINNED_DENO} `)) {
    throw new Error(`pack: ${denoPath} is "${version}", expected deno ${PINNED_DENO}`);
  }
  try {
    await Deno.stat(bundle);
  } catch {
    throw new Error(`pack: bundle ${bundle} not found (run deno task bundle first)`);
  }
  const stage = await Deno.makeTempDir({ prefix: "saddle_pack_" });
  try {
    await Deno.copyFile(denoPath, join(stage, "deno"));
    await Deno.chmod(join(stage, "deno"), 0o755);
    await Deno.copyFile(bundle, join(stage, "saddle.js"));
    await must(
      "tar",
      ["--owner=0", "--group=0", "-czf", "payload.tgz", "deno", "saddle.js"],
      stage,
    );
    const payload = await Deno.readFile(join(stage, "payload.tgz"));
    const hash = await sha256Hex(payload);
    const header = new TextEncoder().encode(
      packHeader({ hash, size: payload.length, commit: options.commit ?? "(unstamped)" }),
    );
    const file = new Uint8Array(header.length + payload.length);
    file.set(header, 0);
    file.set(payload, header.length);
    await Deno.mkdir(dirname(resolve(out)), { recursive: true });
    const tmp = `${out}.tmp-${Deno.pid}`;
    await Deno.writeFile(tmp, file, { mode: 0o755 });
    await Deno.chmod(tmp, 0o755);
    await Deno.rename(tmp, out);
    return { hash, bytes: file.length };
  } finally {
    await Deno.remove(stage, { recursive: true });
  }
}

if (import.meta.main) {
  const [bundle, out, ...rest] = Deno.args;
  if (bundle === undefined || out === undefined) {
    console.error("usage: deno run -A src/run/pack.ts <bundle.js> <out> [--deno=<binary>]");
    Deno.exit(2);
  }
  const denoFlag = rest.find((a) => a.startsWith("--deno="));
  let commit = "(unstamped)";
  try {
    commit = (await must("git", ["rev-parse", "--short=12", "HEAD"])).trim();
  } catch { /* not a git checkout */ }
  try {
    const r = await buildPack(bundle, out, { denoPath: denoFlag?.slice(7), commit });
    console.error(`pack: ${out} (${(r.bytes / 2 ** 20).toFixed(1)} MiB, payload sha256 ${r.hash})`);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
