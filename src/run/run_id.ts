/**
 * Stable run ids: a hash of the script name and the canonical (key-sorted) JSON of its config,
 * so the same configuration always maps to the same run directory.
 * @module
 */

/** JSON with object keys sorted recursively (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) {
      out[k] = sortKeys((v as Record<string, unknown>)[k]);
    }
    return out;
  }
  return v;
}

/** 12 hex digits of SHA-256(canonical JSON of {script, config}). */
export async function runId(script: string, config: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson({ script, config }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}
