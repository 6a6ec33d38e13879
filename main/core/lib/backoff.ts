// The delays between attempts at something that may fail for a while (a dial, a
// delivery): the first after `firstMs`, each next one `factor` times longer, up to
// `maxMs`; after `tries` attempts, none (the caller gives up or slows down).

export interface BackoffOptions {
  firstMs: number
  maxMs: number
  /** 2 unless set. */
  factor?: number
  /** Unbounded unless set. */
  tries?: number
}

/** The delay before retry number `attempt` (0 for the first retry), or undefined when there is none. */
export function backoff(options: BackoffOptions): (attempt: number) => number | undefined {
  const { firstMs, maxMs, factor = 2, tries = Number.POSITIVE_INFINITY } = options
  return (attempt) => (attempt < tries ? Math.min(firstMs * factor ** attempt, maxMs) : undefined)
}
