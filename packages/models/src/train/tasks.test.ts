// trainTask on real data (a few batches of the lenet5 task): checkpoints after every epoch, a run
// resumed from one continues with the optimizer's state, and conflicting settings are refused.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBackend, tf } from '@foveajs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FashionMnistCNN, formatEpochLog, getTrainingTask, listTrainingTasks, trainTask } from './tasks.js';

let dir: string;
beforeAll(async () => {
  await setBackend('fovea-wasm');
  dir = await mkdtemp(join(tmpdir(), 'fovea-tasks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training tasks', () => {
  it('lists lenet5 and fashion-cnn, and names them when asked for another', () => {
    expect(listTrainingTasks().map((task) => task.name)).toEqual(['lenet5', 'fashion-cnn']);
    expect(() => getTrainingTask('alexnet')).toThrow(/expected one of lenet5, fashion-cnn, got 'alexnet'/);
    const cnn = FashionMnistCNN();
    expect(cnn.countParams()).toBe(421_642);
    cnn.dispose();
  });

  it('checkpoints every epoch and resumes after the last one with the same optimizer state', async () => {
    const task = getTrainingTask('lenet5');
    const checkpointDir = join(dir, 'lenet5');
    const starts: number[] = [];
    const first = await trainTask(task, { epochs: 1, maxBatches: 2, batchSize: 16, checkpointDir, onStart: (start) => starts.push(start.initialEpoch) });
    expect(first.logs.map((log) => log.epoch)).toEqual([1]);
    expect(first.logs[0]!.examples).toBe(32);
    expect(first.testExamples).toBe(32);
    expect(first.accuracy).toBeGreaterThanOrEqual(0);
    expect(first.accuracy).toBeLessThanOrEqual(1);
    expect(formatEpochLog(first.logs[0]!)).toMatch(/^epoch 1: loss \d+\.\d{4} acc \d+\.\d\d% val_acc \d+\.\d\d% .* 32 examples\)$/);
    const iterations = async (model: typeof first.model) => (await (await model.optimizer.getWeights())[0]!.tensor.data())[0];
    expect(await iterations(first.model)).toBe(2);
    first.dispose();
    expect((await readdir(checkpointDir)).sort()).toEqual(['checkpoint-epoch1.keras', 'checkpoint.json']);

    const second = await trainTask(task, { epochs: 2, checkpointDir, onStart: (start) => starts.push(start.initialEpoch) });
    expect(starts).toEqual([0, 1]);
    // The checkpoint's settings apply: 2 batches of 16 again, after the 2 steps Adam had made.
    expect(second.settings).toMatchObject({ batchSize: 16, maxBatches: 2, epochs: 2 });
    expect(second.logs.map((log) => log.epoch)).toEqual([1, 2]);
    expect(await iterations(second.model)).toBe(4);
    second.dispose();
    const checkpoint = JSON.parse(await readFile(join(checkpointDir, 'checkpoint.json'), 'utf8')) as { epochsDone: number; model: string };
    expect(checkpoint).toMatchObject({ epochsDone: 2, model: 'checkpoint-epoch2.keras' });
    expect(existsSync(join(checkpointDir, 'checkpoint-epoch1.keras'))).toBe(false);
    // Without epochs, the number the checkpoint was asked for: both done, nothing left to train.
    const again = await trainTask(task, { checkpointDir });
    expect([again.settings.epochs, again.initialEpoch, again.logs.length]).toEqual([2, 2, 2]);
    expect(await iterations(again.model)).toBe(4);
    again.dispose();

    await expect(trainTask(task, { epochs: 3, batchSize: 32, checkpointDir })).rejects.toThrow(
      /batchSize: the checkpoint in .* was trained with batchSize 16, got 32; resume with its settings, or restart/,
    );
    await expect(trainTask(getTrainingTask('fashion-cnn'), { checkpointDir })).rejects.toThrow(/holds a checkpoint of task 'lenet5', not 'fashion-cnn'/);
    const tensors = tf.memory().numTensors;
    const restarted = await trainTask(task, { epochs: 1, maxBatches: 1, batchSize: 8, checkpointDir, restart: true });
    expect(restarted.initialEpoch).toBe(0);
    expect(restarted.logs[0]!.examples).toBe(8);
    restarted.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
