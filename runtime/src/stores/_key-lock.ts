// A per-key async mutex for one process: holders of the same key run one at a time, in arrival
// order. Stores use it to make compare-and-set and consume atomic. Idle keys are forgotten.

export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier holder of `key` has finished; resolves with its result. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
