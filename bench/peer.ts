// A benchmark peer process: one Parley client core or one baseline WebSocket
// client, driven by the orchestrator over IPC (see ipc.ts). The timing loops run
// here, next to the API they measure. Exits when the orchestrator goes away.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Endpoint } from './endpoint.ts'
import { serve } from './ipc.ts'
import { sequential, summarize, windowed } from './measure.ts'
import { startParley } from './parley-endpoint.ts'
import { messageText } from './workload.ts'
import { startWs } from './ws-endpoint.ts'

let endpoint: Endpoint | undefined
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()

function started(): Endpoint {
  if (!endpoint) throw new Error('peer not started')
  return endpoint
}

serve({
  async start(spec) {
    endpoint = spec.kind === 'parley' ? await startParley(spec) : await startWs(spec)
    return endpoint.info
  },
  connect: async ({ to, addr }) => ({ path: await started().connect(to, addr) }),
  sequential: async ({ phase, count, bytes, deadlineMs }) => {
    const text = (seq: number) => messageText(phase, seq, bytes)
    return summarize(await sequential(started(), text, count, deadlineMs))
  },
  windowed: ({ count, bytes, window, deadlineMs }) => {
    const text = (seq: number) => messageText('throughput', seq, bytes)
    return windowed(started(), text, count, window, deadlineMs)
  },
  async usage() {
    const r = process.resourceUsage()
    const eventLoopMaxMs = loopDelay.max / 1e6
    loopDelay.reset()
    return {
      cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000,
      maxRssMB: r.maxRSS / 1024,
      eventLoopMaxMs,
    }
  },
  received: async ({ expected }) => started().tally.checkAll(expected),
  stored: ({ peer, expected }) => started().stored(peer, expected),
  events: () => started().events(),
})

let stopping = false
async function shutdown(): Promise<void> {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), 5_000).unref()
  await endpoint?.stop()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
process.on('disconnect', shutdown)
