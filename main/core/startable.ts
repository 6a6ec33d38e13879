// The network's components are all constructed first, then started in order, and
// stopped in the reverse order (js-libp2p's Startable): no event can reach a
// component that does not exist yet, and what failed to start takes down what
// had started before it.

export interface Startable {
  start(): unknown
  stop(): unknown
}

/** Starts each component in turn; resolves with a function that stops them all, last first. */
export async function startInOrder(components: readonly Startable[]): Promise<() => Promise<void>> {
  const started: Startable[] = []
  try {
    for (const component of components) {
      await component.start()
      started.push(component)
    }
  } catch (err) {
    await stopInReverse(started).catch(() => {})
    throw err
  }
  return () => stopInReverse(started)
}

/** Stops every component, last first, even when one fails; then throws the first failure. */
async function stopInReverse(started: readonly Startable[]): Promise<void> {
  let failure: unknown
  for (const component of started.toReversed()) {
    try {
      await component.stop()
    } catch (err) {
      failure ??= err
    }
  }
  if (failure !== undefined) throw failure
}
