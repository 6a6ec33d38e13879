// The network's components are all constructed first, then started in order, and
// stopped in the reverse order (js-libp2p's Startable): no event can reach a
// component that does not exist yet, and what failed to start takes down what
// had started before it. A step that takes long says so while it runs, naming its
// component: a start or stop that hangs leaves a trace of where.

export interface Startable {
  start(): unknown
  stop(): unknown
}

/** How long a component may take to start or stop before it is reported as slow. */
const SLOW_STEP_MS = 5_000

/**
 * Starts each component in turn (in the order of `components`, named by its key);
 * resolves with a function that stops them all, last first.
 */
export async function startInOrder(
  components: Readonly<Record<string, Startable>>,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const started: [string, Startable][] = []
  try {
    for (const [name, component] of Object.entries(components)) {
      await step(`starting ${name}`, () => component.start(), log)
      started.push([name, component])
    }
  } catch (err) {
    await stopInReverse(started, log).catch(() => {})
    throw err
  }
  return () => stopInReverse(started, log)
}

/** Stops every component, last first, even when one fails; then throws the first failure. */
async function stopInReverse(
  started: readonly [string, Startable][],
  log: (line: string) => void,
): Promise<void> {
  let failure: unknown
  for (const [name, component] of started.toReversed()) {
    try {
      await step(`stopping ${name}`, () => component.stop(), log)
    } catch (err) {
      failure ??= err
    }
  }
  if (failure !== undefined) throw failure
}

async function step(what: string, run: () => unknown, log: (line: string) => void) {
  const slow = setTimeout(
    () => log(`core: ${what} is taking over ${SLOW_STEP_MS} ms`),
    SLOW_STEP_MS,
  )
  slow.unref()
  try {
    await run()
  } finally {
    clearTimeout(slow)
  }
}
