// "Test my connectivity": STUN binding requests from one socket to every STUN
// endpoint of our relays (each relay answers on two ports), and the NAT type the
// answers imply. A NAT that keeps one public mapping for our socket whatever the
// destination (a cone NAT, like Linux MASQUERADE) shows the same address to every
// endpoint, and WebRTC can cross it; a symmetric one (MASQUERADE --random-fully)
// shows a new port per destination, and only TURN gets through it.
import { networkInterfaces } from 'node:os'
import type { ConnectivityReport, NatType } from '../../../protocol/api.ts'
import type { Mapped } from '../../../protocol/stun.ts'
import type { IceServers } from './ice.ts'
import { askStunFrom, type StunAnswer } from './stun-client.ts'

/** The NAT type, from what the endpoints saw and our own addresses and port. */
export function inferNat(
  answers: readonly StunAnswer[],
  local: { addresses: ReadonlySet<string>; port: number },
): { nat: NatType; detail?: string } {
  if (answers.length === 0) return { nat: 'unknown', detail: 'no STUN server: add a relay' }
  const seen = answers.filter((a): a is StunAnswer & { mapped: Mapped } => a.mapped !== null)
  if (seen.length === 0) return { nat: 'udp-blocked', detail: 'no STUN server answered' }
  const open = seen.some(
    (a) => local.addresses.has(a.mapped.address) && a.mapped.port === local.port,
  )
  if (open) return { nat: 'open' }
  const endpoints = new Set(seen.map((a) => `${a.target.host}:${a.target.port}`))
  if (endpoints.size < 2) {
    return { nat: 'unknown', detail: 'only one STUN endpoint answered: cone or symmetric?' }
  }
  const mappings = new Set(seen.map((a) => addr(a.mapped)))
  return { nat: mappings.size === 1 ? 'cone' : 'symmetric' }
}

/** Asks every STUN endpoint we know, records which relays answered, and reports. */
export async function testConnectivity(ice: IceServers): Promise<ConnectivityReport> {
  const endpoints = ice.endpoints()
  const { localPort, answers } = await askStunFrom(endpoints)
  for (const relayId of new Set(endpoints.map((e) => e.relayId))) {
    ice.answered(
      relayId,
      answers.some((a, i) => endpoints[i]?.relayId === relayId && a.mapped !== null),
    )
  }
  const { nat, detail } = inferNat(answers, { addresses: localAddresses(), port: localPort })
  const first = answers.find((a) => a.mapped !== null)?.mapped
  return {
    nat,
    ...(detail ? { detail } : {}),
    publicAddress: first ? addr(first) : null,
    servers: answers.map((a) => ({
      server: `stun:${hostPort(a.target.host, a.target.port)}`,
      mapped: a.mapped ? addr(a.mapped) : null,
      rttMs: a.rttMs,
    })),
    testedAt: Date.now(),
  }
}

function localAddresses(): Set<string> {
  return new Set(
    Object.values(networkInterfaces())
      .flat()
      .map((i) => i?.address)
      .filter((a): a is string => a !== undefined),
  )
}

function addr(m: Mapped): string {
  return hostPort(m.address, m.port)
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
