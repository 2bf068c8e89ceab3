/** A value as an error message shows it: strings quoted, everything else as JSON where it can be. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
