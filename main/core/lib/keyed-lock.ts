// The core's one lock: work on the same key runs one at a time, work on other keys
// at once. Check-then-write in LevelDB reads a snapshot, so two overlapping writers
// of the same key (a message re-sent on a new link while the old one is still
// storing it) would both see it as absent; Signal sessions must advance one
// message at a time per peer. A second taker of a key waits until the first lets
// go (its write landed, or failed), so a duplicate is acknowledged only once its
// first copy is stored.

export class KeyedLock {
  private readonly held = new Map<string, Promise<void>>()

  /**
   * Waits for everyone who asked for any of `keys` before, then holds them all; call
   * the result to let go. First come, first served: takers of a key get it in the
   * order they asked (a Signal session's messages are sealed in the order sent).
   */
  async take(keys: Iterable<string>): Promise<() => void> {
    const wanted = [...new Set(keys)]
    const before = wanted.flatMap((key) => this.held.get(key) ?? [])
    const { promise, resolve } = Promise.withResolvers<void>()
    for (const key of wanted) this.held.set(key, promise)
    await Promise.all(before)
    return () => {
      // Keys no one else asked for since are forgotten: the map holds only what is in use.
      for (const key of wanted) if (this.held.get(key) === promise) this.held.delete(key)
      resolve()
    }
  }

  /** Runs `work` holding `keys` (or one key). */
  async run<T>(keys: string | readonly string[], work: () => Promise<T>): Promise<T> {
    const release = await this.take(typeof keys === 'string' ? [keys] : keys)
    try {
      return await work()
    } finally {
      release()
    }
  }
}
