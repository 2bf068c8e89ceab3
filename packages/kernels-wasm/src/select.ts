import { expectLength, KernelArgumentError } from './checks.js';
import { type ElementArray, elementName, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';

/**
 * Select (tf.where): condition (bool, a Uint8Array of 0 / 1) ? t : e, element by element, or per
 * row when the condition has one entry per `inner`-element row of t and e.
 */
export function select<T extends ElementArray>(kernels: FoveaKernels, condition: Uint8Array, t: T, e: T): T {
  if (elementTypeOf('condition', condition) !== Uint8Array) throw new KernelArgumentError('condition: expected a Uint8Array of 0 / 1 (bool)');
  const type = elementTypeOf('t', t);
  const eType = elementTypeOf('e', e);
  if (eType !== type) throw new KernelArgumentError(`e: got ${elementName(eType)} elements, expected ${elementName(type)} like t`);
  expectLength('e', e, t.length, 'as many as t');
  if (condition.length === 0 ? t.length !== 0 : t.length % condition.length !== 0) {
    throw new KernelArgumentError(`condition: got ${condition.length} values, expected ${t.length} or a divisor of it (one per row)`);
  }
  const inner = condition.length === 0 ? 1 : t.length / condition.length;
  const { arena } = kernels;
  arena.reset();
  const cPtr = arena.allocFrom(condition);
  const tPtr = arena.allocFrom(t);
  const ePtr = arena.allocFrom(e);
  const out = arena.allocOf(t.length, type);
  if (t.length > 0) kernels.parallel('select', [cPtr, tPtr, ePtr, out, inner, type.BYTES_PER_ELEMENT], condition.length, inner === 1 ? 16 : 1, 3 * t.length);
  return arena.read(out, t.length, type) as unknown as T;
}
