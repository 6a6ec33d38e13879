// The platform adapter: the one place that knows how this UI reaches the core.
// Desktop (Electron): the preload hands over a MessagePort with
//   window.postMessage({ type: 'parley:port' }, '*', [port]).
// Browser mode: the host opened http://127.0.0.1:PORT/#token=SECRET; the UI keeps
// the token for this tab and talks over ws://HOST/rpc?token=SECRET.
// Everything else in the UI only ever sees a RemoteParley.
import { messagePort, webSocketPort } from '../../protocol/ports.ts'
import { connectApi, type RemoteParley } from '../../protocol/rpc.ts'

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected'; api: RemoteParley }
  /** retryAt: when the next attempt starts (ms since epoch), or null if we wait for the host. */
  | { status: 'disconnected'; retryAt: number | null }

export interface Platform {
  readonly kind: 'desktop' | 'browser'
  /** The connection as it is now. */
  getState(): ConnectionState
  /** Calls `listener` on every change of state; returns a function that stops that. */
  subscribe(listener: () => void): () => void
  /** Skips the wait before the next attempt (browser mode). */
  retryNow(): void
}

interface DesktopBridge {
  desktop?: boolean
}

declare global {
  interface Window {
    parleyDesktop?: DesktopBridge
  }
}

/** Holds the state and tells subscribers (React, via useSyncExternalStore) of changes. */
class StateCell {
  private state: ConnectionState = { status: 'connecting' }
  private readonly listeners = new Set<() => void>()

  get = (): ConnectionState => this.state

  set(state: ConnectionState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

// --- Desktop: listen for the port from the very start, it may arrive early ---

const earlyPorts: MessagePort[] = []
let onDesktopPort: ((port: MessagePort) => void) | undefined

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window) return
  const data: unknown = event.data
  if (typeof data !== 'object' || data === null) return
  if ((data as { type?: unknown }).type !== 'parley:port') return
  const port = event.ports[0]
  if (!port) return
  if (onDesktopPort) onDesktopPort(port)
  else earlyPorts.push(port)
})

function desktopPlatform(): Platform {
  const cell = new StateCell()
  let current: RemoteParley | undefined
  const use = (port: MessagePort) => {
    current?.close()
    cell.set({ status: 'connecting' })
    const rpcPort = messagePort(port)
    const api = connectApi(rpcPort)
    current = api
    // The desktop host sends a new port when it restarts the core.
    const lost = () => {
      if (current !== api) return
      current = undefined
      cell.set({ status: 'disconnected', retryAt: null })
    }
    rpcPort.onClose(lost)
    api.ready.then(() => current === api && cell.set({ status: 'connected', api }), lost)
  }
  onDesktopPort = use
  for (const port of earlyPorts.splice(0)) use(port)
  return {
    kind: 'desktop',
    getState: cell.get,
    subscribe: cell.subscribe,
    retryNow() {},
  }
}

// --- Browser mode: a token from the URL fragment, a WebSocket, and retries ---

const TOKEN_KEY = 'parley.token'
const RETRY_MIN_MS = 1_000
const RETRY_MAX_MS = 15_000
/** A connection that opens but is not greeted within this long counts as failed. */
const READY_TIMEOUT_MS = 10_000

/** Moves `#token=…` from the address bar into this tab's session storage. */
export function takeToken(): string | null {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''))
  const fromHash = hash.get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(history.state, '', location.pathname + location.search)
  }
  return fromHash ?? sessionStorage.getItem(TOKEN_KEY)
}

function browserPlatform(): Platform {
  const cell = new StateCell()
  const token = takeToken()
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const scheduleRetry = () => {
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt)
    attempt++
    cell.set({ status: 'disconnected', retryAt: Date.now() + delay })
    timer = setTimeout(connect, delay)
  }

  const connect = () => {
    clearTimeout(timer)
    timer = undefined
    cell.set({ status: 'connecting' })
    const url = `ws://${location.host}/rpc?token=${encodeURIComponent(token ?? '')}`
    let ws: WebSocket
    try {
      ws = new WebSocket(url)
    } catch {
      scheduleRetry()
      return
    }
    const api = connectApi(webSocketPort(ws))
    // opening → open (greeted by the core) → done (closed, refused or timed out)
    let phase: 'opening' | 'open' | 'done' = 'opening'
    const finish = () => {
      if (phase === 'done') return
      phase = 'done'
      clearTimeout(greeting)
      api.close()
      ws.close()
      scheduleRetry()
    }
    const greeting = setTimeout(finish, READY_TIMEOUT_MS)
    ws.addEventListener('close', finish)
    api.ready.then(() => {
      if (phase !== 'opening') return
      phase = 'open'
      clearTimeout(greeting)
      attempt = 0
      cell.set({ status: 'connected', api })
    }, finish)
  }

  connect()
  return {
    kind: 'browser',
    getState: cell.get,
    subscribe: cell.subscribe,
    retryNow() {
      // Only while waiting to retry; an attempt in progress finishes first.
      if (timer !== undefined) connect()
    },
  }
}

export function isDesktop(): boolean {
  return typeof window.parleyDesktop === 'object' && window.parleyDesktop !== null
}

/** Call once, at start-up. */
export function createPlatform(): Platform {
  return isDesktop() ? desktopPlatform() : browserPlatform()
}
