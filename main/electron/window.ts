// The UI's window and the rules every web page of the app lives by: sandboxed, no
// Node, no navigation away from app://parley, no new windows, no webviews; web
// links go to the system browser.
import { BrowserWindow, type MessagePortMain, shell, type WebContents } from 'electron'
import { APP_ORIGIN, isAppUrl } from './app-protocol.ts'
import { externalUrl } from './policy.ts'

function openExternally(url: string): void {
  const safe = externalUrl(url)
  if (safe) void shell.openExternal(safe)
}

/** Applied to every WebContents the app creates (app.on('web-contents-created')). */
export function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return
    event.preventDefault()
    openExternally(event.url)
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Opens the UI. `connect` makes a channel to the core; its other end goes to each
 * page that loads (a reload gets a fresh one, the old one closes with its page).
 */
export function createWindow(preload: string, connect: () => MessagePortMain): BrowserWindow {
  const win = new BrowserWindow({
    width: 1024,
    height: 720,
    minWidth: 420,
    minHeight: 420,
    title: 'Parley',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('did-finish-load', () => {
    win.webContents.postMessage('parley:port', null, [connect()])
  })
  win.loadURL(`${APP_ORIGIN}/index.html`).catch((err: Error) => {
    console.error(`parley: cannot load the UI: ${err.message}`)
  })
  return win
}
