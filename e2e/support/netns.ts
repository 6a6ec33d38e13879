// Network namespaces that a test creates for itself, so that multicast (mDNS) and
// address games never touch the machine's real network. Needs root and iproute2.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Namespace {
  name: string
  remove(): Promise<void>
}

/** Says why namespaces cannot be made here, or undefined when they can. */
export async function namespacesUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'network namespace tests need root'
  try {
    await run('ip', ['-V'])
  } catch {
    return 'network namespace tests need iproute2 (apt-get install iproute2)'
  }
  return undefined
}

/** A namespace with only a loopback interface, with multicast routed on it (an isolated LAN). */
export async function loopbackLan(): Promise<Namespace> {
  const name = `parley-${randomBytes(4).toString('hex')}`
  await run('ip', ['netns', 'add', name])
  const remove = async () => {
    await run('ip', ['netns', 'del', name]).catch(() => {})
  }
  try {
    await run('ip', ['-n', name, 'link', 'set', 'lo', 'up', 'multicast', 'on'])
    await run('ip', ['-n', name, 'route', 'add', '224.0.0.0/4', 'dev', 'lo'])
  } catch (err) {
    await remove()
    throw err
  }
  return { name, remove }
}
