// Where profiles live on disk. Every host (browser mode, the desktop app, the CLI)
// resolves a profile name the same way, so one profile opens in either.
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

/** The profile's directory: its LevelDB and anything else the profile owns. */
export function profileDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const problem = checkProfileName(name)
  if (problem) throw new Error(problem)
  return join(parleyHome(env), 'profiles', name)
}
