// The core's life as its hosts see it: a call the core does not answer fails in
// time with a clear error; a second window on the same profile sees what the first
// one sends; a send retried with its id stores one message; relay lists set at once
// are applied one after the other; a bad listen address is refused at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { webSocketPort } from '../protocol/ports.ts'
import { connectApi, type RemoteParley } from '../protocol/rpc.ts'
import {
  befriend,
  EventLog,
  startBrowserHost,
  startClient,
  startCore,
  startRelay,
  type TestClient,
  tcpAddr,
  tempDirs,
  texts,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()
let alice: TestClient

beforeAll(async () => {
  alice = await startClient({ dataDir: await dirs.make('alice') })
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

describe('the core and its hosts', () => {
  it('fails a call the core does not answer with a timeout, and answers again after', async () => {
    const dave = await startClient({ dataDir: await dirs.make('dave'), callTimeoutMs: 2_000 })
    const pid = dave.proc.child.pid as number
    process.kill(pid, 'SIGSTOP')
    try {
      await expect(dave.api.contacts({})).rejects.toMatchObject({ code: 'timeout' })
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    expect(await dave.api.contacts({})).toEqual([])
  })

  it('shows a message sent in one window in another window of the same profile', async () => {
    const host = await startBrowserHost({ dataDir: await dirs.make('bob'), profile: 'bob' })
    const windows: RemoteParley[] = []
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
        headers: { origin: host.origin },
      })
      const api = connectApi(webSocketPort(ws))
      await api.ready
      windows.push(api)
    }
    const [first, second] = windows as [RemoteParley, RemoteParley]
    const firstEvents = new EventLog(first)
    await first.setProfile({ displayName: 'Bob' })
    // Alice asks; Bob accepts in the first window.
    await alice.api.dial({
      addr: (await first.identity({})).addresses.find((a) => a.includes('/tcp/')) as string,
    })
    const { code } = await first.invite({})
    await alice.api.addContact({ code })
    await firstEvents.until('contact', (cs) =>
      cs.some((c) => c.peerId === alice.peerId && c.state === 'pending'),
    )
    await first.acceptContact({ peerId: alice.peerId })
    const seen = new Promise((resolve) => {
      second.on('message', (m) => {
        if (m.direction === 'out' && m.text === 'from the first window') resolve(m)
      })
    })
    const sent = await first.send({ to: alice.peerId, text: 'from the first window' })
    expect(await seen).toMatchObject({ id: sent.id, status: 'pending' })
    for (const w of windows) w.close()
  })

  it('stores a message once when its send is repeated with its id, even at the same time', async () => {
    const carol = await startClient({ dataDir: await dirs.make('carol') })
    await carol.api.dial({ addr: await tcpAddr(alice) })
    await befriend(carol, alice)
    const id = '01JH0000000000000000000042'
    const [a, b] = await Promise.all([
      carol.api.send({ to: alice.peerId, text: 'once', id }),
      carol.api.send({ to: alice.peerId, text: 'once', id }),
    ])
    expect(a.id).toBe(id)
    expect(b).toEqual(a)
    const again = await carol.api.send({ to: alice.peerId, text: 'once', id })
    expect(again.id).toBe(id)
    const history = texts(await carol.api.history({ conversationId: a.conversationId }))
    expect(history.filter((m) => m.id === id)).toHaveLength(1)
  })

  it('applies relay lists set at once one after the other', async () => {
    const [one, two] = await Promise.all([
      startRelay(await dirs.make('relay-one')),
      startRelay(await dirs.make('relay-two')),
    ])
    const [first, second] = await Promise.all([
      alice.api.setRelays({ relays: [one.addr] }),
      alice.api.setRelays({ relays: [two.addr] }),
    ])
    expect(first.relays).toEqual([one.addr])
    expect(second.relays).toEqual([two.addr])
    expect((await alice.api.settings({})).relays).toEqual([two.addr])
    await alice.events.until('network', (ns) =>
      ns.some(
        (n) => n.relays.length === 1 && n.relays[0]?.addr === two.addr && n.relays[0].reserved,
      ),
    )
  })
  it('refuses a listen address that is no multiaddr before it opens the profile', async () => {
    const bad = '/ip4/127.0.0.1/tcp/notaport'
    const erin = startCore({ dataDir: await dirs.make('erin'), listen: [bad] })
    await expect(erin).rejects.toThrow(/exited \(2\)/)
    await expect(erin).rejects.toThrow(`listen address is not a multiaddr: ${bad}`)
  })
})
