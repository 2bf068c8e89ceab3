import { setBackend, tf } from '@fovea/core';
import { useFastGradientKernels } from '@fovea/models';
import * as tfl from '@tensorflow/tfjs-layers';
await setBackend(process.argv[2] ?? 'fovea-wasm');
useFastGradientKernels(tf.getBackend());
const m = tfl.sequential({layers:[tfl.layers.conv2d({inputShape:[28,28,1],filters:32,kernelSize:3,activation:'relu', padding:'same'}), tfl.layers.maxPooling2d({poolSize:2}), tfl.layers.conv2d({filters:64,kernelSize:3,activation:'relu', padding:'same'}), tfl.layers.maxPooling2d({poolSize:2}), tfl.layers.flatten(), tfl.layers.dense({units:128, activation:'relu'}), tfl.layers.dropout({rate:0.3}), tfl.layers.dense({units:10, activation:'softmax'})]});
m.compile({optimizer:'adam', loss:'categoricalCrossentropy', metrics:['accuracy']});
const x = tf.randomNormal([128,28,28,1]); const y = tf.oneHot(tf.randomUniform([128],0,10,'int32'),10);
await m.trainOnBatch(x,y);
let t = performance.now(); await m.trainOnBatch(x,y); console.log('step ms', performance.now()-t);
const p = await tf.profile(async () => { await m.trainOnBatch(x,y); });
const agg = {};
for (const k of p.kernels) { agg[k.name] = (agg[k.name]??0) + (await k.kernelTimeMs); }
console.log(Object.entries(agg).sort((a,b)=>b[1]-a[1]).slice(0,12).map(([k,v])=>k+':'+v.toFixed(0)).join(' '));
