// A folder on lazyfs.py: a FUSE filesystem that, when the power is "cut", loses
// every write not fsynced since. Mounted by the test (root, /dev/fuse, Debian's
// python3-fusepy and fuse3), cut, then mounted again on the same backing folder.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./lazyfs.py', import.meta.url))
/** Debian's Python: python3-fusepy is installed for it, not for another on the PATH. */
const PYTHON = '/usr/bin/python3'
const MOUNT_TIMEOUT_MS = 10_000

/** What one cut took away: writes since the last fsync of their file, their bytes, the files. */
export interface Cut {
  writes: number
  bytes: number
  files: number
}

export class LazyFs {
  private proc: ReturnType<typeof spawn> | undefined
  private lines: string[] = []
  private waiting: ((line: string) => void) | undefined

  constructor(
    readonly backing: string,
    readonly mountpoint: string,
  ) {}

  get mounted(): boolean {
    return this.proc !== undefined
  }

  /** Mounts the backing folder; resolves once the filesystem answers. */
  async mount(): Promise<void> {
    await mkdir(this.backing, { recursive: true })
    await mkdir(this.mountpoint, { recursive: true })
    const proc = spawn(PYTHON, [SCRIPT, this.backing, this.mountpoint], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.proc = proc
    this.lines = []
    for (const s of [proc.stdout, proc.stderr]) {
      createInterface({ input: s }).on('line', (line) => {
        this.lines.push(line)
        this.waiting?.(line)
      })
    }
    await this.next((line) => line === 'ready', MOUNT_TIMEOUT_MS, 'lazyfs to mount')
  }

  /** Cuts the power (whoever writes must be dead by now): unsynced writes are lost, then it unmounts. */
  async cut(): Promise<Cut> {
    const proc = this.proc
    if (!proc) throw new Error('lazyfs is not mounted')
    const exited = once(proc, 'close')
    const report = this.next((line) => line.startsWith('{'), MOUNT_TIMEOUT_MS, 'the cut')
    await writeFile(join(this.mountpoint, '.powercut'), 'cut')
    const { cut } = JSON.parse(await report) as { cut: Cut }
    await exited
    this.proc = undefined
    return cut
  }

  /** Unmounts without a cut (the end of the test). */
  async unmount(): Promise<void> {
    const proc = this.proc
    if (!proc) return
    const exited = once(proc, 'close')
    spawn('fusermount', ['-u', this.mountpoint], { stdio: 'ignore' })
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())])
    if (proc.exitCode === null) proc.kill('SIGKILL')
    this.proc = undefined
  }

  /** Resolves with the first output line from now on that `match` accepts. */
  private next(match: (line: string) => boolean, ms: number, what: string): Promise<string> {
    const proc = this.proc
    return new Promise((resolve, reject) => {
      const done = (err?: Error, line?: string) => {
        clearTimeout(timer)
        this.waiting = undefined
        proc?.off('close', onExit)
        if (err) reject(err)
        else resolve(line as string)
      }
      const timer = setTimeout(
        () => done(new Error(`timed out after ${ms} ms waiting for ${what}:\n${this.tail()}`)),
        ms,
      )
      const onExit = (code: number | null) =>
        done(new Error(`lazyfs exited (${code}) waiting for ${what}:\n${this.tail()}`))
      proc?.once('close', onExit)
      this.waiting = (line) => {
        if (match(line)) done(undefined, line)
      }
    })
  }

  private tail(): string {
    return this.lines.slice(-20).join('\n')
  }
}
