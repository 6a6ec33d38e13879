// Observes the circuits the relay carries. @libp2p/circuit-relay-v2 keeps no account
// of them, but every relayed connection runs through one "stop" stream that the
// relay opens to the destination peer, and libp2p runs middleware on it.
import { RELAY_V2_STOP_CODEC } from '@libp2p/circuit-relay-v2'
import type { Libp2p, Stream, StreamMessageEvent } from '@libp2p/interface'

export interface CircuitObserver {
  opened(): void
  closed(): void
  relayed(bytes: number): void
}

/** Reports every circuit the relay establishes, its end, and the bytes it carries. */
export function watchCircuits(node: Libp2p, observer: CircuitObserver): void {
  node.use(RELAY_V2_STOP_CODEC, (stream, connection, next) => {
    observe(stream, observer)
    next(stream, connection)
  })
}

// Before the destination accepts, the relay sends exactly one message on the stop
// stream (the stop request, written in one send); it sends more only once it is
// piping the source's data through. So the second send marks an established circuit,
// and from then on everything sent (source to destination) and received (destination
// to source) is relayed traffic. A refused circuit never gets that far.
function observe(stream: Stream, observer: CircuitObserver): void {
  let sends = 0
  let established = false
  const send = stream.send.bind(stream)
  stream.send = (data) => {
    sends++
    if (sends === 2 && stream.status === 'open') {
      established = true
      observer.opened()
      stream.addEventListener('close', () => observer.closed(), { once: true })
    }
    if (established) observer.relayed(data.byteLength)
    return send(data)
  }
  // Wrapped rather than listened to: a 'message' listener would make the stream hand
  // out buffered data before the relay attaches its own reader (the same approach
  // as @libp2p/prometheus-metrics).
  const dispatchEvent = stream.dispatchEvent.bind(stream)
  stream.dispatchEvent = (event) => {
    if (established && event.type === 'message') {
      observer.relayed((event as StreamMessageEvent).data.byteLength)
    }
    return dispatchEvent(event)
  }
}
