// The RPC port over a Node IPC channel: a core process forked by a parent
// (tests, benchmarks), seen from either end.
import type { ChildProcess } from 'node:child_process'
import type { RpcPort } from '../protocol/rpc.ts'

type Channel = NodeJS.Process | ChildProcess

export function ipcPort(channel: Channel): RpcPort {
  return {
    send(message) {
      if (channel.connected) channel.send?.(message as object)
    },
    onMessage(listener) {
      channel.on('message', listener)
      return () => channel.off('message', listener)
    },
    onClose(listener) {
      channel.on('disconnect', listener)
      return () => channel.off('disconnect', listener)
    },
  }
}
