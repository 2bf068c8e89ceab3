// Runs before tfjs-core's test files are evaluated (ESM evaluates imports in order), because
// describeWithFlags reads the registered test environments at import time.
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util.js';
// tfjs-core registers gradients only when this module is imported (the union package does it).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '../../src/index.js';
import { EXCLUDED } from './exclusions.js';

// FOVEA_CONFORMANCE_BACKEND=cpu runs the same bundle against tfjs's cpu backend, for comparison.
const backendName = process.env['FOVEA_CONFORMANCE_BACKEND'] ?? 'fovea-wasm';
setTestEnvs([{ name: backendName, backendName, isDataSync: true }]);
setupTestFilters([], (name: string) => !EXCLUDED.some(({ test }) => name.includes(test)));
