// The browser-mode host: loopback only, the UI with a strict CSP, and the API only
// for a WebSocket that carries this launch's token and comes from its own origin.
import { get } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { webSocketPort } from '../protocol/ports.ts'
import { connectApi } from '../protocol/rpc.ts'
import { type BrowserHost, startBrowserHost, tempDir } from './support/parley.ts'
import { stopAll } from './support/process.ts'

let host: BrowserHost
let dir: Awaited<ReturnType<typeof tempDir>>

beforeAll(async () => {
  dir = await tempDir('host')
  host = await startBrowserHost({ dataDir: dir.path, profile: 'alice' })
})

afterAll(async () => {
  await stopAll()
  await dir.remove()
})

/** Tries the RPC socket; resolves with the HTTP status of a refusal, or 101 when accepted. */
function upgrade(path: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}${path}`, { headers })
    ws.once('open', () => {
      ws.close()
      resolve({ status: 101 })
    })
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', reject)
  })
}

describe('browser-mode host', () => {
  it('serves the UI on 127.0.0.1 with a strict content security policy', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1')
    expect(host.token.length).toBeGreaterThanOrEqual(40)
    const res = await fetch(host.origin)
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/<div id="root">/)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self'/)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
  })

  it('serves the API to its own page with the token', async () => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
      headers: { origin: host.origin },
    })
    // Listening from the start: the greeting can come in the same read as the upgrade.
    const api = connectApi(webSocketPort(ws))
    await api.ready
    expect(await api.identity({})).toMatchObject({ peerId: host.peerId })
    await expect(api.send({ to: 'nobody', text: 'x' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    api.close()
    ws.close()
  })

  it('refuses a wrong or missing token, a foreign origin and a foreign host name', async () => {
    const wrong = `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`
    expect((await upgrade(`/rpc?token=${wrong}`, { origin: host.origin })).status).toBe(401)
    expect((await upgrade('/rpc', { origin: host.origin })).status).toBe(401)
    const foreign = { origin: 'http://evil.example' }
    expect((await upgrade(`/rpc?token=${host.token}`, foreign)).status).toBe(403)
    expect((await upgrade(`/rpc?token=${host.token}`, {})).status).toBe(403)
    const rebinding = { origin: host.origin, host: 'evil.example' }
    expect((await upgrade(`/rpc?token=${host.token}`, rebinding)).status).toBe(421)
    // fetch() cannot set Host; a plain request can, as a rebinding page's would arrive.
    const status = await new Promise<number>((resolve, reject) => {
      const req = get(host.origin, { headers: { host: 'evil.example' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
    })
    expect(status).toBe(421)
  })
})
