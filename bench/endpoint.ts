// One side of a benchmarked conversation, as the peer process sees it.
import type { EventReport, PeerInfo, PeerOps } from './ipc.ts'
import type { Channel } from './measure.ts'
import type { Expected, Tally } from './workload.ts'

export interface Endpoint extends Channel {
  readonly info: PeerInfo
  /** Every message received, by phase and sequence number. */
  readonly tally: Tally
  /** Makes `peer` (reachable at `addr`) the destination of `send`; returns the path in use. */
  connect(peer: string, addr: string): Promise<string | null>
  stored(peer: string, expected: Expected): Promise<PeerOps['stored']['result']>
  events(): Promise<EventReport>
  stop(): Promise<void>
}
