// A NAT lab out of Linux network namespaces, for the NAT matrix (e2e/nat/): a fake
// internet (a bridge, 172.31.0.0/24), the relay on it, and two clients, each either
// on the internet itself ('public') or behind a NAT router of its own: 'cone'
// (MASQUERADE, which keeps source ports: endpoint-independent mapping) or
// 'symmetric' (MASQUERADE --random-fully: a new port for every destination), or
// 'upnp' (a cone router running miniupnpd, which forwards the ports its LAN asks
// for over UPnP IGD or NAT-PMP). The routers drop unsolicited inbound packets, as
// home routers do, unless forwarded. Or a LAN: the two clients on one bridge with
// no router and no relay, multicast routed for mDNS.
//
// Every address exists only inside namespaces made here, each named with a random
// prefix; nothing is attached to the machine's own namespace, and no namespace has
// a route out of the lab. remove() kills what still runs inside them and deletes
// them, and so does process exit, should a test be cut short.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { rm, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { namespacesUnavailable } from './netns.ts'

const exec = promisify(execFile)
const STEP_TIMEOUT_MS = 10_000

export type Side = 'public' | 'cone' | 'symmetric' | 'upnp'

export const INTERNET = '172.31.0'
export const RELAY_IP = `${INTERNET}.10`
/**
 * The lab's internet where a router runs UPnP: a public-looking /24, because both
 * miniupnpd and @libp2p/upnp-nat refuse a private external address (a double NAT).
 * Like every lab address it exists only inside the lab's namespaces, none of which
 * has a route out of the lab.
 */
export const PUBLIC_INTERNET = '100.128.0'
/** coturn's port in the relay's namespace, clear of the relay's STUN ports (3478, 3479). */
export const TURN_PORT = 3480

export interface Lab {
  /** Namespace names by role: relay, alice, bob (and nat-a, nat-b behind NATs). */
  ns: Record<string, string>
  /** Each client's own address (private behind a NAT). */
  ip: { alice: string; bob: string }
  /** The relay's address on the lab's internet. */
  relayIp: string
  /** Each side's address on the internet: its own, or its router's. */
  wan: { alice: string; bob: string }
  /** What each miniupnpd printed, by router role ('nat-a', 'nat-b'). */
  upnpd: Record<string, string[]>
  /** Runs `ip` (or any command) inside a namespace of the lab. */
  exec(ns: string, cmd: string, args: string[]): Promise<string>
  remove(): Promise<void>
}

const live = new Set<string>()
process.on('exit', () => {
  // Last resort (a test timed out, vitest is exiting): synchronous, best effort.
  for (const ns of live) removeSync(ns)
})

/** Says why the lab cannot be built here (no root, no ip, no iptables), or undefined. */
export async function labUnavailable(): Promise<string | undefined> {
  const why = await namespacesUnavailable()
  if (why) return why
  try {
    await exec('iptables', ['-V'], { timeout: STEP_TIMEOUT_MS })
  } catch {
    return 'the NAT lab needs iptables (apt-get install iptables; e2e/support/system-deps.sh does it as root)'
  }
  return undefined
}

async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(cmd, args, { timeout: STEP_TIMEOUT_MS })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: string }
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`)
  }
}

type LabBase = Omit<Lab, 'ip' | 'relayIp' | 'wan'>

function newLab(): { prefix: string; ns: Record<string, string>; lab: LabBase } {
  const prefix = `pnat-${randomBytes(3).toString('hex')}`
  const ns: Record<string, string> = {}
  const lab = {
    ns,
    upnpd: {},
    exec: (name: string, cmd: string, args: string[]) =>
      run('ip', ['netns', 'exec', name, cmd, ...args]),
    async remove() {
      await Promise.all(Object.values(ns).map(removeNamespace))
    },
  }
  return { prefix, ns, lab }
}

async function makeNamespace(ns: Record<string, string>, prefix: string, role: string) {
  const name = `${prefix}-${role}`
  await run('ip', ['netns', 'add', name])
  live.add(name)
  ns[role] = name
  await run('ip', ['-n', name, 'link', 'set', 'lo', 'up'])
  // No IPv6 in the lab: no router solicitations, no link-local addresses to try.
  await run('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1'])
  await run('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.default.disable_ipv6=1'])
  return name
}

/** A veth pair created directly inside the two namespaces. */
async function link(nsA: string, ifA: string, nsB: string, ifB: string) {
  await run('ip', [
    'link',
    'add',
    ifA,
    'netns',
    nsA,
    'type',
    'veth',
    'peer',
    'name',
    ifB,
    'netns',
    nsB,
  ])
  await run('ip', ['-n', nsA, 'link', 'set', ifA, 'up'])
  await run('ip', ['-n', nsB, 'link', 'set', ifB, 'up'])
}

async function bridge(name: string) {
  await run('ip', ['-n', name, 'link', 'add', 'br0', 'type', 'bridge'])
  // mDNS needs multicast flooded; snooping without a querier would drop it.
  await run('ip', ['-n', name, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0'])
  await run('ip', ['-n', name, 'link', 'set', 'br0', 'up'])
}

/** Plugs namespace `name` into the bridge in `bridgeNs` as `ifname` with `addr`. */
async function plug(bridgeNs: string, name: string, role: string, ifname: string, addr: string) {
  const port = `p-${role}`
  await link(name, ifname, bridgeNs, port)
  await run('ip', ['-n', bridgeNs, 'link', 'set', port, 'master', 'br0'])
  await run('ip', ['-n', name, 'addr', 'add', addr, 'dev', ifname])
}

/**
 * The internet, the relay, and alice and bob each public or behind a NAT of the
 * given kind; the internet is PUBLIC_INTERNET when a router runs UPnP.
 */
export async function natLab(a: Side, b: Side): Promise<Lab> {
  const { prefix, ns, lab } = newLab()
  const internet = a === 'upnp' || b === 'upnp' ? PUBLIC_INTERNET : INTERNET
  try {
    const pub = await makeNamespace(ns, prefix, 'pub')
    await bridge(pub)
    const relay = await makeNamespace(ns, prefix, 'relay')
    await plug(pub, relay, 'relay', 'eth0', `${internet}.10/24`)
    const ip = {
      alice: await side(lab, prefix, internet, 'alice', 'nat-a', a, 2, 1),
      bob: await side(lab, prefix, internet, 'bob', 'nat-b', b, 3, 2),
    }
    const wan = { alice: `${internet}.2`, bob: `${internet}.3` }
    return { ...lab, ip, relayIp: `${internet}.10`, wan }
  } catch (err) {
    await lab.remove()
    throw err
  }
}

/** One client: on the internet at .host, or behind router `router` with LAN 10.99.lan.0/24. */
async function side(
  lab: LabBase,
  prefix: string,
  internet: string,
  client: string,
  router: string,
  kind: Side,
  host: number,
  lan: number,
): Promise<string> {
  const ns = lab.ns
  const pub = ns.pub as string
  const c = await makeNamespace(ns, prefix, client)
  if (kind === 'public') {
    await plug(pub, c, client, 'eth0', `${internet}.${host}/24`)
    return `${internet}.${host}`
  }
  const r = await makeNamespace(ns, prefix, router)
  await plug(pub, r, router, 'wan0', `${internet}.${host}/24`)
  await link(r, 'lan0', c, 'eth0')
  await run('ip', ['-n', r, 'addr', 'add', `10.99.${lan}.1/24`, 'dev', 'lan0'])
  await run('ip', ['-n', c, 'addr', 'add', `10.99.${lan}.2/24`, 'dev', 'eth0'])
  // The client's only way out is its router; the router knows only the lab's internet.
  await run('ip', ['-n', c, 'route', 'add', 'default', 'via', `10.99.${lan}.1`])
  await run('ip', ['netns', 'exec', r, 'sysctl', '-qw', 'net.ipv4.ip_forward=1'])
  const ipt = (...args: string[]) => run('ip', ['netns', 'exec', r, 'iptables', ...args])
  const masquerade = kind === 'symmetric' ? ['MASQUERADE', '--random-fully'] : ['MASQUERADE']
  await ipt(
    '-t',
    'nat',
    '-A',
    'POSTROUTING',
    '-s',
    `10.99.${lan}.0/24`,
    '-o',
    'wan0',
    '-j',
    ...masquerade,
  )
  // A stateful firewall: out from the LAN freely, in only for flows started inside.
  await ipt('-P', 'FORWARD', 'DROP')
  await ipt('-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT')
  await ipt('-A', 'FORWARD', '-i', 'lan0', '-o', 'wan0', '-j', 'ACCEPT')
  // The router itself silently drops whatever the internet sends it unasked.
  await ipt('-P', 'INPUT', 'DROP')
  await ipt('-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT')
  await ipt('-A', 'INPUT', '-i', 'lan0', '-j', 'ACCEPT')
  await ipt('-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT')
  if (kind === 'upnp') {
    // Inbound flows the router itself forwards (miniupnpd's DNAT) pass, as on any
    // home router with port forwarding.
    await ipt('-I', 'FORWARD', '-m', 'conntrack', '--ctstate', 'DNAT', '-j', 'ACCEPT')
    lab.upnpd[router] = await startUpnpd(r, lan)
  }
  return `10.99.${lan}.2`
}

/**
 * miniupnpd on router `r`: UPnP IGD (SSDP and SOAP) and NAT-PMP on its LAN side,
 * forwarding only to its LAN's own hosts (secure mode). It adds its DNAT rules to
 * nftables chains of its own, made here; the lab's iptables rules stay as they are.
 * It runs until the namespace is removed.
 */
async function startUpnpd(r: string, lan: number): Promise<string[]> {
  const nft = `
table inet filter {
  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
  chain miniupnpd {}
}
table inet nat {
  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
  chain prerouting_miniupnpd {}
  chain postrouting_miniupnpd {}
}
`
  await run('ip', ['netns', 'exec', r, 'nft', nft])
  const conf = [
    'ext_ifname=wan0',
    'listening_ip=lan0',
    'port=5000',
    'enable_upnp=yes',
    'enable_natpmp=yes',
    'secure_mode=yes',
    'upnp_table_name=filter',
    'upnp_nat_table_name=nat',
    `uuid=0c3a4b5e-0000-4000-8000-0000000000${String(lan).padStart(2, '0')}`,
    `allow 1024-65535 10.99.${lan}.0/24 1024-65535`,
    'deny 0-65535 0.0.0.0/0 0-65535',
  ].join('\n')
  const file = `/tmp/${r}-miniupnpd.conf`
  await writeFile(file, `${conf}\n`)
  const args = ['netns', 'exec', r, 'miniupnpd', '-d', '-f', file, '-P', `${file}.pid`]
  try {
    return (await startDaemon('miniupnpd', args, /HTTP listening on port/)).lines
  } finally {
    await rm(file, { force: true }) // read at start
  }
}

/** alice and bob on one LAN bridge, no router, no relay; multicast routed for mDNS. */
export async function lanLab(): Promise<Lab> {
  const { prefix, ns, lab } = newLab()
  try {
    const lan = await makeNamespace(ns, prefix, 'lan')
    await bridge(lan)
    const ip = { alice: '10.99.3.2', bob: '10.99.3.3' }
    for (const who of ['alice', 'bob'] as const) {
      const c = await makeNamespace(ns, prefix, who)
      await plug(lan, c, who, 'eth0', `${ip[who]}/24`)
      await run('ip', ['-n', c, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0'])
    }
    // No relay and no internet on a LAN: each is reached at its own address.
    return { ...lab, ip, relayIp: '', wan: { ...ip } }
  } catch (err) {
    await lab.remove()
    throw err
  }
}

/** Gives a NATed client a new LAN address (its old connections die with the old one). */
export async function renumber(lab: Lab, client: 'alice' | 'bob', newHost: number) {
  const c = lab.ns[client] as string
  const old = lab.ip[client]
  const net = old.split('.').slice(0, 3).join('.')
  // Deleting the old address takes the default route (and any secondary address) with it.
  await run('ip', ['-n', c, 'addr', 'del', `${old}/24`, 'dev', 'eth0'])
  await run('ip', ['-n', c, 'addr', 'add', `${net}.${newHost}/24`, 'dev', 'eth0'])
  await run('ip', ['-n', c, 'route', 'replace', 'default', 'via', `${net}.1`])
  lab.ip[client] = `${net}.${newHost}`
}

export interface Turn {
  /** For --turn: turn:USER:PASSWORD@HOST:PORT. */
  spec: string
  /** The same, as Settings (setTurnServers) takes it. */
  server: { urls: string[]; username: string; credential: string }
  lines: string[]
  stop(): Promise<void>
}

/**
 * coturn in the relay's namespace on `port` (UDP and TCP), with one static user.
 * Relaying to the clients' private 10.x addresses is refused: coturn would otherwise
 * tear the allocation down after failing to send to an unroutable host candidate.
 */
export async function startTurn(lab: Lab, dir: string, port = TURN_PORT): Promise<Turn> {
  const args = [
    ...['netns', 'exec', lab.ns.relay as string, 'turnserver', '-n', '--no-cli'],
    ...['--no-tls', '--no-dtls', '-L', lab.relayIp, '-p', String(port), '-X', lab.relayIp],
    ...['--min-port', '49152', '--max-port', '49300', '-a', '-u', 'parley:natlab', '-r', 'natlab'],
    `--allowed-peer-ip=${INTERNET}.0-${INTERNET}.255`,
    '--denied-peer-ip=10.0.0.0-10.255.255.255',
    ...['--pidfile', `${dir}/turnserver.pid`, '--db', `${dir}/turndb`],
    ...['--log-file', 'stdout', '--simple-log', '-v'],
  ]
  const daemon = await startDaemon('turnserver', args, /Total General servers/)
  return {
    spec: `turn:parley:natlab@${lab.relayIp}:${port}`,
    server: { urls: [`turn:${lab.relayIp}:${port}`], username: 'parley', credential: 'natlab' },
    ...daemon,
  }
}

/**
 * Runs `ip ARGS` (a daemon inside a namespace), resolving with its output lines so
 * far and a stop() once it prints `ready`; it is stopped and the promise rejected
 * if it exits first or is not ready within 10 s.
 */
async function startDaemon(
  name: string,
  args: string[],
  ready: RegExp,
): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const up = Promise.withResolvers<void>()
  for (const s of [child.stdout, child.stderr]) {
    createInterface({ input: s }).on('line', (line) => {
      lines.push(line)
      if (ready.test(line)) up.resolve()
    })
  }
  const exited = once(child, 'exit')
  exited.then(() => up.reject(new Error(`${name} exited:\n${lines.slice(-20).join('\n')}`)))
  const timer = setTimeout(
    () => up.reject(new Error(`${name} not ready within 10 s:\n${lines.slice(-20).join('\n')}`)),
    10_000,
  )
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const hard = setTimeout(() => child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(hard)
    }
  }
  try {
    await up.promise
  } catch (err) {
    await stop()
    throw err
  } finally {
    clearTimeout(timer)
  }
  return { lines, stop }
}

async function removeNamespace(name: string): Promise<void> {
  try {
    const pids = (await run('ip', ['netns', 'pids', name])).split('\n').filter(Boolean)
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL')
      } catch {
        // gone already
      }
    }
  } catch {
    // no such namespace
  }
  await run('ip', ['netns', 'del', name]).catch(() => {})
  live.delete(name)
}

function removeSync(name: string): void {
  try {
    const pids = execFileSync('ip', ['netns', 'pids', name], { timeout: 5_000 }).toString()
    for (const pid of pids.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL')
      } catch {}
    }
    execFileSync('ip', ['netns', 'del', name], { timeout: 5_000 })
  } catch {}
}
