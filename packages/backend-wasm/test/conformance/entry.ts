// The conformance bundle: our backend plus tfjs-core's own op test suite, bundled into one file
// so that the tests and the backend share one tfjs engine.
import './setup.js';
import '@tensorflow/tfjs-core/dist/tests.js';
