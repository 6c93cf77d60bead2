// A per-key async lock for one process: holders of the same key go one at a time, in arrival
// order. Stores use it for atomic compare-and-set; the host for one turn per session. Idle keys are forgotten.

export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for earlier holders of `key`, then resolves the function that releases it. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    if (previous) await previous; // an idle key is taken at once
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Runs `task` once every earlier holder of `key` has finished; resolves with its result. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await task();
    } finally {
      release();
    }
  }
}
