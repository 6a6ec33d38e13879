// The desktop app's main process, kept thin: the core runs in a utility process
// and each window talks to it over its own MessagePort; this process only opens
// windows, serves the UI from app://parley, keeps the tray and notifications, and
// stops the core cleanly on quit.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, type BrowserWindow, dialog, protocol, session } from 'electron'
import { followLock } from '../../protocol/follow-lock.ts'
import { connectApi } from '../../protocol/rpc.ts'
import { profileDir } from '../profiles.ts'
import { APP_SCHEME, serveAppRequest } from './app-protocol.ts'
import { parseDesktopArgs } from './args.ts'
import { type Attention, startAttention } from './attention.ts'
import { startCore } from './core-host.ts'
import { mainPortAdapter } from './main-port.ts'
import { allowPermission } from './policy.ts'
import { createWindow, guardContents } from './window.ts'

const CORE_STOP_MS = 5_000
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const rendererRoot = here('../renderer')
const preload = here('./preload.cjs')

let args: ReturnType<typeof parseDesktopArgs>
try {
  // In development argv[1] is the app's path: a positional, which the parser ignores.
  args = parseDesktopArgs(process.argv.slice(1))
} catch (err) {
  console.error(`parley: ${(err as Error).message}`)
  process.exit(2)
}
const dataDir = profileDir(args.profile)

// Per profile, before the lock is taken: the lock lives in userData, so two
// profiles run side by side while a second start of one profile finds the first.
app.setPath('userData', join(dataDir, 'electron'))
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  run()
}

function run(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
  app.enableSandbox()
  if (process.platform === 'win32') app.setAppUserModelId('org.parley.desktop')

  let fatal = false
  const fail = (message: string) => {
    if (fatal) return
    fatal = true
    dialog.showErrorBox('Parley cannot go on', message)
    app.quit()
  }
  let attention: Attention | undefined
  const core = startCore(
    {
      dataDir,
      relay: args.relay,
      listen: args.listen,
      mdns: args.mdns,
      passphrase: args.passphrase,
    },
    {
      onNotice(notice) {
        fail(`The profile "${args.profile}" could not open: ${notice.message}`)
      },
      onUnexpectedExit: (code) => fail(`The Parley core stopped unexpectedly (exit code ${code}).`),
    },
  )

  let window: BrowserWindow | undefined
  const showWindow = () => {
    if (!app.isReady()) return
    if (!window || window.isDestroyed()) {
      window = createWindow(preload, () => core.connect())
      window.on('closed', () => {
        window = undefined
      })
      return
    }
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  app.on('second-instance', showWindow)
  app.on('activate', showWindow)
  app.on('web-contents-created', (_event, contents) => guardContents(contents))
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Quit only once the core has closed its LevelDB (or the deadline passed).
  // Electron turns SIGINT/SIGTERM into a quit too, so this covers Ctrl-C.
  let quitting = false
  let coreStopped = false
  app.on('before-quit', (event) => {
    if (coreStopped) return
    event.preventDefault()
    if (quitting) return
    quitting = true
    attention?.destroy()
    attention = undefined
    void core.stop(CORE_STOP_MS).then(() => {
      coreStopped = true
      app.quit()
    })
  })

  app
    .whenReady()
    .then(async () => {
      protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url))
      session.defaultSession.setPermissionRequestHandler(
        (_contents, permission, callback, details) =>
          callback(allowPermission(permission, details.requestingUrl)),
      )
      session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
        allowPermission(permission, origin),
      )
      showWindow()
      // The main process's own client, for the tray and notifications: they
      // need the profile's data, so they come and go with its lock.
      const api = connectApi(mainPortAdapter(core.connect()))
      await api.ready
      await followLock(api, {
        unlocked() {
          if (!quitting) attention ??= startAttention(api, showWindow)
        },
        locked() {
          attention?.destroy()
          attention = undefined
        },
      })
    })
    .catch((err: Error) => {
      // The core closed before greeting: it failed, and says so with a 'failed' notice.
      console.error(`parley: ${err.message}`)
    })
}
