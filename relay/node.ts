// The libp2p node behind the relay: a circuit relay v2 server reachable over TCP
// and WebSockets, with libp2p's own metrics going into the given Prometheus registry.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { autoNAT } from '@libp2p/autonat'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import { ping } from '@libp2p/ping'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p } from 'libp2p'
import type { Registry } from 'prom-client'
import { ConfigError, type RelayConfig } from './config.ts'

export type RelayNode = Awaited<ReturnType<typeof createRelayNode>>

/** Creates the node without starting it, so callers can hook in before the first peer arrives. */
export function createRelayNode(config: RelayConfig, privateKey: PrivateKey, registry: Registry) {
  return createLibp2p({
    start: false,
    privateKey,
    addresses: {
      listen: config.listen.map(String),
      // libp2p only advertises public addresses that AutoNAT has confirmed, which a
      // fresh relay may never get; announced addresses are advertised as they are.
      announce: config.announce.map(String),
    },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { maxConnections: config.maxConnections },
    // Our own registry rather than prom-client's global one, which the library clears.
    metrics: prometheusMetrics({ registry }),
    services: {
      identify: identify(),
      ping: ping(),
      autoNAT: autoNAT(),
      relay: circuitRelayServer({
        // No default limit: without it every relayed connection would be cut after
        // 2 minutes or 128 KiB, far too little for a chat session.
        reservations: { applyDefaultLimit: false, maxReservations: config.maxReservations },
      }),
    },
  })
}

/** Starts the node; listen addresses that are taken or unusable become a one-line ConfigError. */
export async function startRelayNode(node: RelayNode): Promise<void> {
  try {
    await node.start()
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'UnsupportedListenAddressesError') throw err
    throw new ConfigError(`cannot listen: ${listenFailures(err.message)}`)
  }
}

// libp2p reports the failed addresses only as text: a sentence, then one
// "  <multiaddr>: <error stack>" block per address. Keep each address and the
// first line of its error.
function listenFailures(message: string): string {
  const failures = [...message.matchAll(/^ {2}(\/\S+): (?:\w*Error: )?(.*)$/gm)]
  if (failures.length === 0) return message.split('\n')[0] ?? message
  return failures.map(([, addr, reason]) => `${addr}: ${reason}`).join('; ')
}
