// `npm run bench [-- --quick]`: send-to-delivered latency and throughput of Parley,
// direct and relayed, against a plain WebSocket forwarding server as the baseline.
// Prints a table and writes JSON under bench/results/. Missed targets are reported,
// not failed; a lost, duplicated or unstored message fails the run (exit code 1).
import { stopAll } from '../e2e/support/process.ts'
import { deadlines, parseConfig } from './config.ts'
import { buildReport, formatReport, writeReport } from './report.ts'
import { measurePath, type PathResult, pathNames } from './scenarios.ts'

const config = parseConfig(process.argv.slice(2))
const startedAt = new Date()

async function abort(why: string): Promise<never> {
  console.error(`bench: ${why}; stopping every process`)
  await stopAll()
  process.exit(1)
}
const watchdog = setTimeout(
  () => void abort(`not done within ${deadlines.totalMs} ms`),
  deadlines.totalMs,
)
process.on('SIGINT', () => void abort('interrupted'))
process.on('SIGTERM', () => void abort('terminated'))

const results: PathResult[] = []
try {
  for (const path of pathNames) {
    console.error(`bench: ${path}…`)
    results.push(await measurePath(path, config))
  }
} finally {
  await stopAll()
  clearTimeout(watchdog)
}

const report = buildReport(config, results, startedAt)
console.log(formatReport(report))
console.log(`\nwritten to ${await writeReport(report)} and bench/results/latest.json`)
process.exitCode = results.some((r) => r.error) ? 1 : 0
