// The architectures Keras does not ship: trainable parameter counts equal the reference models'
// (the papers' tables / torchvision / the SENet authors), and a forward pass on fovea-wasm matches
// tfjs's cpu backend. Global-pooling models are counted and run at 32x32 (FOVEA_FULL_SIZE=1: the
// default size); AlexNet's flattening classifier depends on the input size, so it is counted at
// 227x227 and run at its 67x67 minimum.
import { describe, expect, it } from 'vitest';
import { AlexNet, GOOGLENET_INCEPTION_TABLE, LeNet5 } from './classic.js';
import { FULL_SIZE, expectBackendsAgree, trainableParams, withModel } from './test_support.js';
import { getModelInfo } from './zoo.js';

/** Conv/dense parameters with bias. */
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;

describe('classic architectures', () => {
  it('GoogLeNet: the reference count follows from the paper\'s table 1', () => {
    // Independent of the builder: stem + nine inception modules + classifier, from the table alone.
    let channels = 192;
    let total = conv(7, 3, 64) + conv(1, 64, 64) + conv(3, 64, 192);
    for (const [, n1, r3, n3, r5, n5, pp] of GOOGLENET_INCEPTION_TABLE) {
      total += conv(1, channels, n1) + conv(1, channels, r3) + conv(3, r3, n3) + conv(1, channels, r5) + conv(5, r5, n5) + conv(1, channels, pp);
      channels = n1 + n3 + n5 + pp;
    }
    total += channels * 1000 + 1000;
    expect(getModelInfo('GoogLeNet').referenceTrainableParams).toBe(total);
  });

  it('AlexNet and LeNet-5: the reference counts follow from the layer sizes', () => {
    const alexnet =
      conv(11, 3, 96) + conv(5, 96, 256) + conv(3, 256, 384) + conv(3, 384, 384) + conv(3, 384, 256) + (6 * 6 * 256 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 1000 + 1000);
    expect(getModelInfo('AlexNet').referenceTrainableParams).toBe(alexnet);
    const lenet = conv(5, 1, 6) + conv(5, 6, 16) + conv(5, 16, 120) + (120 * 84 + 84) + (84 * 10 + 10);
    expect(getModelInfo('LeNet5').referenceTrainableParams).toBe(lenet);
  });

  for (const name of ['GoogLeNet', 'ResNet18', 'ResNet34', 'ResNeXt50', 'SEResNet50']) {
    it(`${name}: the reference trainable parameter count; fovea-wasm matches cpu`, async () => {
      const info = getModelInfo(name);
      const size = FULL_SIZE ? info.defaultSize : 32;
      await withModel(
        () => info.build({ inputShape: [size, size, 3], classifierActivation: null }),
        async (model) => {
          expect(trainableParams(model)).toBe(info.referenceTrainableParams);
          expect(model.outputs[0]!.shape).toEqual([null, 1000]);
          await expectBackendsAgree(model);
        },
      );
    }, 120_000);
  }

  it('LeNet-5: 61,706 parameters on 32x32x1 and on MNIST\'s 28x28x1 (zero-padded); fovea-wasm matches cpu', async () => {
    for (const inputShape of [undefined, [28, 28, 1]]) {
      await withModel(
        () => LeNet5(inputShape ? { inputShape, classifierActivation: null } : { classifierActivation: null }),
        async (model) => {
          expect(model.countParams()).toBe(getModelInfo('LeNet5').referenceTrainableParams);
          expect(model.outputs[0]!.shape).toEqual([null, 10]);
          await expectBackendsAgree(model);
        },
      );
    }
  });

  it('AlexNet: 62,378,344 parameters at 227x227', async () => {
    await withModel(
      () => AlexNet(),
      (model) => {
        expect(model.countParams()).toBe(getModelInfo('AlexNet').referenceTrainableParams);
        expect(model.layers.map((l) => l.name)).toContain('drop7');
      },
    );
  }, 120_000);

  it(`AlexNet: fovea-wasm matches cpu (${FULL_SIZE ? '227x227' : '67x67'})`, async () => {
    const size = FULL_SIZE ? 227 : 67;
    await withModel(() => AlexNet({ inputShape: [size, size, 3], classifierActivation: null }), (model) => expectBackendsAgree(model));
  }, 120_000);
});
