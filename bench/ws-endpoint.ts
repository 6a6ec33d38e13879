// The baseline's client: one WebSocket to the forwarding server. The receiver
// acknowledges each message as soon as it arrives; nothing is persisted.
import { once } from 'node:events'
import { WebSocket } from 'ws'
import type { Endpoint } from './endpoint.ts'
import type { PeerSpec } from './ipc.ts'
import { Acks } from './measure.ts'
import { Tally } from './workload.ts'

/** On the wire: JSON, routed by the server on `to`. */
export type WsFrame =
  | { from: string; to: string; id: string; text: string }
  | { from: string; to: string; ack: string }

export async function startWs(spec: Extract<PeerSpec, { kind: 'ws' }>): Promise<Endpoint> {
  const socket = new WebSocket(`${spec.server}/?name=${encodeURIComponent(spec.name)}`)
  await once(socket, 'open')
  const acks = new Acks()
  const tally = new Tally()
  const sendFrame = (frame: WsFrame) => socket.send(JSON.stringify(frame))
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WsFrame
    if ('ack' in frame) return acks.add(frame.ack)
    tally.record(frame.text)
    sendFrame({ from: spec.name, to: frame.from, ack: frame.id })
  })
  let to: string | undefined
  let nextId = 0

  return {
    info: { id: spec.name, addresses: [spec.server] },
    acks,
    tally,
    async connect(peer) {
      to = peer
      return null
    },
    async send(text) {
      if (!to) throw new Error('send before connect')
      const id = String(nextId++)
      sendFrame({ from: spec.name, to, id, text })
      return id
    },
    stored: async () => null,
    events: async () => ({ paths: [], byPath: {}, repeatedAcks: acks.repeated }),
    async stop() {
      socket.close()
    },
  }
}
