// `npm run bench [-- --quick] [-- --only net|ui|mail|crypto[,…]]`: send-to-delivered
// latency and throughput of Parley (every message end-to-end encrypted), direct and
// relayed, against a plain WebSocket forwarding server as the baseline; then the
// browser-mode UI: cold start, opening a big conversation, and scrolling it
// (bench/ui.ts); the relay mailbox's deposit and fetch rates (bench/mailbox.ts); and
// the Signal protocol's cost per message, with the latency it adds to a direct send
// set against the last unencrypted figures (bench/signal.ts, bench/unencrypted.ts).
// Prints the tables and writes JSON under bench/results/. Missed targets are reported,
// not failed; a lost, duplicated or unstored message, or a part that could not be
// measured, fails the run (exit code 1).
import { stopAll } from '../e2e/support/process.ts'
import { deadlines, parseConfig } from './config.ts'
import { measureMailbox } from './mailbox.ts'
import { buildReport, type CryptoPart, formatReport, type MailPart, writeReport } from './report.ts'
import { measurePath, type PathResult, pathNames } from './scenarios.ts'
import { measureSignal } from './signal.ts'
import { abortUi, measureUi, type UiResult } from './ui.ts'
import { unencryptedFigures } from './unencrypted.ts'

const config = (() => {
  try {
    return parseConfig(process.argv.slice(2))
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`)
    return process.exit(2)
  }
})()
const startedAt = new Date()
const totalMs = deadlines.totalMs(config.parts.length)

async function abort(why: string): Promise<never> {
  console.error(`bench: ${why}; stopping every process`)
  await Promise.race([abortUi(), new Promise((resolve) => setTimeout(resolve, 15_000))])
  await stopAll()
  process.exit(1)
}
const watchdog = setTimeout(() => void abort(`not done within ${totalMs} ms`), totalMs)
process.on('SIGINT', () => void abort('interrupted'))
process.on('SIGTERM', () => void abort('terminated'))

const results: PathResult[] = []
let ui: UiResult | null = null
let mail: MailPart | null = null
let crypto: CryptoPart | null = null
const failure = (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })
try {
  if (config.parts.includes('net')) {
    for (const path of pathNames) {
      console.error(`bench: ${path}…`)
      results.push(await measurePath(path, config))
    }
  }
  if (config.parts.includes('ui')) {
    console.error('bench: ui…')
    ui = await measureUi(config)
  }
  if (config.parts.includes('mail')) {
    console.error('bench: mail…')
    mail = await measureMailbox(config.mail, deadlines.mailMs(config.mail.envelopes)).then(
      (mailbox) => ({ mailbox }),
      failure,
    )
  }
  if (config.parts.includes('crypto')) {
    console.error('bench: crypto…')
    const unencrypted = await unencryptedFigures(config.messages)
    crypto = await measureSignal(config.crypto, deadlines.cryptoMs(config.crypto.messages)).then(
      (signal) => ({ signal, unencrypted }),
      (err) => ({ ...failure(err), unencrypted }),
    )
  }
} finally {
  await stopAll()
  clearTimeout(watchdog)
}

const report = buildReport(config, results, ui, startedAt, { mail, crypto })
console.log(formatReport(report))
console.log(`\nwritten to ${await writeReport(report)} and bench/results/latest.json`)
process.exitCode = results.some((r) => r.error) || ui?.error || mail?.error || crypto?.error ? 1 : 0
