// Runs tasks one at a time per key, in arrival order, within this process: two turns on one
// session never interleave. Keys with nothing queued are forgotten, so memory stays flat.

export class KeyedSerial {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for earlier holders of `key`, then resolves a release function. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
