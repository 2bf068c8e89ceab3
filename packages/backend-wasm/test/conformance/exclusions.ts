// Specs of tfjs-core's suite that do not run against fovea-wasm, each with its reason.
// Matching is by substring of the spec's full name, as tfjs's own setupTestFilters does.
// None so far. Not counted as exclusions: 2 specs tfjs itself runs only where backendName is
// 'cpu' ("Switching cpu backends", engine_test), so the suite has 4,225 specs here and 4,227 with
// FOVEA_CONFORMANCE_BACKEND=cpu; and 5 specs tfjs marks pending (xit) on every backend.
export interface Exclusion {
  test: string;
  reason: string;
}

export const EXCLUDED: Exclusion[] = [];
