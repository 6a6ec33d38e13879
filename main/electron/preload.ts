// The sandboxed preload: all the page gets from the desktop app is a marker that it
// runs there, and the MessagePort to the core, handed on with window.postMessage
// (ports cannot cross the context bridge). No ipcRenderer, no send, no invoke.
import { contextBridge, ipcRenderer } from 'electron'

contextBridge.exposeInMainWorld('parleyDesktop', { desktop: true })

ipcRenderer.on('parley:port', (event) => {
  window.postMessage({ type: 'parley:port' }, '*', event.ports)
})
