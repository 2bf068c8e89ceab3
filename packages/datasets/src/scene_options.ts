// Checks for the options of the scene and video generators: every value is bounded, and an error
// names the function, the option, the value and what was expected.

export type OptionSpec =
  | { kind: 'integer'; min: number; max: number; fallback?: number }
  | { kind: 'number'; min: number; max: number; fallback?: number }
  | { kind: 'enum'; values: readonly string[]; fallback?: string }
  | { kind: 'string'; fallback?: string }
  | { kind: 'function' };

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  return `${Array.isArray(value) ? 'an array' : typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim();
}

/**
 * Check `options` against `specs` and fill in defaults. Unknown keys are errors (a misspelt option
 * would otherwise be ignored silently).
 */
export function resolveOptions(caller: string, options: unknown, specs: Record<string, OptionSpec>): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${caller}: expected an options object, got ${show(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in specs)) throw new Error(`${caller}: unknown option '${key}'; expected one of ${Object.keys(specs).join(', ')}`);
  }
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = given[name] ?? ('fallback' in spec ? spec.fallback : undefined);
    if (value === undefined) {
      if (spec.kind === 'function' || spec.kind === 'string') continue;
      throw new Error(`${caller}: ${name} is required`);
    }
    switch (spec.kind) {
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
          throw new Error(`${caller}: ${name}: expected an integer in ${spec.min}..${spec.max}, got ${show(value)}`);
        }
        break;
      case 'number':
        if (typeof value !== 'number' || !(value >= spec.min && value <= spec.max)) {
          throw new Error(`${caller}: ${name}: expected a number in [${spec.min}, ${spec.max}], got ${show(value)}`);
        }
        break;
      case 'enum':
        if (typeof value !== 'string' || !spec.values.includes(value)) {
          throw new Error(`${caller}: ${name}: expected ${spec.values.map((v) => `'${v}'`).join(' or ')}, got ${show(value)}`);
        }
        break;
      case 'string':
        if (typeof value !== 'string' || value.length === 0) throw new Error(`${caller}: ${name}: expected a non-empty string, got ${show(value)}`);
        break;
      case 'function':
        if (typeof value !== 'function') throw new Error(`${caller}: ${name}: expected a function, got ${show(value)}`);
        break;
    }
    resolved[name] = value;
  }
  return resolved;
}

/** Throw unless `low` ≤ `high` (e.g. minSize ≤ maxSize). */
export function checkOrder(caller: string, lowName: string, low: number, highName: string, high: number): void {
  if (low > high) throw new Error(`${caller}: ${lowName} (${low}) must not exceed ${highName} (${high})`);
}

/** Bound the bytes a tensor-returning call allocates; streaming has no such limit. */
export const MAX_TENSOR_BYTES = 2 ** 31;
