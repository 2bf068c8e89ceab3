/** A weights file that does not fit the model, or cannot be read; the message names the layer. */
export class WeightsError extends Error {
  constructor(
    message: string,
    /** The file, URL or archive entry the weights came from. */
    readonly source: string,
    /** The layer concerned, where there is one. */
    readonly layer?: string,
    /** The weight concerned ('kernel', 'vars/0', 'conv1/kernel:0'), where there is one. */
    readonly weight?: string,
  ) {
    super(`${message} (weights from ${source})`);
    this.name = 'WeightsError';
  }
}

/**
 * A model file whose architecture cannot be rebuilt: not a model file, a config Fovea cannot
 * translate, or a layer class it does not know. The message names the file and, where there is one,
 * the layer and its class.
 */
export class ModelFileError extends Error {
  constructor(
    message: string,
    /** The file, URL or archive entry. */
    readonly source: string,
    /** The layer concerned, where there is one. */
    readonly layer?: string,
    /** That layer's Keras class name. */
    readonly className?: string,
  ) {
    super(`${message} (model from ${source})`);
    this.name = 'ModelFileError';
  }
}
