// Where the Electron executable is, found the way the `electron` package's index.js
// finds it but without its fallback of downloading one: requiring 'electron' from
// plain Node downloads the binary when it is missing, which fails offline.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The installed `electron` package (resolving its package.json runs none of its code). */
export const ELECTRON_PACKAGE = dirname(
  createRequire(import.meta.url).resolve('electron/package.json'),
)

/** The executable that `require('electron')` would name without downloading, or undefined. */
export function electronBinary(
  env: NodeJS.ProcessEnv = process.env,
  packageDir: string = ELECTRON_PACKAGE,
): string | undefined {
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override
    ? join(override, relative || 'electron')
    : relative && join(packageDir, 'dist', relative)
  return binary && existsSync(binary) ? binary : undefined
}
