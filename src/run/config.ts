/**
 * Typed script configuration: `--key=value` overrides parsed with node:util `parseArgs` and
 * checked against the types of a script's `defaults`.
 * @module
 */
import { parseArgs } from "node:util";

/**
 * A configuration value: what a default may be and what `--key=value` can produce. Matrices
 * (`number[][]`, rectangular) are written `--key=1,2;3,4` on the command line (rows separated
 * by `;`, entries by `,`) and as JSON arrays of arrays in grid files.
 */
export type ConfigValue = number | string | boolean | number[] | string[] | number[][];

/** A script's configuration object: every knob with its default. */
export type Config = Record<string, ConfigValue>;

/** The kind of a configuration value, derived from its default. */
export type ConfigKind = "number" | "string" | "boolean" | "number[]" | "string[]" | "number[][]";

/** Flags every script accepts besides its own keys. */
export const COMMON_FLAGS: Readonly<Record<string, string>> = {
  help: "print every key with its default and comment, then exit",
  out: "run directory (default out/<script>/<timestamp>-<config hash>/)",
  quiet: "no progress or log output",
  backend: "compute backend: cpu | wasm | webgpu (default: the library default)",
};

/** The kind of a default value; throws a named error for values outside {@link ConfigValue}. */
export function kindOf(key: string, value: unknown): ConfigKind {
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new Error(
        `config: default of "${key}" is an empty array; give at least one element so its type ` +
          `(number[] or string[]) is known`,
      );
    }
    if (value.every((v) => typeof v === "number")) return "number[]";
    if (value.every((v) => typeof v === "string")) return "string[]";
    if (value.every((row) => Array.isArray(row))) {
      const m = coerceMatrix(value);
      if (!m.ok) throw new Error(`config: default of "${key}" must be ${m.expected}`);
      return "number[][]";
    }
  }
  throw new Error(
    `config: default of "${key}" must be a number, string, boolean, number[], string[] or ` +
      `number[][], got ${JSON.stringify(value)}`,
  );
}

const MATRIX_EXPECTED = 'a matrix: rows separated by ";", numbers by "," (e.g. 1,2;3,4)';

/**
 * A rectangular, non-empty matrix of numbers from `"1,2;3,4"` or `[[1,2],[3,4]]`; otherwise
 * what was expected, naming the first bad row or entry.
 */
function coerceMatrix(raw: unknown): { ok: true; value: number[][] } | {
  ok: false;
  expected: string;
} {
  const rows = typeof raw === "string" ? raw.split(";") : raw;
  if (!Array.isArray(rows) || rows.length === 0) return { ok: false, expected: MATRIX_EXPECTED };
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = typeof rows[i] === "string" ? (rows[i] as string).split(",") : rows[i];
    if (!Array.isArray(row) || row.length === 0 || (row.length === 1 && row[0] === "")) {
      return { ok: false, expected: `${MATRIX_EXPECTED}; row ${i} is empty or not a list` };
    }
    const r: number[] = [];
    for (let j = 0; j < row.length; j++) {
      const it = row[j];
      const v = typeof it === "number" ? it : typeof it === "string" ? parseNumber(it) : undefined;
      if (v === undefined || !Number.isFinite(v)) {
        return {
          ok: false,
          expected: `${MATRIX_EXPECTED}; entry [${i}][${j}] = ${
            JSON.stringify(it)
          } is not a number`,
        };
      }
      r.push(v);
    }
    if (out.length > 0 && r.length !== out[0].length) {
      return {
        ok: false,
        expected: `a rectangular matrix; row ${i} has ${r.length} entries, row 0 has ${
          out[0].length
        }`,
      };
    }
    out.push(r);
  }
  return { ok: true, value: out };
}

/** A value as written on the command line (lists with ",", matrix rows with ";"). */
export function formatValue(v: ConfigValue): string {
  if (!Array.isArray(v)) return String(v);
  return v.map((x) => (Array.isArray(x) ? x.join(",") : String(x))).join(
    v.some(Array.isArray) ? ";" : ",",
  );
}

/**
 * A finite number from its text, or undefined. Infinity and NaN are refused: config.json is JSON,
 * where they would be stored as null and a redraw or resume would see a different config.
 */
function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === "") return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Convert a value (a CLI string, or a JSON value from a grid file) to the kind of `defaults[key]`.
 * Returns the converted value or a string describing what was expected (the caller builds the
 * error so it can say where the value came from).
 */
export function coerceValue(
  kind: ConfigKind,
  raw: unknown,
): { ok: true; value: ConfigValue } | { ok: false; expected: string } {
  const expected = {
    number: "a finite number",
    string: "a string",
    boolean: "true or false",
    "number[]": "a comma-separated list of finite numbers",
    "string[]": "a comma-separated list of strings",
    "number[][]": MATRIX_EXPECTED,
  }[kind];
  switch (kind) {
    case "number": {
      if (typeof raw === "number" && Number.isFinite(raw)) return { ok: true, value: raw };
      if (typeof raw === "string") {
        const v = parseNumber(raw);
        if (v !== undefined) return { ok: true, value: v };
      }
      return { ok: false, expected };
    }
    case "string":
      return typeof raw === "string" ? { ok: true, value: raw } : { ok: false, expected };
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (raw === "true" || raw === "1") return { ok: true, value: true };
      if (raw === "false" || raw === "0") return { ok: true, value: false };
      return { ok: false, expected };
    }
    case "number[]": {
      const items = typeof raw === "string" ? raw.split(",") : raw;
      if (!Array.isArray(items) || items.length === 0) return { ok: false, expected };
      const out: number[] = [];
      for (const it of items) {
        const v = typeof it === "number"
          ? it
          : typeof it === "string"
          ? parseNumber(it)
          : undefined;
        if (v === undefined || !Number.isFinite(v)) return { ok: false, expected };
        out.push(v);
      }
      return { ok: true, value: out };
    }
    case "string[]": {
      const items = typeof raw === "string" ? raw.split(",") : raw;
      if (!Array.isArray(items) || items.length === 0) return { ok: false, expected };
      if (!items.every((v) => typeof v === "string")) return { ok: false, expected };
      return { ok: true, value: items as string[] };
    }
    case "number[][]":
      return coerceMatrix(raw);
    default:
      kind satisfies never;
      throw new Error(`coerceValue: unknown kind ${kind}`);
  }
}

/** Result of {@link parseCliArgs}. */
export interface ParsedArgs<C extends Config> {
  /** Defaults with the overrides applied. */
  config: C;
  /** Keys given on the command line. */
  overridden: (keyof C)[];
  /** `--help` was given. */
  help: boolean;
  /** `--quiet` was given. */
  quiet: boolean;
  /** `--out` (run directory), if given. */
  out?: string;
  /** `--backend` (backend name), if given. */
  backend?: string;
  /** The preset applied (`--full` is `--preset=full`), if any. */
  preset?: string;
}

/** Named presets of a script: partial configs applied before explicit `--key=value` overrides. */
export type Presets<C extends Config> = Readonly<Record<string, Partial<C>>>;

/** Enumerated string keys of a script: the allowed values per key (for string and string[]). */
export type Choices<C extends Config> = { readonly [K in keyof C]?: readonly string[] };

/** Options of {@link parseCliArgs}. */
export interface ParseOptions<C extends Config> {
  /** Script name for error messages. */
  script?: string;
  /** Named presets (`--preset=NAME`; `--full` applies `full` unless a key is named `full`). */
  presets?: Presets<C>;
  /** Allowed values of enumerated string keys. */
  choices?: Choices<C>;
}

/**
 * Check that every key of every preset is a key of `defaults` with a value of the same kind, and
 * that choices name string keys; throws a named error for the first problem.
 */
export function validatePresets<C extends Config>(
  defaults: C,
  presets: Presets<C> | undefined,
  choices: Choices<C> | undefined,
  who = "script",
): void {
  for (const [name, preset] of Object.entries(presets ?? {})) {
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
      throw new Error(
        `${who}: preset name must be lower-case letters, digits, "_" or "-", got "${name}"`,
      );
    }
    for (const [k, v] of Object.entries(preset as Record<string, unknown>)) {
      if (!(k in defaults)) throw new Error(`${who}: preset "${name}" sets unknown key "${k}"`);
      const kind = kindOf(k, defaults[k]);
      const r = coerceValue(kind, v);
      if (!r.ok) {
        throw new Error(
          `${who}: preset "${name}" sets "${k}" to ${JSON.stringify(v)}, expected ${r.expected}`,
        );
      }
    }
  }
  for (const [k, list] of Object.entries(choices ?? {})) {
    if (!(k in defaults)) throw new Error(`${who}: choices given for unknown key "${k}"`);
    const kind = kindOf(k, defaults[k]);
    if (kind !== "string" && kind !== "string[]") {
      throw new Error(`${who}: choices given for "${k}", which is ${kind}, not a string`);
    }
    checkChoiceValue(k, defaults[k], list as readonly string[], `${who}: default of`);
  }
}

function checkChoiceValue(
  key: string,
  value: ConfigValue,
  list: readonly string[],
  where: string,
): void {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== "string" || !list.includes(v)) {
      throw new Error(
        `${where} "${key}" must be one of ${list.map((c) => `"${c}"`).join(", ")}, got ${
          JSON.stringify(v)
        }`,
      );
    }
  }
}

/**
 * Apply the preset `name` to `config` (in place), checking each value's kind. Throws a named
 * error for an unknown preset, listing the known ones.
 */
export function applyPreset<C extends Config>(
  config: C,
  presets: Presets<C> | undefined,
  name: string,
  who = "script",
): C {
  const preset = presets?.[name];
  if (preset === undefined) {
    const known = Object.keys(presets ?? {});
    throw new Error(
      `${who}: unknown preset "${name}" (presets: ${known.length ? known.join(", ") : "none"})`,
    );
  }
  for (const [k, v] of Object.entries(preset as Record<string, unknown>)) {
    if (!(k in config)) throw new Error(`${who}: preset "${name}" sets unknown key "${k}"`);
    const r = coerceValue(kindOf(k, config[k]), v);
    if (!r.ok) {
      throw new Error(
        `${who}: preset "${name}" sets "${k}" to ${JSON.stringify(v)}, expected ${r.expected}`,
      );
    }
    (config as Config)[k] = r.value;
  }
  return config;
}

function kebabToCamel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A list of the valid keys with their kinds, for error messages. */
export function validKeysText(defaults: Config, presets?: Presets<Config>): string {
  const own = Object.keys(defaults).map((k) => `--${k}=<${kindOf(k, defaults[k])}>`);
  const pre = presets && Object.keys(presets).length > 0
    ? [...("full" in presets && !("full" in defaults) ? ["--full"] : []), "--preset=<name>"]
    : [];
  return [...own, ...pre, "--out=<dir>", "--quiet", "--backend=<name>", "--help"].join(", ");
}

/**
 * Parse `--key=value` / `--key value` / `--flag` / `--no-flag` arguments against `defaults`
 * (kebab-case keys are accepted for camelCase defaults). Unknown keys, positional arguments and
 * values of the wrong type are errors that list the valid keys. With `presets`, `--preset=NAME`
 * (and `--full` for the preset `full`, unless `defaults` has a key `full`) applies that preset
 * first, wherever it appears; explicit `--key=value` always wins. With `choices`, enumerated
 * string keys must take one of their listed values.
 */
export function parseCliArgs<C extends Config>(
  defaults: C,
  args: readonly string[],
  options: ParseOptions<C> = {},
): ParsedArgs<C> {
  const who = options.script ?? "script";
  const presets = options.presets;
  const hasPresets = presets !== undefined && Object.keys(presets).length > 0;
  const fullFlag = hasPresets && "full" in presets && !("full" in defaults);
  const kinds: Record<string, ConfigKind> = {};
  for (const [k, v] of Object.entries(defaults)) kinds[k] = kindOf(k, v);
  const spec: Record<string, { type: "string" | "boolean" }> = {};
  // Boolean keys are parsed as flags so `--flag --next=1` does not swallow `--next=1`;
  // `--flag=false` still arrives as an inline value (strict: false).
  for (const k of Object.keys(defaults)) {
    spec[k] = { type: kinds[k] === "boolean" ? "boolean" : "string" };
    const kebab = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (kebab !== k && /^[a-z]/.test(k) && !(kebab in defaults)) spec[kebab] = spec[k];
  }
  for (const k of ["out", "backend"]) spec[k] = { type: "string" };
  for (const k of ["help", "quiet"]) spec[k] = { type: "boolean" };
  if (hasPresets) spec.preset = { type: "string" };
  if (fullFlag) spec.full = { type: "boolean" };
  let tokens;
  try {
    tokens = parseArgs({
      args: [...args],
      options: spec,
      strict: false,
      allowPositionals: true,
      tokens: true,
    }).tokens;
  } catch (e) {
    throw new Error(`${who}: cannot parse arguments: ${(e as Error).message}`);
  }
  const config: Config = { ...defaults };
  const overridden: string[] = [];
  const result: ParsedArgs<C> = { config: config as C, overridden, help: false, quiet: false };
  const fail = (msg: string): never => {
    throw new Error(
      `${who}: ${msg}. Valid keys: ${validKeysText(defaults, presets as Presets<Config>)}`,
    );
  };
  // The preset goes first, wherever it appears among the arguments.
  const presetNames: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind !== "option") continue;
    if (hasPresets && t.name === "preset") {
      if (t.value === undefined || t.value === "") fail("--preset needs a value (--preset=NAME)");
      presetNames.push(t.value as string);
    } else if (fullFlag && t.name === "full") {
      if (t.value !== undefined) fail(`flag --full takes no value, got "${t.value}"`);
      presetNames.push("full");
    }
  }
  if (presetNames.length > 1) fail(`give one preset, got ${presetNames.join(" and ")}`);
  if (presetNames.length === 1) {
    applyPreset(config as C, presets, presetNames[0], who);
    result.preset = presetNames[0];
  }
  for (const t of tokens ?? []) {
    if (t.kind === "option" && hasPresets && t.name === "preset") continue;
    if (t.kind === "option" && fullFlag && t.name === "full") continue;
    if (t.kind === "positional") fail(`unexpected argument "${t.value}"`);
    if (t.kind !== "option") continue;
    let name = t.name;
    let value: string | undefined = t.value;
    if (name === "help" || name === "quiet") {
      if (value !== undefined) fail(`flag --${name} takes no value, got "${value}"`);
      result[name] = true;
      continue;
    }
    if (name === "out" || name === "backend") {
      if (value === undefined || value === "") fail(`--${name} needs a value (--${name}=...)`);
      result[name] = value;
      continue;
    }
    let negated = false;
    if (!(name in kinds) && !(kebabToCamel(name) in kinds) && name.startsWith("no-")) {
      negated = true;
      name = name.slice(3);
    }
    if (!(name in kinds)) name = kebabToCamel(name);
    if (!(name in kinds)) fail(`unknown key "--${t.name}"`);
    const kind = kinds[name];
    if (negated) {
      if (kind !== "boolean") {
        fail(`--no-${name} is only valid for boolean keys; "${name}" is ${kind}`);
      }
      if (value !== undefined) fail(`--no-${name} takes no value`);
      value = "false";
    }
    // `--n --out=x`: parseArgs hands "--out=x" to --n as its value; that is a missing value.
    if (value !== undefined && !t.inlineValue && value.startsWith("--")) value = undefined;
    if (value === undefined) {
      if (kind === "boolean") value = "true";
      else fail(`--${name} needs a value (${kind}), e.g. --${name}=${formatValue(defaults[name])}`);
    }
    const r = coerceValue(kind, value);
    if (!r.ok) fail(`--${name} must be ${r.expected}, got "${value}"`);
    else {
      config[name] = r.value;
      overridden.push(name);
    }
  }
  for (const [k, list] of Object.entries(options.choices ?? {})) {
    if (list !== undefined) checkChoiceValue(k, config[k], list as readonly string[], `${who}: --`);
  }
  return result;
}

/** `--help` text: usage, description and every key with its kind, default and comment. */
export function formatHelp(
  spec: {
    name: string;
    description: string;
    defaults: Config;
    help: Record<string, string>;
    presets?: Presets<Config>;
    choices?: Choices<Config>;
  },
): string {
  const rows: [string, string, string][] = [];
  for (const [k, v] of Object.entries(spec.defaults)) {
    const list = spec.choices?.[k];
    const kind = list ? list.join("|") : kindOf(k, v);
    const def = formatValue(v);
    rows.push([`--${k}=<${kind}>`, `default ${def}`, spec.help[k] ?? ""]);
  }
  for (const [name, preset] of Object.entries(spec.presets ?? {})) {
    const flag = name === "full" && !("full" in spec.defaults) ? "--full" : `--preset=${name}`;
    const sets = Object.entries(preset as Record<string, ConfigValue>)
      .map(([k, v]) => `${k}=${formatValue(v)}`).join(" ");
    rows.push([flag, "preset", `sets ${sets || "nothing"}`]);
  }
  for (const [k, c] of Object.entries(COMMON_FLAGS)) {
    rows.push([k === "help" || k === "quiet" ? `--${k}` : `--${k}=<string>`, "", c]);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map((r) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd());
  return `Usage: saddle ${spec.name} [--key=value ...]\n\n${spec.description}\n\nOptions:\n${
    lines.join("\n")
  }\n`;
}
