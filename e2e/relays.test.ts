// A client's relay list, with real relay processes: a reservation on every relay
// in it, and on a relay that was down when the client started, once it is back.
import { afterAll, describe, expect, it } from 'vitest'
import type { NetworkStatus } from '../protocol/api.ts'
import { startClient, startRelay, tempDirs } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

const allReserved = (n: NetworkStatus) => n.relays.every((r) => r.reserved)

describe('relays', () => {
  it('reserves on every relay in the list, and on one that was down at start once it is up', async () => {
    const [one, two] = await Promise.all([
      startRelay(await dirs.make('relay-1')),
      startRelay(await dirs.make('relay-2')),
    ])
    const client = await startClient({
      dataDir: await dirs.make('client'),
      relays: [one.addr, two.addr],
      listen: [],
    })
    const status = await client.api.network({})
    if (!allReserved(status)) await client.events.until('network', (ns) => ns.some(allReserved))
    expect((await client.api.network({})).relays.map((r) => r.reserved)).toEqual([true, true])

    // A third relay, down when the client starts; it comes back on the same address.
    const threeDir = await dirs.make('relay-3')
    const three = await startRelay(threeDir)
    await three.proc.stop('SIGTERM')
    await client.api.setRelays({ relays: [one.addr, three.addr] })
    const down = (await client.api.network({})).relays
    expect(down.map((r) => r.reserved)).toEqual([true, false])
    await startRelay(threeDir, [], three.addr.replace(/\/p2p\/\w+$/, ''))
    await client.events.until('network', (ns) =>
      ns.some((n) => n.relays.some((r) => r.addr === three.addr && r.reserved)),
    )
    await client.proc.waitForLine(/^relay \S+: reconnected and reserved again/)
  })
})
