// A real Parley client core (libp2p, LevelDB) in the peer process, used through its
// typed API exactly as a host uses it; only the IPC hop of a host is left out.

import { openProfile } from '../main/core/profile-lock.ts'
import type { PeerPath } from '../protocol/api.ts'
import { encodeInvite } from '../protocol/invite.ts'
import { MAX_PAGE } from '../protocol/limits.ts'
import type { ParleyCore } from '../protocol/rpc.ts'
import { within } from './config.ts'
import type { Endpoint } from './endpoint.ts'
import type { PeerSpec, Stored } from './ipc.ts'
import { Acks } from './measure.ts'
import { type Expected, type Phase, phaseOf, Tally } from './workload.ts'

const RESERVATION_TIMEOUT_MS = 20_000

export async function startParley(spec: Extract<PeerSpec, { kind: 'parley' }>): Promise<Endpoint> {
  // A fresh profile without a passphrase: values are still sealed, as in every profile.
  const client = await openProfile({
    dataDir: spec.dataDir,
    listen: spec.listen,
    relays: spec.relays,
    mdns: false,
    // Each scenario measures one path; WebRTC's is measured by `npm run bench:nat`.
    webrtc: false,
    log: (line) => console.error(`core: ${line}`),
    createUnprotected: true,
  })
  const acks = new Acks()
  const tally = new Tally()
  const pathEvents: PeerPath[] = []
  const byPath: Record<string, number> = {}
  const count = (key: string) => {
    byPath[key] = (byPath[key] ?? 0) + 1
  }
  client.on('delivered', (d) => {
    acks.add(d.id)
    count(`delivered by ${d.path}`)
  })
  client.on('message', (m) => {
    // The request's acceptance, and our own messages (the core tells every window of them).
    if (m.kind !== undefined || m.direction === 'out') return
    tally.record(m.text)
    count(`message by ${m.path}`)
  })
  // The peers of a run are friends: whoever asks is accepted.
  client.on('contact', (c) => {
    if (c.state === 'pending') client.acceptContact({ peerId: c.peerId }).catch(() => {})
  })
  client.on('path', (p) => pathEvents.push(p))
  await reserved(client)
  let to: string | undefined

  return {
    info: await client.identity({}).then(({ peerId, addresses }) => ({ id: peerId, addresses })),
    acks,
    tally,
    async connect(peer, addr) {
      to = peer
      const { path } = await client.dial({ addr })
      await befriend(client, peer)
      return path
    },
    async send(text) {
      if (!to) throw new Error('send before connect')
      return (await client.send({ to, text })).id
    },
    stored: (peer, expected) => stored(client, peer, expected),
    events: async () => ({
      paths: [...pathEvents, ...(await client.network({})).peers],
      byPath,
      repeatedAcks: acks.repeated,
    }),
    stop: () => client.stop(),
  }
}

/** Asks `peer` to be a contact (it accepts, see above) and waits until it has. */
async function befriend(client: ParleyCore, peer: string): Promise<void> {
  const accepted = new Promise<void>((resolve) => {
    const stop = client.on('contact', (c) => {
      if (c.peerId !== peer || c.state !== 'accepted') return
      stop()
      resolve()
    })
  })
  const contact = await client.addContact({
    code: encodeInvite({ peerId: peer, displayName: '', relays: [] }),
  })
  if (contact.state !== 'accepted') {
    await within(RESERVATION_TIMEOUT_MS, `${peer} accepting our request`, accepted)
  }
}

/** Waits until every configured relay holds a reservation for us, so we are reachable through it. */
async function reserved(client: ParleyCore): Promise<void> {
  const deadline = Date.now() + RESERVATION_TIMEOUT_MS
  for (;;) {
    const { relays } = await client.network({})
    if (relays.every((r) => r.reserved)) return
    if (Date.now() > deadline) {
      throw new Error(
        `no relay reservation within ${RESERVATION_TIMEOUT_MS} ms: ${JSON.stringify(relays)}`,
      )
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Reads the whole conversation with `peer` back from LevelDB and counts each phase's messages. */
async function stored(client: ParleyCore, peer: string, expected: Expected) {
  const conversation = (await client.conversations({})).find((c) => c.peerId === peer)
  if (!conversation) throw new Error(`no conversation with ${peer} in history`)
  const tally = new Tally()
  const undelivered = new Map<string, number>()
  let before: string | undefined
  for (;;) {
    const page = await client.history({ conversationId: conversation.id, limit: MAX_PAGE, before })
    for (const m of page) {
      if (m.kind !== undefined) continue // the friend request and its acceptance
      tally.record(m.text)
      if (m.direction === 'in' || m.status === 'delivered') continue
      const phase = phaseOf(m.text)
      undelivered.set(phase, (undelivered.get(phase) ?? 0) + 1)
    }
    before = page.at(-1)?.id
    if (page.length < MAX_PAGE) break
  }
  const arrivals = tally.checkAll(expected)
  const phases = Object.keys(expected) as Phase[]
  return Object.fromEntries(
    phases.map((p) => [p, { ...arrivals[p], undelivered: undelivered.get(p) ?? 0 }]),
  ) as Record<Phase, Stored>
}
