// Entry point of the self-hostable Parley relay: npm run relay -- [options]
// stdout: "Parley relay <peerId>", one indented line per dialable multiaddr,
// "HTTP <url>" (with --http), "STUN <host>:<port>" and "STUN-ALT <host>:<port>"
// (unless off), then "ready". Configuration errors: one "parley-relay: ..." line on stderr and exit code 2.
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { ConfigError, parseConfig, usage } from './config.ts'
import { Directory } from './directory/records.ts'
import { serveDirectory } from './directory/service.ts'
import { type HttpServer, startHttpServer } from './http.ts'
import { loadOrCreateIdentity } from './identity.ts'
import { registerMailboxMetrics } from './mailbox/metrics.ts'
import { serveMailbox } from './mailbox/service.ts'
import { Mailbox } from './mailbox/store.ts'
import {
  registerDirectoryMetrics,
  registerRelayMetrics,
  registerStunMetrics,
  relayCounts,
} from './metrics.ts'
import { createRelayNode, type RelayNode, startRelayNode } from './node.ts'
import { serveRelayInfo } from './relay-info.ts'
import { type StunOutcome, type StunServer, startStunServer } from './stun.ts'

const shutdownTimeoutMs = 5_000

async function main(args: string[]): Promise<void> {
  // libp2p 3 needs Node 24 APIs; a system-wide node may well be older.
  if (Number(process.versions.node.split('.')[0]) < 24) {
    throw new ConfigError(`needs Node 24 or newer, not ${process.version}; use npm run relay`)
  }
  const config = parseConfig(args)
  if (config === 'help') {
    console.log(usage)
    return
  }
  const privateKey = await loadOrCreateIdentity(config.dataDir)
  const registry = new Registry()
  const node = await createRelayNode(config, privateKey, registry)
  registerRelayMetrics(registry, node)
  const counted = registerStunMetrics(registry)
  const stun = config.stun
    ? await startStun('--stun', config.stun, config.stunExplicit, counted)
    : undefined
  const stunAlt =
    stun && config.stunAltPort !== undefined
      ? await startStun(
          '--stun-alt',
          { host: stun.host, port: config.stunAltPort },
          config.stunAltExplicit,
          counted,
        )
      : undefined
  // Registered before the node starts, so identify tells every client about it.
  await serveRelayInfo(node, {
    ...(stun ? { stunPort: stun.port } : {}),
    ...(stunAlt ? { stunAltPort: stunAlt.port } : {}),
  })
  const directory = await Directory.open(join(config.dataDir, 'directory'))
  await serveDirectory(node, directory, {
    ratePerMinute: config.directoryRate,
    burst: config.directoryBurst,
    answered: registerDirectoryMetrics(registry, directory),
  })
  const mailbox = await Mailbox.open(join(config.dataDir, 'mailbox'), {
    ttlMs: config.mailboxTtlMs,
    maxItems: config.mailboxItems,
    maxBytes: config.mailboxBytes,
    maxTotalBytes: config.mailboxTotalBytes,
  })
  await serveMailbox(node, mailbox, {
    ratePerMinute: config.mailboxRate,
    burst: config.mailboxBurst,
    answered: registerMailboxMetrics(registry, mailbox),
  })
  await startRelayNode(node)
  const startedAt = Date.now()

  const http = config.http
    ? await startHttpServer(config.http, {
        health: () => ({
          status: 'ok',
          peerId: node.peerId.toString(),
          uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
          ...relayCounts(node),
          handles: directory.size,
          mailbox: mailbox.size,
          stun: stun ? `${stun.host}:${stun.port}` : null,
          stunAlt: stunAlt ? `${stunAlt.host}:${stunAlt.port}` : null,
        }),
        metrics: async () => ({
          contentType: registry.contentType,
          body: await registry.metrics(),
        }),
      })
    : undefined

  // Before the first line: whoever reads "ready" may signal us straight away.
  stopOnSignal(node, [directory, mailbox], http, [stun, stunAlt])
  console.log(`Parley relay ${node.peerId}`)
  for (const addr of node.getMultiaddrs()) console.log(`  ${addr}`)
  if (http) console.log(`HTTP ${http.url}`)
  const at = (s: StunServer) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`
  if (stun) console.log(`STUN ${at(stun)}`)
  if (stunAlt) console.log(`STUN-ALT ${at(stunAlt)}`)
  console.log('ready')
}

/**
 * A STUN responder (the main one or the alternate). A default port being taken
 * (another relay or a STUN server on this machine) is a warning; a port asked for
 * is a ConfigError.
 */
async function startStun(
  flag: '--stun' | '--stun-alt',
  { host, port }: { host: string; port: number },
  explicit: boolean,
  onRequest: (outcome: StunOutcome) => void,
): Promise<StunServer | undefined> {
  try {
    return await startStunServer({ host, port, onRequest })
  } catch (err) {
    const reason = `${flag}: cannot listen on udp ${host}:${port}: ${(err as Error).message}`
    if (explicit) throw new ConfigError(reason)
    console.error(
      `parley-relay: ${reason}; ${flag === '--stun' ? 'STUN' : 'the alternate STUN port'} is off`,
    )
    return undefined
  }
}

function stopOnSignal(
  node: RelayNode,
  databases: { close(): Promise<void> }[],
  http: HttpServer | undefined,
  stun: (StunServer | undefined)[],
): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`stopping (${signal})`)
    setTimeout(() => {
      console.error(`parley-relay: did not stop within ${shutdownTimeoutMs} ms, exiting`)
      process.exit(1)
    }, shutdownTimeoutMs).unref()
    // The databases close once no request can reach them any more.
    const stopNode = async () => {
      await node.stop()
      await Promise.all(databases.map((db) => db.close()))
    }
    Promise.all([http?.close(), ...stun.map((s) => s?.close()), stopNode()]).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(
          `parley-relay: error while stopping: ${err instanceof Error ? err.message : err}`,
        )
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (!(err instanceof ConfigError)) throw err
  console.error(`parley-relay: ${err.message}`)
  process.exit(2)
})
