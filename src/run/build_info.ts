/**
 * Build stamp: `deno task bundle` replaces the placeholder below in the bundled file with the
 * git commit it was built from, so runs of the bundle on machines without git (or outside the
 * repository) still record their source commit in metadata.json.
 * @module
 */
import { ArgumentError } from "../errors/mod.ts";

const STAMP = "__SADDLE_BUILD_COMMIT__";

/** The git commit stamped into a bundle by `deno task bundle`, or null when running from source. */
export function bundledCommit(): string | null {
  return /^[0-9a-f]{7,40}$/.test(STAMP) ? STAMP : null;
}

/** The placeholder that {@link stampBundle} replaces. */
export const BUILD_STAMP_PLACEHOLDER: string = ["__SADDLE", "BUILD", "COMMIT__"].join("_");

/**
 * Replace the build-stamp placeholder in bundled source text with `commit` (hex). Throws a named
 * error if the text has no placeholder or the commit is not hex.
 */
export function stampBundle(text: string, commit: string): string {
  if (!/^[0-9a-f]{7,40}$/.test(commit)) {
    throw new ArgumentError("stampBundle", "commit", "a hex git commit", commit);
  }
  const quoted = JSON.stringify(BUILD_STAMP_PLACEHOLDER);
  const n = text.split(quoted).length - 1;
  if (n !== 1) {
    throw new Error(
      `stampBundle: expected the placeholder ${quoted} once in the bundle, found ${n}`,
    );
  }
  return text.replace(quoted, JSON.stringify(commit));
}

if (import.meta.main) {
  // deno run -A src/run/build_info.ts dist/saddle.js : stamp the bundle with `git rev-parse HEAD`.
  const path = Deno.args[0];
  if (path === undefined) throw new Error("build_info: usage: build_info.ts <bundle.js>");
  const out = await new Deno.Command("git", { args: ["rev-parse", "HEAD"], stdout: "piped" })
    .output();
  if (!out.success) {
    console.error("build_info: not in a git work tree; bundle left unstamped");
  } else {
    const commit = new TextDecoder().decode(out.stdout).trim();
    await Deno.writeTextFile(path, stampBundle(await Deno.readTextFile(path), commit));
    console.error(`build_info: stamped ${path} with commit ${commit}`);
  }
}
