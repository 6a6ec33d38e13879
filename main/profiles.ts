// Where profiles live on disk. Every host (browser mode, the desktop app, the CLI)
// resolves a profile name the same way, so one profile opens in either.
import { readdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/

/** PARLEY_HOME, else the platform's per-user data directory. */
export function parleyHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PARLEY_HOME) return env.PARLEY_HOME
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Parley')
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Parley')
    default:
      return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'parley')
  }
}

export function checkProfileName(name: string): string | undefined {
  return PROFILE_NAME.test(name)
    ? undefined
    : `profile name "${name}" must be 1-32 of a-z, 0-9, "-" and "_", starting with a letter or digit`
}

export interface ProfileEntry {
  name: string
  /** 'new': no passphrase chosen yet (or a profile from before passphrases). */
  lock: 'passphrase' | 'none' | 'new' | 'damaged'
}

/** The profiles in PARLEY_HOME, by name. Reads only their key files: nothing is unlocked. */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileEntry[]> {
  const root = join(parleyHome(env), 'profiles')
  const entries = await readdir(root, { withFileTypes: true }).catch(() => [])
  // Loaded here only: resolving a profile's folder needs none of the core.
  const { readKeyring } = await import('./core/vault/keyring.ts')
  const names = entries
    .filter((e) => e.isDirectory() && checkProfileName(e.name) === undefined)
    .map((e) => e.name)
    .sort()
  return Promise.all(
    names.map(async (name): Promise<ProfileEntry> => {
      const keyring = await readKeyring(join(root, name)).catch(() => 'damaged' as const)
      if (keyring === 'damaged') return { name, lock: keyring }
      return { name, lock: keyring === null ? 'new' : keyring.protected ? 'passphrase' : 'none' }
    }),
  )
}

/** The profile's directory: its LevelDB and anything else the profile owns. */
export function profileDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const problem = checkProfileName(name)
  if (problem) throw new Error(problem)
  return join(parleyHome(env), 'profiles', name)
}
