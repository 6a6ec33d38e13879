// RPC ports over the two standard message channels: a WebSocket (browser mode;
// the browser's and the `ws` package's share this event API) and a MessagePort
// (Electron's renderer side).
import type { Unsubscribe } from './emitter.ts'
import type { RpcPort } from './rpc.ts'

interface MessageEventLike {
  data: unknown
}

interface EventSourceLike {
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void
  addEventListener(type: 'close', listener: () => void): void
  removeEventListener(type: 'message', listener: (event: MessageEventLike) => void): void
  removeEventListener(type: 'close', listener: () => void): void
}

export interface WebSocketLike extends EventSourceLike {
  readonly readyState: number
  send(data: string): void
}

export interface MessagePortLike extends EventSourceLike {
  postMessage(message: unknown): void
  start(): void
}

const OPEN = 1

/** Messages travel as JSON text; anything that is not JSON is dropped. */
export function webSocketPort(ws: WebSocketLike): RpcPort {
  return {
    send(message) {
      if (ws.readyState === OPEN) ws.send(JSON.stringify(message))
    },
    onMessage(listener) {
      const onMessage = (event: MessageEventLike) => {
        if (typeof event.data !== 'string') return
        let parsed: unknown
        try {
          parsed = JSON.parse(event.data)
        } catch {
          return
        }
        listener(parsed)
      }
      return listen(ws, 'message', onMessage)
    },
    onClose: (listener) => listen(ws, 'close', listener),
  }
}

/** Messages travel structured-cloned, as MessagePorts do. */
export function messagePort(port: MessagePortLike): RpcPort {
  port.start()
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => listen(port, 'message', (event) => listener(event.data)),
    onClose: (listener) => listen(port, 'close', listener),
  }
}

function listen(
  target: EventSourceLike,
  type: 'message' | 'close',
  listener: (event: MessageEventLike) => void,
): Unsubscribe {
  target.addEventListener(type as 'message', listener)
  return () => target.removeEventListener(type as 'message', listener)
}
