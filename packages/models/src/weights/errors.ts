/** A weights file that does not fit the model, or cannot be read; the message names the layer. */
export class WeightsError extends Error {
  constructor(
    message: string,
    /** The file, URL or archive entry the weights came from. */
    readonly source: string,
    /** The layer concerned, where there is one. */
    readonly layer?: string,
  ) {
    super(`${message} (weights from ${source})`);
    this.name = 'WeightsError';
  }
}
