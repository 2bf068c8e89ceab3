// Config translation, unit by unit: each Keras 2.4+ / Keras 3 form tfjs-layers cannot read, in the
// form Keras writes it, comes out in the form tfjs-layers reads; and what has no tfjs equivalent is
// refused with the layer named.
import { describe, expect, it } from 'vitest';
import { ModelFileError } from './errors.js';
import { type JsonObject, toTfjsModelConfig } from './keras_config.js';

const policy = (name: string) => ({ module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null });
const tensor = (layer: string, node = 0, index = 0) => ({ class_name: '__keras_tensor__', config: { shape: [null, 8], dtype: 'float32', keras_history: [layer, node, index] } });

function keras3Functional(layers: JsonObject[], inputs: unknown, outputs: unknown): JsonObject {
  return { module: 'keras.src.models.functional', class_name: 'Functional', config: { name: 'f', trainable: true, layers, input_layers: inputs, output_layers: outputs } as never, registered_name: 'Functional' };
}

function layersOf(config: JsonObject): JsonObject[] {
  return (config['config'] as JsonObject)['layers'] as JsonObject[];
}

describe('Keras 3 configs', () => {
  it('InputLayer batch_shape, DTypePolicy objects, module envelopes and {args, kwargs} inbound nodes', () => {
    const config = keras3Functional(
      [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8], dtype: 'float32', sparse: false, ragged: false, name: 'in' }, registered_name: null, name: 'in', inbound_nodes: [] },
        {
          module: 'keras.layers',
          class_name: 'Dense',
          config: {
            name: 'd',
            trainable: true,
            dtype: policy('float32'),
            units: 8,
            activation: 'silu',
            kernel_initializer: { module: 'keras.initializers', class_name: 'LecunNormal', config: { seed: null }, registered_name: null },
            kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null },
            lora_rank: null,
          },
          registered_name: null,
          build_config: { input_shape: [null, 8] },
          name: 'd',
          inbound_nodes: [{ args: [tensor('in')], kwargs: {} }],
        },
        { module: 'keras.layers', class_name: 'Add', config: { name: 'add', dtype: policy('mixed_float16') }, registered_name: null, name: 'add', inbound_nodes: [{ args: [[tensor('in'), tensor('d')]], kwargs: {} }] },
      ],
      ['in', 0, 0],
      ['add', 0, 0],
    );
    const out = toTfjsModelConfig(config, 'test.keras');
    expect(out['class_name']).toBe('Model');
    const [input, dense, add] = layersOf(out);
    expect(input).toEqual({ class_name: 'InputLayer', config: { batch_input_shape: [null, 8], dtype: 'float32', sparse: false, name: 'in' }, name: 'in', inbound_nodes: [] });
    expect(dense!['config']).toEqual({
      name: 'd',
      trainable: true,
      dtype: 'float32',
      units: 8,
      activation: 'swish',
      kernel_initializer: { class_name: 'LeCunNormal', config: { seed: null } },
      kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
    });
    expect(dense!['inbound_nodes']).toEqual([[['in', 0, 0, {}]]]);
    expect(add!['config']).toEqual({ name: 'add', dtype: 'float32' });
    expect(add!['inbound_nodes']).toEqual([[['in', 0, 0, {}], ['d', 0, 0, {}]]]);
    expect((out['config'] as JsonObject)['input_layers']).toEqual([['in', 0, 0]]);
    expect((out['config'] as JsonObject)['output_layers']).toEqual([['add', 0, 0]]);
  });

  it("a Sequential's leading InputLayer becomes the first layer's batch_input_shape (Keras's Sequential.layers leave it out)", () => {
    const out = toTfjsModelConfig(
      {
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', name: 'input_layer' }, registered_name: null },
            { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 2, dtype: policy('float32') }, registered_name: null },
          ],
        },
        registered_name: null,
      },
      'seq.keras',
    );
    expect(out).toEqual({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, dtype: 'float32', batch_input_shape: [null, 4] } }] } });
  });

  it('layer options renamed since Keras 2.3: BatchNormalization axis lists and synchronized, LeakyReLU negative_slope, ReLU defaults', () => {
    const out = toTfjsModelConfig(
      {
        class_name: 'Sequential',
        config: [
          { class_name: 'BatchNormalization', config: { name: 'bn', axis: [3], scale: 1, center: true, synchronized: false, batch_input_shape: [null, 4, 4, 2] } },
          { class_name: 'LeakyReLU', config: { name: 'leaky', negative_slope: 0.2 } },
          { class_name: 'ReLU', config: { name: 'relu', max_value: 6, negative_slope: 0, threshold: 0 } },
        ],
      },
      'k2.h5',
    );
    const [bn, leaky, relu] = layersOf(out);
    expect(bn!['config']).toEqual({ name: 'bn', axis: 3, scale: true, center: true, batch_input_shape: [null, 4, 4, 2] });
    expect(leaky!['config']).toEqual({ name: 'leaky', alpha: 0.2 });
    expect(relu!['config']).toEqual({ name: 'relu', max_value: 6 });
  });

  it('Keras 2.2 nested models and a flat Keras 3 output list', () => {
    const inner = { class_name: 'Sequential', config: { name: 'inner', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } }] } };
    const out = toTfjsModelConfig(
      {
        class_name: 'Functional',
        config: {
          name: 'outer',
          layers: [
            { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 3] }, inbound_nodes: [] },
            { ...inner, name: 'inner', inbound_nodes: [[['x', 0, 0, {}]]] },
          ],
          input_layers: [['x', 0, 0]],
          output_layers: ['inner', 1, 0],
        },
      },
      'nested.h5',
    );
    const [, nested] = layersOf(out);
    expect(nested!['class_name']).toBe('Sequential');
    expect(nested!['name']).toBe('inner');
    expect((out['config'] as JsonObject)['output_layers']).toEqual([['inner', 1, 0]]);
  });
});

describe('what has no tfjs equivalent is refused, naming the layer', () => {
  const refuse = (layer: JsonObject, pattern: RegExp) => {
    const attempt = () => toTfjsModelConfig({ class_name: 'Sequential', config: { name: 's', layers: [layer] } }, 'bad.keras');
    expect(attempt).toThrow(ModelFileError);
    expect(attempt).toThrow(pattern);
    expect(attempt).toThrow(/bad\.keras/);
  };
  it('quantized layers, ragged inputs, renorm, custom activations, ReLU thresholds, non-tensor call arguments', () => {
    refuse({ class_name: 'Dense', config: { name: 'q', units: 2, dtype: { class_name: 'QuantizedDTypePolicy', config: { name: 'int8_from_float32' } } } }, /layer 'q' \(Dense\): its dtype policy is quantized/);
    refuse({ class_name: 'InputLayer', config: { name: 'r', batch_shape: [null, 2], ragged: true } }, /layer 'r' \(InputLayer\): ragged inputs/);
    refuse({ class_name: 'BatchNormalization', config: { name: 'bn', renorm: true } }, /layer 'bn' \(BatchNormalization\): batch renormalization/);
    refuse({ class_name: 'Dense', config: { name: 'act', units: 2, activation: { module: 'builtins', class_name: 'function', config: 'my_act', registered_name: 'function' } } }, /custom function 'my_act'/);
    refuse({ class_name: 'ReLU', config: { name: 'thr', threshold: 0.5 } }, /layer 'thr' \(ReLU\): ReLU with threshold = 0\.5/);
    refuse({ module: 'keras.layers', class_name: 'Dense', config: { name: 'hs', units: 2, activation: 'hard_sigmoid' } }, /hard_sigmoid/);
    expect(() =>
      toTfjsModelConfig(
        keras3Functional(
          [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 2], name: 'in' }, name: 'in', inbound_nodes: [] },
            { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 2 }, name: 'd', inbound_nodes: [{ args: [tensor('in'), 3.5], kwargs: {} }] },
          ],
          ['in', 0, 0],
          ['d', 0, 0],
        ),
        'call.keras',
      ),
    ).toThrow(/layer 'd' \(Dense\): it is called with a non-tensor positional argument 3\.5/);
  });
});
