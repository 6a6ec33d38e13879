// The messages: fixed-size ASCII texts that carry their phase and sequence number,
// so a receiver can tell exactly which ones arrived, and how often.

export type Phase = 'warmup' | 'latency' | 'throughput'

/** Exactly `bytes` UTF-8 bytes: "<phase>:<seq>:" padded with 'x'. */
export function messageText(phase: Phase, seq: number, bytes: number): string {
  const head = `${phase}:${seq}:`
  if (head.length > bytes) throw new Error(`${bytes} B cannot hold "${head}"`)
  return head.padEnd(bytes, 'x')
}

/** The phase a text was sent in (see messageText). */
export function phaseOf(text: string): string {
  return text.split(':', 1)[0] ?? ''
}

/** How many messages of each phase were sent. */
export type Expected = Record<Phase, number>

export interface Arrivals {
  expected: number
  distinct: number
  duplicates: number
  missing: number
  /** The first few missing sequence numbers, to show where delivery broke off. */
  firstMissing: number[]
}

/** Counts arrivals per phase and sequence number. */
export class Tally {
  private readonly seen = new Map<string, Map<number, number>>()

  record(text: string): void {
    const phase = phaseOf(text)
    const seq = Number(text.split(':', 2)[1])
    const counts = this.seen.get(phase) ?? new Map<number, number>()
    this.seen.set(phase, counts)
    counts.set(seq, (counts.get(seq) ?? 0) + 1)
  }

  check(phase: Phase, expected: number): Arrivals {
    const counts = this.seen.get(phase) ?? new Map<number, number>()
    const missing: number[] = []
    for (let seq = 0; seq < expected; seq++) if (!counts.has(seq)) missing.push(seq)
    let duplicates = 0
    for (const n of counts.values()) duplicates += n - 1
    return {
      expected,
      distinct: counts.size,
      duplicates,
      missing: missing.length,
      firstMissing: missing.slice(0, 10),
    }
  }

  checkAll(expected: Expected): Record<Phase, Arrivals> {
    const phases = Object.entries(expected) as [Phase, number][]
    return Object.fromEntries(phases.map(([phase, n]) => [phase, this.check(phase, n)])) as Record<
      Phase,
      Arrivals
    >
  }
}

/** Why the arrivals are not exactly the expected messages, once each; undefined if they are. */
export function arrivalProblem(what: string, a: Arrivals): string | undefined {
  if (a.missing === 0 && a.duplicates === 0 && a.distinct === a.expected) return undefined
  const first = a.firstMissing.length > 0 ? ` (first missing: ${a.firstMissing.join(', ')})` : ''
  return `${what}: ${a.distinct} of ${a.expected} distinct, ${a.missing} missing${first}, ${a.duplicates} duplicates`
}
