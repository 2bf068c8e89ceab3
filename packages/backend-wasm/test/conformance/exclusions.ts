// Specs of tfjs-core's suite that do not run against fovea-wasm, each with its reason.
// Matching is by substring of the spec's full name, as tfjs's own setupTestFilters does.
export interface Exclusion {
  test: string;
  reason: string;
}

export const EXCLUDED: Exclusion[] = [];
