// Real Parley processes for tests and benchmarks: relays and clients, each in its
// own process; clients are driven through the typed API over a Node IPC channel.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ipcPort } from '../../main/ipc-port.ts'
import { EVENT_NAMES, type ParleyEvents } from '../../protocol/api.ts'
import { connectApi, type RemoteParley } from '../../protocol/rpc.ts'
import { type RunningProcess, type StartOptions, startProgram } from './process.ts'

export const LOOPBACK_TCP = '/ip4/127.0.0.1/tcp/0'

export interface Relay {
  proc: RunningProcess
  peerId: string
  /** Full multiaddrs, each ending in /p2p/<peerId>. */
  addrs: string[]
  /** The TCP address a client should use. */
  addr: string
  http?: string
  /** HOST:PORT of its STUN responder, unless started with --stun off. */
  stun?: string
  /** HOST:PORT of its alternate STUN port, unless off. */
  stunAlt?: string
}

/** `listen` is a fixed address to come back on after a restart; by default a free port. */
export async function startRelay(
  dataDir: string,
  extraArgs: string[] = [],
  listen = LOOPBACK_TCP,
  /** Run inside this network namespace. */
  netns?: string,
): Promise<Relay> {
  const args = [
    '--data-dir',
    dataDir,
    '--listen',
    listen,
    // STUN on loopback too (a free port) unless extraArgs say otherwise: the last --stun wins.
    '--stun',
    '127.0.0.1:0',
    ...extraArgs,
  ]
  const proc = startProgram('relay', args, netns ? { netns } : {})
  await proc.waitForLine(/^ready$/)
  const peerId = (await proc.waitForLine(/^Parley relay (\S+)/))[1] as string
  const addrs = proc.lines.filter((l) => l.startsWith('  /')).map((l) => l.trim())
  const addr = addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws'))
  if (!addr) throw new Error(`relay printed no TCP address:\n${proc.lines.join('\n')}`)
  const http = proc.lines.find((l) => l.startsWith('HTTP '))?.slice(5)
  const stun = proc.lines.find((l) => l.startsWith('STUN '))?.slice(5)
  const stunAlt = proc.lines.find((l) => l.startsWith('STUN-ALT '))?.slice(9)
  return {
    proc,
    peerId,
    addrs,
    addr,
    ...(http ? { http } : {}),
    ...(stun ? { stun } : {}),
    ...(stunAlt ? { stunAlt } : {}),
  }
}

export interface ClientSpec {
  dataDir: string
  relays?: string[]
  /** Listen addresses; [] listens on none (reachable only through relays). */
  listen?: string[]
  mdns?: boolean
  /**
   * WebRTC upgrades; off unless asked for, so that tests on loopback never send ICE
   * checks to the machine's own interfaces (the NAT tests turn it on in namespaces).
   */
  webrtc?: boolean
  /** TURN servers, as turn:USER:PASS@HOST:PORT. */
  turn?: string[]
  /** UPnP port mapping; off unless asked for, so that tests never talk to a real router. */
  upnp?: boolean
  /**
   * Leave a new profile waiting for createLock (and a protected one for unlock).
   * By default a new profile is created at once without a passphrase (--no-passphrase).
   */
  locked?: boolean
  netns?: string
  env?: StartOptions['env']
  /** How long an API call waits for the core's answer (connectApi's default otherwise). */
  callTimeoutMs?: number
}

/** A core process whose profile may still be locked. */
export interface CoreProcess {
  proc: RunningProcess
  api: RemoteParley
  events: EventLog
  stop(): Promise<number | string>
}

export interface TestClient extends CoreProcess {
  peerId: string
}

function coreArgs(spec: ClientSpec): string[] {
  const listen = spec.listen ?? [LOOPBACK_TCP]
  return [
    '--data-dir',
    spec.dataDir,
    ...(spec.relays ?? []).flatMap((r) => ['--relay', r]),
    ...(listen.length > 0 ? listen.flatMap((l) => ['--listen', l]) : ['--listen', 'none']),
    spec.mdns ? '--mdns' : '--no-mdns',
    spec.webrtc ? '--webrtc' : '--no-webrtc',
    spec.upnp ? '--upnp' : '--no-upnp',
    ...(spec.turn ?? []).flatMap((t) => ['--turn', t]),
    ...(spec.locked ? [] : ['--no-passphrase']),
  ]
}

/**
 * A client, open: its profile created or unlocked with `passphrase` if one is
 * given, else (when new) created without one.
 */
export async function startClient(spec: ClientSpec & { passphrase?: string }): Promise<TestClient> {
  const { passphrase, ...rest } = spec
  const core = await startCore({ ...rest, locked: passphrase !== undefined })
  if (passphrase !== undefined) {
    const { state } = await core.api.lockState({})
    if (state === 'new') await core.api.createLock({ passphrase })
    else await core.api.unlock({ passphrase })
  }
  const { peerId } = await core.api.identity({})
  return { ...core, peerId }
}

/** A client process (the cli program, main/cli.ts) serving the API over IPC, its profile as it starts. */
export async function startCore(spec: ClientSpec): Promise<CoreProcess> {
  const proc = startProgram('cli', coreArgs(spec), {
    ipc: true,
    ...(spec.netns ? { netns: spec.netns } : {}),
    ...(spec.env ? { env: spec.env } : {}),
  })
  const { callTimeoutMs } = spec
  const api = connectApi(
    ipcPort(proc.child),
    callTimeoutMs ? { timeoutMs: () => callTimeoutMs } : {},
  )
  const events = new EventLog(api)
  const exited = proc.exited.then((code) => {
    throw new Error(`client exited (${code}):\n${proc.lines.join('\n')}`)
  })
  // The channel closing first means the process is exiting: report its exit instead.
  await Promise.race([api.ready.catch(() => exited), exited])
  return {
    proc,
    api,
    events,
    async stop() {
      api.close()
      return proc.stop()
    },
  }
}

type Recorded = {
  [K in keyof ParleyEvents]: { name: K; data: ParleyEvents[K] }
}[keyof ParleyEvents]

/** Records every event from the start, so a test can wait for one that may already have come. */
export class EventLog {
  readonly all: Recorded[] = []
  private readonly waiters = new Set<() => void>()

  constructor(api: RemoteParley) {
    for (const name of EVENT_NAMES) {
      api.on(name, (data) => {
        this.all.push({ name, data } as Recorded)
        for (const w of this.waiters) w()
      })
    }
  }

  of<K extends keyof ParleyEvents>(name: K): ParleyEvents[K][] {
    return this.all.filter((e) => e.name === name).map((e) => e.data as ParleyEvents[K])
  }

  /** Resolves once `done` holds over the recorded events of `name`. */
  until<K extends keyof ParleyEvents>(
    name: K,
    done: (events: ParleyEvents[K][]) => boolean,
    timeoutMs = 20_000,
  ): Promise<ParleyEvents[K][]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const seen = this.of(name)
        if (!done(seen)) return
        this.waiters.delete(check)
        clearTimeout(timer)
        resolve(seen)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for '${name}' events`))
      }, timeoutMs)
      this.waiters.add(check)
      check()
    })
  }
}

export interface BrowserHost {
  proc: RunningProcess
  /** The profile's peer id; known once it is open (at once, unless started `locked`). */
  readonly peerId: string
  /** The URL to open, with this launch's token in the fragment. */
  url: string
  origin: string
  token: string
}

const OPENED = /^Parley profile "[^"]+" \((\S+)\)/

/**
 * A browser-mode host (the host program, main/browser/host.ts) for one profile; the
 * UI must be built. Resolves once its profile is open, unless started `locked`.
 */
export async function startBrowserHost(
  spec: ClientSpec & { profile?: string },
): Promise<BrowserHost> {
  const host = await launchBrowserHost(spec)
  if (!spec.locked) await host.proc.waitForLine(OPENED)
  return host
}

/**
 * A browser-mode host, as soon as it prints its URL: as a person opens it. The
 * profile may still be opening; the page's API socket waits for it.
 */
export async function launchBrowserHost(
  spec: ClientSpec & { profile?: string },
): Promise<BrowserHost> {
  const proc = startProgram('host', ['--profile', spec.profile ?? 'default', ...coreArgs(spec)], {
    ...(spec.netns ? { netns: spec.netns } : {}),
    ...(spec.env ? { env: spec.env } : {}),
  })
  await proc.waitForLine(/^ready$/)
  const url = (await proc.waitForLine(/^Open (\S+)/))[1] as string
  const parsed = new URL(url)
  return {
    proc,
    get peerId() {
      const id = proc.lines.findLast((l) => OPENED.test(l))?.match(OPENED)?.[1]
      if (!id) throw new Error('the profile is not open yet: its peer id is sealed')
      return id
    },
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `parley-${prefix}-`))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/**
 * Makes two clients contacts the way people do: `asker` sends a friend request with
 * the other's invite code, and `answerer` accepts it. `asker` must be able to reach
 * `answerer` (dialed already, or through the relays in the invite).
 */
export async function befriend(asker: TestClient, answerer: TestClient): Promise<void> {
  const { code } = await answerer.api.invite({})
  await asker.api.addContact({ code })
  await answerer.events.until('contact', (cs) =>
    cs.some((c) => c.peerId === asker.peerId && c.state === 'pending'),
  )
  await answerer.api.acceptContact({ peerId: asker.peerId })
  await asker.events.until('contact', (cs) =>
    cs.some((c) => c.peerId === answerer.peerId && c.state === 'accepted'),
  )
}

/**
 * Alice and Bob on loopback TCP, named, and contacts: Bob asked, Alice accepted.
 * `aliceAddr` is where a raw node can reach Alice.
 */
export async function namedFriends(dirs: ReturnType<typeof tempDirs>) {
  const [alice, bob] = await Promise.all([
    startClient({ dataDir: await dirs.make('alice') }),
    startClient({ dataDir: await dirs.make('bob') }),
  ])
  await alice.api.setProfile({ displayName: 'Alice' })
  await bob.api.setProfile({ displayName: 'Bob' })
  const aliceAddr = await tcpAddr(alice)
  await bob.api.dial({ addr: aliceAddr })
  await befriend(bob, alice)
  return { alice, bob, aliceAddr }
}

/** Texts only: a conversation's history without its request and acceptance lines. */
export function texts<M extends { kind?: string }>(messages: M[]): M[] {
  return messages.filter((m) => m.kind === undefined)
}

/** A client's own loopback TCP address, to dial it directly. */
export async function tcpAddr(client: TestClient): Promise<string> {
  const { addresses } = await client.api.identity({})
  const addr = addresses.find((a) => a.includes('/tcp/') && !a.includes('/ws'))
  if (!addr) throw new Error(`no TCP address among ${addresses.join(', ')}`)
  return addr
}

/** Temporary directories for one test, removed together afterwards. */
export function tempDirs() {
  let dirs: Awaited<ReturnType<typeof tempDir>>[] = []
  return {
    async make(prefix: string): Promise<string> {
      const dir = await tempDir(prefix)
      dirs.push(dir)
      return dir.path
    },
    async removeAll(): Promise<void> {
      await Promise.all(dirs.map((d) => d.remove()))
      dirs = []
    },
  }
}
