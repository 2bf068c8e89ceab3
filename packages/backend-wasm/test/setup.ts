// tfjs-core's ESM entry registers neither gradients nor the chained tensor methods (x.square());
// the union package @tensorflow/tfjs does, so tests do it here.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
