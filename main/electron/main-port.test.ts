import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { connectApi } from '../../protocol/rpc.ts'
import { serveApi } from '../../protocol/rpc-serve.ts'
import { mainPortAdapter } from './main-port.ts'

/** Two linked fakes of Electron's MessagePortMain: 'message' events carry { data }. */
function channel() {
  class Port extends EventEmitter {
    other?: Port
    started = false
    postMessage(data: unknown) {
      const other = this.other
      setImmediate(() => other?.emit('message', { data, ports: [] }))
    }
    start() {
      this.started = true
    }
    close() {
      for (const p of [this, this.other]) p?.emit('close')
    }
  }
  const a = new Port()
  const b = new Port()
  a.other = b
  b.other = a
  return [a, b] as const
}

describe('MessagePortMain adapter', () => {
  it('starts the port, unwraps message events and reports close', async () => {
    const [a, b] = channel()
    const port = mainPortAdapter(a)
    expect(a.started).toBe(true)
    const got: unknown[] = []
    const stop = port.onMessage((m) => got.push(m))
    b.postMessage({ hello: 1 })
    await new Promise((r) => setImmediate(r))
    expect(got).toEqual([{ hello: 1 }])
    stop()
    b.postMessage({ hello: 2 })
    await new Promise((r) => setImmediate(r))
    expect(got).toHaveLength(1)
    let closed = false
    port.onClose(() => {
      closed = true
    })
    b.close()
    expect(closed).toBe(true)
  })

  it('carries the typed API between the two ends', async () => {
    const [a, b] = channel()
    const core = {
      on: () => () => {},
      identity: async () => ({ peerId: 'me', addresses: [] }),
    }
    serveApi(core as never, mainPortAdapter(a))
    const api = connectApi(mainPortAdapter(b))
    await api.ready
    expect(await api.identity({})).toEqual({ peerId: 'me', addresses: [] })
    await expect(api.identity({ extra: 1 } as never)).rejects.toMatchObject({ code: 'bad-request' })
  })
})
