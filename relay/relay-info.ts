// Serves /parley/relay-info/1.0.0: tells each client that asks what this relay
// offers beyond circuits (the STUN port), in one message, then closes the stream.
import type { Libp2p, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import {
  encodeRelayInfo,
  MAX_RELAY_INFO_BYTES,
  RELAY_INFO_PROTOCOL,
  type RelayInfo,
} from '../protocol/relay-info.ts'

const ANSWER_TIMEOUT_MS = 5_000

export async function serveRelayInfo(node: Libp2p, info: RelayInfo): Promise<void> {
  const bytes = encodeRelayInfo(info)
  await node.handle(
    RELAY_INFO_PROTOCOL,
    async (stream: Stream) => {
      const signal = AbortSignal.timeout(ANSWER_TIMEOUT_MS)
      try {
        await lpStream(stream, { maxDataLength: MAX_RELAY_INFO_BYTES }).write(bytes, { signal })
        await stream.close({ signal })
      } catch (err) {
        stream.abort(err as Error)
      }
    },
    { maxInboundStreams: 4 },
  )
}
