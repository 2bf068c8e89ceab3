// Keras Applications' options: defaults, includeTop/pooling, inputTensor, Keras layer names, and
// errors that name the argument, the value and what was expected.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { GoogLeNet, LeNet5 } from './classic.js';
import { DenseNet121 } from './densenet.js';
import { EfficientNetB0 } from './efficientnet.js';
import { MobileNet, MobileNetV2 } from './mobilenet.js';
import { ResNet50 } from './resnet.js';
import { expectBackendsAgree, relativeError, savedArtifacts, withModel } from './test_support.js';
import { VGG16 } from './vgg.js';
import { Xception } from './xception.js';
import { listModels } from './zoo.js';

describe('builder options', () => {
  it('includeTop: false with pooling avg / max / none gives Keras\'s feature shapes', async () => {
    await withModel(
      () => MobileNetV2({ alpha: 0.35, includeTop: false, inputShape: [64, 64, 3] }),
      (model) => expect(model.outputs[0]!.shape).toEqual([null, 2, 2, 1280]),
    );
    await withModel(
      () => MobileNetV2({ alpha: 0.35, includeTop: false, pooling: 'avg' }),
      (model) => {
        expect(model.inputs[0]!.shape).toEqual([null, null, null, 3]);
        expect(model.outputs[0]!.shape).toEqual([null, 1280]);
      },
    );
    await withModel(
      () => ResNet50({ includeTop: false, pooling: 'max', inputShape: [32, 32, 3] }),
      (model) => {
        expect(model.outputs[0]!.shape).toEqual([null, 2048]);
        expect(model.layers.at(-1)!.name).toBe('max_pool');
        // Keras's ResNet50(include_top=False) has 175 layers; pooling adds max_pool.
        expect(model.layers.length).toBe(176);
      },
    );
  });

  it('classes and classifierActivation shape the head', async () => {
    await withModel(
      () => MobileNet({ alpha: 0.25, inputShape: [32, 32, 3], classes: 7, classifierActivation: 'sigmoid' }),
      (model) => {
        expect(model.outputs[0]!.shape).toEqual([null, 7]);
        const head = model.getLayer('predictions');
        expect((head.getConfig() as { activation: string }).activation).toBe('sigmoid');
        expect(model.name).toBe('mobilenet_0.25_32');
      },
    );
  });

  it('inputTensor: the model starts from the given tensor, and takes its source inputs', async () => {
    const input = tfl.input({ shape: [40, 40, 3], name: 'image' });
    const resized = tfl.layers.zeroPadding2d({ padding: 4, name: 'grow' }).apply(input) as tfl.SymbolicTensor;
    await withModel(
      () => MobileNetV2({ alpha: 0.35, inputTensor: resized, includeTop: false, pooling: 'avg' }),
      (model) => {
        expect(model.inputs).toEqual([input]);
        expect(model.getLayer('grow')).toBeDefined();
        const y = tf.tidy(() => model.predict(tf.zeros([1, 40, 40, 3])) as tf.Tensor);
        expect(y.shape).toEqual([1, 1280]);
        y.dispose();
      },
    );
  });

  it('uses Keras\'s layer names', async () => {
    await withModel(
      () => ResNet50({ inputShape: [32, 32, 3] }),
      (model) => {
        const names = model.layers.map((l) => l.name);
        expect(names.slice(1, 7)).toEqual(['conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad', 'pool1_pool']);
        for (const name of ['conv2_block1_0_conv', 'conv3_block4_out', 'conv4_block6_3_bn', 'conv5_block3_add', 'avg_pool', 'predictions']) {
          expect(names).toContain(name);
        }
      },
    );
    await withModel(
      () => Xception({ inputShape: [71, 71, 3] }),
      (model) => {
        const names = model.layers.map((l) => l.name);
        for (const name of ['block1_conv1_bn', 'conv2d', 'conv2d_3', 'batch_normalization_3', 'add_11', 'block14_sepconv2_act']) {
          expect(names).toContain(name);
        }
        expect(names).not.toContain('conv2d_4');
      },
    );
    await withModel(
      () => DenseNet121({ inputShape: [32, 32, 3] }),
      (model) => {
        const names = model.layers.map((l) => l.name);
        for (const name of ['zero_padding2d', 'conv1/conv', 'conv2_block6_concat', 'pool4_pool', 'conv5_block16_2_conv', 'bn', 'relu']) {
          expect(names).toContain(name);
        }
      },
    );
    await withModel(
      () => EfficientNetB0({ inputShape: [32, 32, 3] }),
      (model) => {
        const names = model.layers.map((l) => l.name);
        expect(names.slice(1, 6)).toEqual(['rescaling', 'normalization', 'stem_conv_pad', 'stem_conv', 'stem_bn']);
        for (const name of ['block1a_se_excite', 'block2b_drop', 'block6d_add', 'block7a_project_bn', 'top_activation', 'top_dropout']) {
          expect(names).toContain(name);
        }
      },
    );
  });

  it('listModels covers every builder with Keras counts where Keras ships the model', () => {
    const models = listModels();
    expect(models).toHaveLength(26);
    expect(new Set(models.map((m) => m.name)).size).toBe(26);
    for (const m of models) expect(m.kerasParams !== null || m.referenceTrainableParams !== null).toBe(true);
  });

  it('models with the zoo\'s own layers (Normalization, LRN, @foveajs/layers\' Conv2D) save and load', async () => {
    for (const build of [
      () => EfficientNetB0({ inputShape: [32, 32, 3] }),
      () => GoogLeNet({ inputShape: [32, 32, 3] }),
    ]) {
      await withModel(build, async (model) => {
        const artifacts = await savedArtifacts(model);
        const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
        expect(reloaded.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
        const x = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 1);
        const [a, b] = [model.predict(x) as tf.Tensor, reloaded.predict(x) as tf.Tensor];
        expect(relativeError(await b.data(), await a.data())).toBe(0);
        tf.dispose([x, a, b]);
        reloaded.dispose();
      });
    }
  });

  it('outputStride 16 / 8 dilates the last stages (DeepLab): same layers and weights, larger features', async () => {
    const cases = [
      [32, (outputStride: 8 | 16 | 32) => ResNet50({ includeTop: false, inputShape: [32, 32, 3], outputStride }), 'conv5_block2_2_conv'],
      [64, (outputStride: 8 | 16 | 32) => MobileNetV2({ alpha: 0.35, includeTop: false, inputShape: [64, 64, 3], outputStride }), 'block_15_depthwise'],
    ] as const;
    for (const [size, build, dilatedLayer] of cases) {
      const reference = build(32);
      const names = reference.layers.filter((l) => l.getClassName() !== 'ZeroPadding2D').map((l) => l.name);
      const params = reference.countParams();
      reference.dispose();
      for (const [outputStride, rate] of [[16, 2], [8, 4]] as const) {
        await withModel(
          () => build(outputStride),
          async (model) => {
            expect(model.outputs[0]!.shape.slice(1, 3)).toEqual([size / outputStride, size / outputStride]);
            expect(model.layers.filter((l) => l.getClassName() !== 'ZeroPadding2D').map((l) => l.name)).toEqual(names);
            expect(model.countParams()).toBe(params);
            expect(model.getLayer(dilatedLayer).getConfig()['dilationRate']).toEqual([rate, rate]);
            await expectBackendsAgree(model);
          },
        );
      }
    }
    // The layer whose stride is replaced keeps the rate reached before it (TF-slim, torchvision).
    await withModel(
      () => MobileNetV2({ alpha: 0.35, includeTop: false, inputShape: [64, 64, 3], outputStride: 8 }),
      (model) => {
        const rate = (name: string) => (model.getLayer(name).getConfig()['dilationRate'] as number[])[0];
        expect([rate('block_5_depthwise'), rate('block_6_depthwise'), rate('block_7_depthwise'), rate('block_13_depthwise'), rate('block_14_depthwise')]).toEqual([1, 1, 2, 2, 4]);
        expect(model.getLayer('block_6_depthwise').getConfig()['strides']).toEqual([1, 1]);
      },
    );
    expect(() => ResNet50({ outputStride: 4 as never })).toThrow(/ResNet50: outputStride must be 8, 16 or 32, got 4/);
  });

  it('LeNet-5 defaults to 32x32x1 and 10 classes', async () => {
    await withModel(
      () => LeNet5(),
      (model) => {
        expect(model.inputs[0]!.shape).toEqual([null, 32, 32, 1]);
        expect(model.outputs[0]!.shape).toEqual([null, 10]);
      },
    );
  });
});

describe('argument errors name the argument, the value and the expectation', () => {
  it('inputShape too small for the architecture', () => {
    expect(() => Xception({ inputShape: [64, 64, 3] })).toThrow(/Xception: inputShape must be at least 71x71 pixels.*got \[64,64,3\]/);
    expect(() => ResNet50({ inputShape: [16, 16, 3] })).toThrow(/ResNet50: inputShape must be at least 32x32/);
  });

  it('inputShape malformed, or free spatial dimensions with a flattening classifier', () => {
    expect(() => ResNet50({ inputShape: [224, 224] })).toThrow(/ResNet50: inputShape must be a \[height, width, channels\] array, got \[224,224\]/);
    expect(() => VGG16({ inputShape: [null, null, 3] })).toThrow(/VGG16: inputShape must be a static height and width when includeTop is true/);
  });

  it("classes with includeTop and weights 'imagenet' must be 1000", () => {
    expect(() => ResNet50({ weights: 'imagenet', classes: 10 })).toThrow(
      /ResNet50: classes must be 1000 when includeTop is true and weights is 'imagenet', got 10/,
    );
  });

  it("weights 'imagenet' where Keras has none, and other bad values", () => {
    expect(() => LeNet5({ weights: 'imagenet' })).toThrow(/LeNet5: weights must be null or the path\/URL of a weights file.*got 'imagenet'/);
    expect(() => ResNet50({ weights: '' })).toThrow(/ResNet50: weights must be null, 'imagenet' or the path\/URL/);
    expect(() => ResNet50({ pooling: 'mean' as never, includeTop: false })).toThrow(/pooling must be 'avg', 'max' or undefined, got 'mean'/);
    expect(() => MobileNet({ alpha: 0.3, weights: 'imagenet' })).toThrow(/MobileNet: alpha must be one of 0.25, 0.5, 0.75, 1 with weights 'imagenet', got 0.3/);
    expect(() => ResNet50({ weights: 'imagenet', inputShape: [200, 200, 3] })).toThrow(/inputShape must be \[224,224,3\] when includeTop is true/);
  });

  it('inputTensor must be symbolic', () => {
    const concrete = tf.zeros([1, 32, 32, 3]);
    expect(() => MobileNetV2({ inputTensor: concrete as never })).toThrow(/MobileNetV2: inputTensor must be a SymbolicTensor/);
    concrete.dispose();
  });

  it('non-null weights go to the weights loader, and a failed load leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const pending = LeNet5({ weights: '/nonexistent/lenet5.weights.h5' });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow(/LeNet5: weights/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
