// The desktop app's bundles, checked where there is no Electron. Each leaves out
// only what it must; and the core's (core.mjs) runs under plain Node with a
// stand-in for the utility process's parent port: it must load (the externals are
// right), serve the API on each connected port, report reads and a profile that
// cannot open, and exit cleanly on 'stop'.
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADDON_PACKAGES, buildElectron, CORE_EXTERNALS } from '../../main/build.ts'
import type { CoreCommand, CoreNotice } from '../../main/electron/core-messages.ts'
import { connectApi, type RpcPort } from '../../protocol/rpc.ts'
import { LOOPBACK_TCP, tempDir } from '../support/parley.ts'
import { type RunningProcess, repoRoot, startScript, stopAll } from '../support/process.ts'

let outdir: string
let data: Awaited<ReturnType<typeof tempDir>>

beforeAll(async () => {
  // Inside the repository, so the bundle's externals resolve from node_modules.
  await mkdir(join(repoRoot, 'dist'), { recursive: true })
  outdir = await mkdtemp(join(repoRoot, 'dist', 'electron-test-'))
  await buildElectron(outdir)
  data = await tempDir('core-bundle')
})

afterAll(async () => {
  await stopAll()
  await rm(outdir, { recursive: true, force: true })
  await data.remove()
})

interface StandIn {
  proc: RunningProcess
  send(command: CoreCommand): void
  /** The API client side of the port the last 'connect' made. */
  port: RpcPort
  notice(type: CoreNotice['type']): Promise<CoreNotice>
}

async function startStandIn(dataDir: string): Promise<StandIn> {
  const proc = startScript('e2e/electron/utility-stand-in.ts', [join(outdir, 'core.mjs')], {
    ipc: true,
  })
  const child: ChildProcess = proc.child
  const notices: CoreNotice[] = []
  child.on('message', (m: { notice?: CoreNotice }) => m.notice && notices.push(m.notice))
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { loaded?: boolean }) => m.loaded && resolve())
    proc.exited.then((code) => reject(new Error(`exited (${code}):\n${proc.lines.join('\n')}`)))
  })
  const send = (command: CoreCommand) => child.send(command)
  send({
    type: 'start',
    dataDir,
    relay: [],
    listen: [LOOPBACK_TCP],
    mdns: false,
    passphrase: false,
  })
  return {
    proc,
    send,
    port: {
      send: (message) => child.send({ rpc: message }),
      onMessage(listener) {
        const onMessage = (m: { rpc?: unknown }) => 'rpc' in m && listener(m.rpc)
        child.on('message', onMessage)
        return () => child.off('message', onMessage)
      },
      onClose(listener) {
        child.on('disconnect', listener)
        return () => child.off('disconnect', listener)
      },
    },
    async notice(type) {
      await expect.poll(() => notices.some((n) => n.type === type), { timeout: 20_000 }).toBe(true)
      return notices.find((n) => n.type === type) as CoreNotice
    },
  }
}

/** The packages a bundle still loads or finds at run time (a subpath counts as its package). */
async function leftOut(file: string): Promise<string[]> {
  const code = await readFile(join(outdir, file), 'utf8')
  const found = [...code.matchAll(/(?:from |import\(|require\(|require\.resolve\()"([^"]+)"/g)].map(
    (m) => m[1],
  )
  const builtin = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
  const packageOf = (m: string) =>
    m
      .split('/')
      .slice(0, m.startsWith('@') ? 2 : 1)
      .join('/')
  return [...new Set((found as string[]).filter((m) => !builtin.has(m)).map(packageOf))].sort()
}

describe('desktop bundles', () => {
  it('leave out only electron, and in the core its native addons', async () => {
    expect(await leftOut('main.mjs')).toEqual(['electron'])
    expect(await leftOut('preload.cjs')).toEqual(['electron'])
    // ws tries its optional native helpers and does without them.
    const optional = ['bufferutil', 'utf-8-validate']
    expect(await leftOut('core.mjs')).toEqual(
      [...CORE_EXTERNALS, ...ADDON_PACKAGES, ...optional].sort(),
    )
  })
})

describe('desktop core bundle', () => {
  it('serves the API on a connected port, again after a reload, and exits cleanly on stop', async () => {
    const core = await startStandIn(join(data.path, 'alice'))
    core.send({ type: 'connect' })
    const api = connectApi(core.port)
    await api.ready
    const { peerId } = await api.identity({})
    expect(peerId).toMatch(/^12D3KooW/)
    expect(await api.conversations({})).toEqual([])
    // A reload: a new port to the same core.
    api.close()
    core.send({ type: 'connect' })
    const again = connectApi(core.port)
    await again.ready
    expect((await again.identity({})).peerId).toBe(peerId)

    core.send({ type: 'stop' })
    expect(await core.proc.exited).toBe(0)
  })

  it('reports a profile that cannot open, and still stops cleanly', async () => {
    const dir = join(data.path, 'bob')
    const first = await startStandIn(dir)
    first.send({ type: 'connect' })
    await connectApi(first.port).ready // the first holds the LevelDB lock
    const second = await startStandIn(dir)
    const failed = await second.notice('failed')
    expect(failed).toMatchObject({ type: 'failed', message: expect.any(String) })
    second.send({ type: 'stop' })
    first.send({ type: 'stop' })
    expect(await second.proc.exited).toBe(0)
    expect(await first.proc.exited).toBe(0)
  })
})
