// The main process's handle on the core's utility process: start it, hand it a
// MessagePort per client, and stop it (bounded) so LevelDB closes cleanly.
import { fileURLToPath } from 'node:url'
import { MessageChannelMain, type MessagePortMain, utilityProcess } from 'electron'
import { type CoreCommand, type CoreNotice, type CoreStart, coreNotice } from './core-messages.ts'

const GIVE_UP_AFTER_KILL_MS = 2_000

export interface CoreHost {
  /** A new channel to the core: the core serves the API on one end, this returns the other. */
  connect(): MessagePortMain
  /** Asks the core to close and exit; kills it after `timeoutMs`. Resolves once it is gone (or stuck past killing). */
  stop(timeoutMs: number): Promise<void>
}

export interface CoreHandlers {
  onNotice(notice: CoreNotice): void
  /** The core exited without being asked to (a crash). */
  onUnexpectedExit(code: number): void
}

export function startCore(options: CoreStart, handlers: CoreHandlers): CoreHost {
  const child = utilityProcess.fork(fileURLToPath(new URL('./core.mjs', import.meta.url)), [], {
    serviceName: 'Parley core',
    stdio: 'inherit',
  })
  let stopping = false
  let alive = true
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      alive = false
      if (!stopping) handlers.onUnexpectedExit(code)
      resolve()
    })
  })
  child.on('message', (raw: unknown) => {
    const notice = coreNotice.safeParse(raw)
    if (notice.success) handlers.onNotice(notice.data)
  })
  // Messages sent before the process is up are queued, so 'start' can go at once.
  const send = (command: CoreCommand, transfer: MessagePortMain[] = []) => {
    if (alive) child.postMessage(command, transfer)
  }
  send({ type: 'start', ...options })

  return {
    connect() {
      const { port1, port2 } = new MessageChannelMain()
      send({ type: 'connect' }, [port1])
      return port2
    },
    async stop(timeoutMs) {
      stopping = true
      send({ type: 'stop' })
      const timers: NodeJS.Timeout[] = []
      // A core too stuck even to be killed must not keep the app from quitting.
      const givenUp = new Promise<void>((resolve) => {
        timers.push(setTimeout(() => child.kill(), timeoutMs))
        timers.push(setTimeout(resolve, timeoutMs + GIVE_UP_AFTER_KILL_MS))
      })
      await Promise.race([exited, givenUp])
      for (const timer of timers) clearTimeout(timer)
    },
  }
}
