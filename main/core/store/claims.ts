// Check-then-write in LevelDB reads a snapshot, so two overlapping writers of the
// same key (a message re-sent on a new link while the old one is still storing it)
// would both see it as absent. A writer claims its keys first; a second claim on a
// key waits until the first writer is done (its write landed, or failed) and then
// checks again, so a duplicate is acknowledged only once its first copy is stored.

export class Claims {
  private readonly held = new Map<string, Promise<void>>()

  /** Waits until none of `keys` is held, then holds them all; call the result to let go. */
  async take(keys: Iterable<string>): Promise<() => void> {
    const wanted = [...new Set(keys)]
    // All at once or none: a writer never holds some keys while it waits for others.
    for (;;) {
      const busy = wanted.flatMap((key) => this.held.get(key) ?? [])
      if (busy.length === 0) break
      await Promise.all(busy)
    }
    const { promise, resolve } = Promise.withResolvers<void>()
    for (const key of wanted) this.held.set(key, promise)
    return () => {
      for (const key of wanted) if (this.held.get(key) === promise) this.held.delete(key)
      resolve()
    }
  }
}
