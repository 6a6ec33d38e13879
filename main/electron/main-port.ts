// The RPC port over Electron's MessagePortMain (main and utility processes). Unlike
// a DOM MessagePort it is a Node EventEmitter whose 'message' events wrap the data.
import type { RpcPort } from '../../protocol/rpc.ts'

/** The part of Electron's MessagePortMain used here (a fake in tests). */
export interface MainPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  on(event: 'close', listener: () => void): unknown
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown
  off(event: 'close', listener: () => void): unknown
  postMessage(message: unknown): void
  start(): void
}

export function mainPortAdapter(port: MainPortLike): RpcPort {
  port.start()
  return {
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      const onMessage = (event: { data: unknown }) => listener(event.data)
      port.on('message', onMessage)
      return () => port.off('message', onMessage)
    },
    onClose(listener) {
      port.on('close', listener)
      return () => port.off('close', listener)
    },
  }
}
