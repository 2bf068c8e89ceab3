// Where Keras Applications publishes its ImageNet weights (keras/src/applications/*.py), and the
// file hashes Keras checks them against (md5; absent where not taken from Keras's source here).

export interface ImagenetWeightsQuery {
  /** The builder's name: 'VGG16', 'ResNet50', 'MobileNet', 'EfficientNetB0', … */
  model: string;
  includeTop: boolean;
  /** MobileNet / MobileNetV2 width multiplier. */
  alpha?: number;
  /** MobileNet / MobileNetV2 input size (rows). */
  rows?: number;
}

export interface ImagenetWeightsFile {
  url: string;
  fileName: string;
  md5?: string;
}

const GCS = 'https://storage.googleapis.com/tensorflow/keras-applications/';

function tfDimOrdering(base: string, stem: string, includeTop: boolean, hashes?: [string, string]): ImagenetWeightsFile {
  const fileName = `${stem}_weights_tf_dim_ordering_tf_kernels${includeTop ? '' : '_notop'}.h5`;
  return { url: base + fileName, fileName, ...(hashes ? { md5: includeTop ? hashes[0] : hashes[1] } : {}) };
}

const RESNET_HASHES: Record<string, [string, string]> = {
  resnet50: ['2cb95161c43110f7111970584f804107', '4d473c1dd8becc155b73f8504c6f6626'],
  resnet101: ['f1aeb4b969a6efcfb50fad2f0c20cfc5', '88cf7a10940856eca736dc7b7e228a21'],
  resnet152: ['100835be76be38e30d865e96f2aaae62', 'ee4c566cf9a93f14d82f913c2dc6dd0c'],
};
const DENSENET_HASHES: Record<string, [string, string]> = {
  densenet121: ['9d60b8095a5708f2dcce2bca79d332c7', '30ee3e1110167f948a6b9946edeeb738'],
  densenet169: ['d699b8f76981ab1b30698df4c175e90b', 'b8c4d4c20dd625c148057b9ff1c1176b'],
  densenet201: ['1ceb130c1ea1b78c3bf6114dbdfd8807', 'c13680b51ded0fb44dff2d8f86ac8bb1'],
};
const EFFICIENTNET_HASHES: Record<string, [string, string]> = {
  b0: ['902e53a9f72be733fc0bcb005b3ebbac', '50bc09e76180e00e4465e1a485ddc09d'],
  b1: ['1d254153d4ab51201f1646940f018540', '74c4e6b3e1f6a1eea24c589628592432'],
  b2: ['b15cce36ff4dcbd00b6dd88e7857a6ad', '111f8e2ac8aa800a7a99e3239f7bfb39'],
  b3: ['ffd1fdc53d0ce67064dc6a9c7960ede0', 'af6d107764bb5b1abb91932881670226'],
  b4: ['18c95ad55216b8f92d7e70b3a046e2fc', 'ebc24e6d6c33eaebbd558eafbeedf1ba'],
  b5: ['ace28f2a6363774853a83a0b21b9421a', '38879255a25d3c92d5e44e04ae6cec6f'],
  b6: ['165f6e37dce68623721b423839de8be5', '9ecce42647a20130c1f39a5d4cb75743'],
  b7: ['8c03f828fec3ef71311cd463b6759d99', 'cbcfe4450ddf6f3ad90b1b398090fe4a'],
};

const MOBILENET_ALPHAS = [0.25, 0.5, 0.75, 1.0];
const MOBILENET_ROWS = [128, 160, 192, 224];
const MOBILENET_V2_ALPHAS = [0.35, 0.5, 0.75, 1.0, 1.3, 1.4];
const MOBILENET_V2_ROWS = [96, 128, 160, 192, 224];

/** The official Keras file for `query`; throws naming the model when Keras publishes none. */
export function imagenetWeightsFile(query: ImagenetWeightsQuery): ImagenetWeightsFile {
  const key = query.model.toLowerCase();
  const { includeTop } = query;
  if (key === 'vgg16') return tfDimOrdering(`${GCS}vgg16/`, 'vgg16', includeTop, ['64373286793e3c8b2b4e3219cbf3544b', '6d6bbae143d832006294945121d1f1fc']);
  if (key === 'vgg19') return tfDimOrdering(`${GCS}vgg19/`, 'vgg19', includeTop);
  if (key === 'xception') return tfDimOrdering(`${GCS}xception/`, 'xception', includeTop);
  if (key in RESNET_HASHES) return tfDimOrdering(`${GCS}resnet/`, key, includeTop, RESNET_HASHES[key]);
  if (key in DENSENET_HASHES) return tfDimOrdering(`${GCS}densenet/`, key, includeTop, DENSENET_HASHES[key]);
  const efficient = /^efficientnet(b[0-7])$/.exec(key);
  if (efficient) {
    const fileName = `efficientnet${efficient[1]}${includeTop ? '' : '_notop'}.h5`;
    const hashes = EFFICIENTNET_HASHES[efficient[1]!]!;
    return { url: `https://storage.googleapis.com/keras-applications/${fileName}`, fileName, md5: includeTop ? hashes[0] : hashes[1] };
  }
  if (key === 'mobilenet' || key === 'mobilenetv2') {
    const v2 = key === 'mobilenetv2';
    const alpha = query.alpha ?? 1.0;
    const rows = query.rows ?? 224;
    const alphas = v2 ? MOBILENET_V2_ALPHAS : MOBILENET_ALPHAS;
    const allowedRows = v2 ? MOBILENET_V2_ROWS : MOBILENET_ROWS;
    if (!alphas.includes(alpha)) throw new Error(`${query.model}: ImageNet weights exist for alpha in ${alphas.join(', ')}, got ${alpha}`);
    if (!allowedRows.includes(rows)) throw new Error(`${query.model}: ImageNet weights exist for input sizes ${allowedRows.join(', ')}, got ${rows}`);
    if (v2) {
      // Keras formats alpha as Python's str(float(alpha)): 1.0, 0.35, 0.75.
      const alphaText = Number.isInteger(alpha) ? alpha.toFixed(1) : String(alpha);
      const fileName = `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${alphaText}_${rows}${includeTop ? '' : '_no_top'}.h5`;
      return { url: `${GCS}mobilenet_v2/${fileName}`, fileName };
    }
    const alphaText = { 0.25: '2_5', 0.5: '5_0', 0.75: '7_5', 1: '1_0' }[alpha]!;
    const fileName = `mobilenet_${alphaText}_${rows}_tf${includeTop ? '' : '_no_top'}.h5`;
    return { url: `${GCS}mobilenet/${fileName}`, fileName };
  }
  throw new Error(`weights: 'imagenet' is not available for ${query.model}: Keras publishes ImageNet weights for VGG16/19, ResNet50/101/152, Xception, DenseNet121/169/201, MobileNet, MobileNetV2 and EfficientNetB0-B7`);
}
