// Relay-level Prometheus metrics (prefix parley_relay_), next to the libp2p_* ones
// that @libp2p/prometheus-metrics puts into the same registry.
import { Counter, Gauge, type Registry } from 'prom-client'
import type { DirectoryResponse } from '../protocol/directory.ts'
import { watchCircuits } from './circuits.ts'
import type { Directory } from './directory/records.ts'
import type { RequestKind } from './directory/service.ts'
import type { RelayNode } from './node.ts'
import type { StunOutcome } from './stun.ts'

/** Live counts, read from the node when asked (for /metrics and /healthz alike). */
export function relayCounts(node: RelayNode) {
  return {
    connections: node.getConnections().length,
    reservations: node.services.relay.reservations.size,
  }
}

/** Registers the relay's metrics; call before the node starts so no circuit is missed. */
export function registerRelayMetrics(registry: Registry, node: RelayNode): void {
  const registers = [registry]
  new Gauge({
    name: 'parley_relay_connections',
    help: 'Open libp2p connections to this relay',
    registers,
    collect() {
      this.set(relayCounts(node).connections)
    },
  })
  new Gauge({
    name: 'parley_relay_reservations',
    help: 'Relay reservations currently held (a reservation outlives its connection until it expires)',
    registers,
    collect() {
      this.set(relayCounts(node).reservations)
    },
  })
  const opened = new Counter({
    name: 'parley_relay_circuits_opened_total',
    help: 'Relayed connections established through this relay',
    registers,
  })
  const open = new Gauge({
    name: 'parley_relay_circuits_open',
    help: 'Relayed connections currently open through this relay',
    registers,
  })
  const bytes = new Counter({
    name: 'parley_relay_relayed_bytes_total',
    help: 'Bytes relayed between circuit endpoints, both directions, excluding relay handshakes',
    registers,
  })
  watchCircuits(node, {
    opened() {
      opened.inc()
      open.inc()
    },
    closed() {
      open.dec()
    },
    relayed(n) {
      bytes.inc(n)
    },
  })
}

/** Registers the handle directory's metrics; returns what to tell of each answer. */
export function registerDirectoryMetrics(registry: Registry, directory: Directory) {
  const registers = [registry]
  new Gauge({
    name: 'parley_relay_directory_handles',
    help: 'Handles held in the directory',
    registers,
    collect() {
      this.set(directory.size)
    },
  })
  const requests = new Counter({
    name: 'parley_relay_directory_requests_total',
    help: 'Directory requests answered, by request (claim, lookup, release, undecodable) and status',
    labelNames: ['request', 'status'],
    registers,
  })
  return (kind: RequestKind, response: DirectoryResponse) =>
    requests.inc({ request: kind, status: response.status })
}

/** Counts STUN datagrams by what became of them; returns what to tell of each. */
export function registerStunMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'parley_relay_stun_requests_total',
    help: 'STUN datagrams received, by result (answered, unknown-attribute, malformed, not-binding-request, rate-limited)',
    labelNames: ['result'],
    registers: [registry],
  })
  return (outcome: StunOutcome) => requests.inc({ result: outcome })
}
