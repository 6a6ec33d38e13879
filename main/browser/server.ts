// Browser mode's HTTP server: the built UI as static files, and the typed API over
// a WebSocket at /rpc. It listens on 127.0.0.1 only, and a WebSocket is accepted
// only with this launch's secret token, from this server's own origin. It serves
// the page while the core still loads: a WebSocket's handshake completes once the
// API can be served on it, so no call can come before.
import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import sirv from 'sirv'
import { WebSocketServer } from 'ws'
import { MAX_AVATAR_INPUT_BYTES } from '../../protocol/limits.ts'
import { webSocketPort } from '../../protocol/ports.ts'
import type { RpcPort } from '../../protocol/rpc.ts'

/**
 * The largest call is setAvatar: a picture of MAX_AVATAR_INPUT_BYTES as base64 (4/3
 * as long) in a JSON message. A 64 KiB text fits even when JSON escapes every character.
 */
const MAX_RPC_MESSAGE_BYTES = Math.ceil((MAX_AVATAR_INPUT_BYTES * 4) / 3) + 1024 * 1024

export interface BrowserServerOptions {
  /** Serves the typed API on a page's port, once the core is open (serveApi). */
  api: Promise<(port: RpcPort) => void>
  /** The built renderer (index.html and assets). */
  staticDir: string
  token: string
  port: number
  /** Told when the page's script has gone out (a .js file fully sent). */
  scriptServed?: () => void
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<Server> {
  let port = opts.port
  const files = sirv(opts.staticDir, {
    single: true,
    dev: false,
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(port))
      res.setHeader('X-Content-Type-Options', 'nosniff')
      res.setHeader('Referrer-Policy', 'no-referrer')
      res.setHeader('Cache-Control', 'no-store')
    },
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_RPC_MESSAGE_BYTES })
  // A core that fails to open is the host's to report; pages waiting get a 503.
  opts.api.catch(() => {})
  const server = createServer((req, res) => {
    if (!allowedHost(req, port)) {
      res.writeHead(421).end('wrong host')
      return
    }
    if (req.url?.split('?')[0]?.endsWith('.js')) res.once('finish', () => opts.scriptServed?.())
    files(req, res)
  })
  server.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, port, opts.token)
    if (refusal) return reject(socket, refusal)
    // A page that goes away while it waits is only dropped.
    const dropped = () => socket.destroy()
    socket.on('error', dropped)
    opts.api.then(
      (serve) => {
        socket.off('error', dropped)
        sockets.handleUpgrade(req, socket, head, (ws) => serve(webSocketPort(ws)))
      },
      () => reject(socket, '503 Service Unavailable'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address && typeof address === 'object') port = address.port
  server.on('close', () => sockets.close())
  return server
}

/** Why a WebSocket upgrade is refused, or undefined to accept it. */
function refuseUpgrade(req: IncomingMessage, port: number, token: string): string | undefined {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== '/rpc') return '404 Not Found'
  if (!allowedHost(req, port)) return '421 Misdirected Request'
  // Browsers always send Origin on WebSockets: another site's page cannot pass as ours.
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
  if (!origins.includes(req.headers.origin ?? '')) return '403 Forbidden'
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized'
  return undefined
}

/** A Host header naming another name is a DNS-rebinding attempt. */
function allowedHost(req: IncomingMessage, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes(req.headers.host ?? '')
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function reject(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}
