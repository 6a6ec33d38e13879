// `npm start -- [--profile NAME] [core options]`: the desktop app where an Electron
// binary is installed, else browser mode with the same arguments. Never requires
// 'electron' from here: that would try to download the binary, which fails offline.
// Runs under Node's own type stripping (`node main/start.ts`): no tsx.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { build as buildUi } from 'vite'
import { buildElectron, buildPrograms, programPath } from './build.ts'
import { electronBinary } from './electron/binary.ts'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)

async function buildRenderer(): Promise<void> {
  await buildUi({
    configFile: fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  })
}

function run(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn(command, argv, { cwd: repoRoot, stdio: 'inherit', env })
  // Ctrl-C reaches the child from the terminal already; a second SIGINT would make
  // Electron skip its clean shutdown, so SIGINT is only waited out. A SIGTERM sent
  // to this process alone is passed on.
  process.on('SIGINT', () => {})
  process.once('SIGTERM', () => child.kill('SIGTERM'))
  child.on('exit', (code) => process.exit(code ?? 1))
  child.on('error', (err) => {
    console.error(`parley: cannot start ${command}: ${err.message}`)
    process.exit(1)
  })
}

try {
  const binary = electronBinary()
  await buildRenderer()
  if (binary) {
    await buildElectron()
    const { ELECTRON_RUN_AS_NODE: _, ...env } = process.env
    // '.': the app is this package; its "main" is dist/electron/main.mjs.
    run(binary, ['.', ...args], env)
  } else {
    console.log(
      'parley: no Electron binary here (it cannot be downloaded); starting browser mode instead',
    )
    await buildPrograms()
    run(process.execPath, [programPath('host'), ...args])
  }
} catch (err) {
  console.error(`parley: cannot build the app: ${(err as Error).message}`)
  process.exit(1)
}
