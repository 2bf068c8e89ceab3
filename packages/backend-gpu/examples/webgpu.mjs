// Run a convolution on WebGPU (Dawn in Node), fall back to fovea-wasm where there is no GPU.
// Without a GPU on Debian: apt-get install chromium libvulkan1 and
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node examples/webgpu.mjs
import { prepareWebGPU } from '@fovea/backend-gpu';
import { BackendUnavailableError, setBackend, tf } from '@fovea/core';

const gpu = await prepareWebGPU({ powerPreference: 'high-performance' });
console.log(gpu.available ? `adapter: ${gpu.detail}${gpu.software ? ' (software)' : ''}` : `no webgpu: ${gpu.reason}`);

try {
  await setBackend('webgpu');
} catch (error) {
  if (!(error instanceof BackendUnavailableError)) throw error;
  console.log(error.message);
  await setBackend('fovea-wasm');
}

const image = tf.randomUniform([1, 32, 32, 3]);
const kernel = tf.randomNormal([3, 3, 3, 8]);
const features = tf.tidy(() => tf.relu(tf.conv2d(image, kernel, 1, 'same')));
// Read GPU results with await data(): dataSync() cannot read a GPU tensor in Node.
const values = await features.data();
console.log(`${tf.getBackend()}: ${features.shape.join('x')} features, mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(4)}`);
tf.dispose([image, kernel, features]);
