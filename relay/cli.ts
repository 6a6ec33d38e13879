// Entry point of the self-hostable Parley relay: npm run relay -- [options]
// stdout: "Parley relay <peerId>", one indented line per dialable multiaddr,
// "HTTP <url>" (with --http), then "ready". Configuration errors: one
// "parley-relay: ..." line on stderr and exit code 2.
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { ConfigError, parseConfig, usage } from './config.ts'
import { Directory } from './directory/records.ts'
import { serveDirectory } from './directory/service.ts'
import { type HttpServer, startHttpServer } from './http.ts'
import { loadOrCreateIdentity } from './identity.ts'
import { registerDirectoryMetrics, registerRelayMetrics, relayCounts } from './metrics.ts'
import { createRelayNode, type RelayNode, startRelayNode } from './node.ts'

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
  const directory = await Directory.open(join(config.dataDir, 'directory'))
  await serveDirectory(node, directory, {
    ratePerMinute: config.directoryRate,
    burst: config.directoryBurst,
    answered: registerDirectoryMetrics(registry, directory),
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
        }),
        metrics: async () => ({
          contentType: registry.contentType,
          body: await registry.metrics(),
        }),
      })
    : undefined

  // Before the first line: whoever reads "ready" may signal us straight away.
  stopOnSignal(node, directory, http)
  console.log(`Parley relay ${node.peerId}`)
  for (const addr of node.getMultiaddrs()) console.log(`  ${addr}`)
  if (http) console.log(`HTTP ${http.url}`)
  console.log('ready')
}

function stopOnSignal(node: RelayNode, directory: Directory, http: HttpServer | undefined): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`stopping (${signal})`)
    setTimeout(() => {
      console.error(`parley-relay: did not stop within ${shutdownTimeoutMs} ms, exiting`)
      process.exit(1)
    }, shutdownTimeoutMs).unref()
    // The directory closes once no request can reach it any more.
    const stopNode = async () => {
      await node.stop()
      await directory.close()
    }
    Promise.all([http?.close(), stopNode()]).then(
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
