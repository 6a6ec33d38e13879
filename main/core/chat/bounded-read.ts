// A stream's incoming bytes as an async iterable that holds at most so many of them.
// libp2p's own iterator buffers whatever arrives, however slowly it is read; here
// the stream is paused (no more window granted to the sender) while `maxBytes` wait
// unread, and resumed once they are taken. What was on its way then waits in the
// stream's own buffer, within its window.
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

export async function* boundedRead(
  stream: Stream,
  maxBytes: number,
): AsyncGenerator<Uint8Array | Uint8ArrayList> {
  const chunks: (Uint8Array | Uint8ArrayList)[] = []
  let held = 0
  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const onMessage = (event: { data: Uint8Array | Uint8ArrayList }) => {
    chunks.push(event.data)
    held += event.data.byteLength
    if (held >= maxBytes && stream.readStatus === 'readable') stream.pause()
    wake?.()
  }
  const onEnd = (event: Event & { error?: Error }) => {
    ended = true
    failure ??= event.error
    wake?.()
  }
  stream.addEventListener('message', onMessage)
  stream.addEventListener('close', onEnd)
  stream.addEventListener('remoteCloseWrite', onEnd)
  try {
    for (;;) {
      const chunk = chunks.shift()
      if (chunk === undefined) {
        if (failure) throw failure
        if (ended) return
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        wake = undefined
        continue
      }
      held -= chunk.byteLength
      if (held < maxBytes && stream.readStatus === 'paused') stream.resume()
      yield chunk
    }
  } finally {
    stream.removeEventListener('message', onMessage)
    stream.removeEventListener('close', onEnd)
    stream.removeEventListener('remoteCloseWrite', onEnd)
  }
}
