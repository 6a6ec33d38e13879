// Starts real Parley processes (relay, client) for tests and benchmarks, each
// bounded in time: every wait has a deadline and every process is killed on teardown.
// Parley's programs run from their bundles, as people run them; test and benchmark
// helpers run from source, under tsx.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { type Program, programPath } from '../../main/build.ts'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export interface StartOptions {
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Open a Node IPC channel to the child (for the typed API). */
  ipc?: boolean
  /** Run inside this network namespace (needs root and iproute2). */
  netns?: string
  /** Echo the child's output with this prefix (for debugging). */
  echo?: string
}

export interface RunningProcess {
  /** What it runs (a program's name, a script's path). */
  readonly label: string
  readonly child: ChildProcess
  readonly lines: string[]
  /** Resolves with the first output line (stdout or stderr) matching `re`, seen before or after the call. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>
  /** Sends `signal` and waits for the exit; SIGKILLs after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>
}

const live = new Set<RunningProcess>()

/**
 * Starts one of Parley's programs (dist/node/NAME.mjs) under the pinned Node. The
 * test runners build the bundles first (e2e/support/build-programs.ts), and so
 * does every npm script that runs a benchmark.
 */
export function startProgram(
  name: Program,
  args: string[],
  options: StartOptions = {},
): RunningProcess {
  const bundle = programPath(name)
  if (!existsSync(bundle)) throw new Error(`${bundle} is not built: npm run build:node`)
  return start(name, [bundle, ...args], options)
}

/** Starts a TypeScript file of this repo (a test or benchmark helper) from source, under tsx. */
export function startScript(
  entry: string,
  args: string[],
  options: StartOptions = {},
): RunningProcess {
  return start(entry, ['--import', 'tsx', entry, ...args], options)
}

function start(label: string, nodeArgs: string[], options: StartOptions): RunningProcess {
  const command = options.netns
    ? ['ip', ['netns', 'exec', options.netns, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs]
  const child = spawn(command[0] as string, command[1] as string[], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiters = new Set<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }>()
  const onLine = (line: string) => {
    lines.push(line)
    if (options.echo) console.log(`[${options.echo}] ${line}`)
    for (const w of waiters) {
      const m = line.match(w.re)
      if (m) {
        waiters.delete(w)
        w.resolve(m)
      }
    }
  }
  for (const s of [child.stdout, child.stderr]) {
    if (s) createInterface({ input: s }).on('line', onLine)
  }
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string)

  const proc: RunningProcess = {
    label,
    child,
    lines,
    exited,
    waitForLine(re, timeoutMs = 20_000) {
      for (const line of lines) {
        const m = line.match(re)
        if (m) return Promise.resolve(m)
      }
      return new Promise((resolve, reject) => {
        const waiter = { re, resolve }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(
            new Error(`${label}: no line matching ${re} within ${timeoutMs} ms:\n${tail(lines)}`),
          )
        }, timeoutMs)
        waiter.resolve = (m) => {
          clearTimeout(timer)
          resolve(m)
        }
        waiters.add(waiter)
        exited.then((code) => {
          if (!waiters.has(waiter)) return
          waiters.delete(waiter)
          clearTimeout(timer)
          reject(
            new Error(`${label} exited (${code}) before a line matching ${re}:\n${tail(lines)}`),
          )
        })
      })
    },
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal)
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
        await exited
        clearTimeout(timer)
      }
      live.delete(proc)
      return exited
    },
  }
  live.add(proc)
  return proc
}

/** The last `count` lines of every process still running, each under its name and pid. */
export function liveOutput(count = 60): string {
  return [...live]
    .map((p) => [`== ${p.label} (pid ${p.child.pid})`, ...p.lines.slice(-count)].join('\n'))
    .join('\n\n')
}

/** Kills every process started by this module that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop('SIGKILL')))
}

function tail(lines: string[]): string {
  return lines.slice(-30).join('\n')
}
