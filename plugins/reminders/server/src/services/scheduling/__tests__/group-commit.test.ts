import { groupCommit } from '../group-commit';

/** A write that records its batches and finishes when the test says so. */
function controlledWrite() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      finishers.push(() =>
        items.includes(-1) ? reject(new Error('write failed')) : resolve(items.map((item) => `done ${item}`))
      );
    });
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, write, finishNext };
}

describe('groupCommit', () => {
  it('writes the first item at once and gathers the items asked for meanwhile into the next write', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = groupCommit(write);
    const first = commit(1);
    const rest = [commit(2), commit(3), commit(4)];
    expect(batches).toEqual([[1]]);
    await finishNext();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await finishNext();
    await expect(first).resolves.toBe('done 1');
    await expect(Promise.all(rest)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('gives every item of a failed write its error, and goes on with the next items', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = groupCommit(write);
    const first = commit(0);
    const failing = [commit(-1), commit(5)];
    const settled = Promise.allSettled(failing);
    await finishNext();
    const later = commit(6);
    await finishNext();
    expect((await settled).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(failing[1]).rejects.toThrow('write failed');
    expect(batches).toEqual([[0], [-1, 5], [6]]);
    await finishNext();
    await expect(first).resolves.toBe('done 0');
    await expect(later).resolves.toBe('done 6');
  });

  it('starts again after going idle', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = groupCommit(write);
    const first = commit(1);
    await finishNext();
    await expect(first).resolves.toBe('done 1');
    const second = commit(2);
    expect(batches).toEqual([[1], [2]]);
    await finishNext();
    await expect(second).resolves.toBe('done 2');
  });
});
