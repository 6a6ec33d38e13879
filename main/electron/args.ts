// The desktop app's command line: `--profile NAME` plus the core's options, the
// same as browser mode's. Electron and Chromium put switches of their own on the
// command line (and tests add more), so anything else is ignored rather than refused.
import { parseArgs } from 'node:util'
import { checkProfileName } from '../profiles.ts'

export interface DesktopArgs {
  profile: string
  relay: string[]
  listen?: string[]
  mdns: boolean
  /** false (--no-passphrase): a new profile is created without asking for one. */
  passphrase: boolean
}

/** Parses `argv` (without the executable); throws with a one-line reason. */
export function parseDesktopArgs(argv: string[]): DesktopArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: 'default' },
      relay: { type: 'string', multiple: true, default: [] },
      listen: { type: 'string', multiple: true },
      mdns: { type: 'boolean', default: true },
      passphrase: { type: 'boolean', default: true },
    },
    allowNegative: true,
    allowPositionals: true,
    strict: false,
  })
  const { profile, relay, listen, mdns, passphrase } = values
  // Not strict, so a value-less `--profile` comes back as `true`: refuse it.
  if (typeof profile !== 'string') throw new Error('--profile needs a name')
  const problem = checkProfileName(profile)
  if (problem) throw new Error(problem)
  const strings = (name: string, list: unknown) => {
    if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
      throw new Error(`--${name} needs a value`)
    }
    return list as string[]
  }
  return {
    profile,
    relay: strings('relay', relay),
    ...(listen === undefined ? {} : { listen: strings('listen', listen) }),
    mdns: mdns !== false,
    passphrase: passphrase !== false,
  }
}
