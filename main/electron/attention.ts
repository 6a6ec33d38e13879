// The tray icon with the unread count, and a native notification for each message
// that arrives while no window has focus. Driven by events, never by polling: the
// count is recomputed whenever a conversation's summary changes (a message, a read).
import { app, BrowserWindow, Menu, Notification, nativeImage, Tray } from 'electron'
import type { Contact, Message } from '../../protocol/api.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'
import { preview, senderName, totalUnread, trayTooltip } from './attention-text.ts'
import { trayIconDataUrl } from './tray-icon.ts'

export interface Attention {
  destroy(): void
}

export function startAttention(core: ParleyCore, showWindow: () => void): Attention {
  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl()))
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Parley', click: showWindow },
      { type: 'separator' },
      { label: 'Quit Parley', role: 'quit' },
    ]),
  )
  tray.on('click', showWindow)

  // Only the latest recount is shown: answers may come back out of order.
  let latest = 0
  const recount = async () => {
    const mine = ++latest
    const unread = totalUnread(await core.conversations({}))
    if (mine !== latest || tray.isDestroyed()) return
    tray.setToolTip(trayTooltip(unread))
    tray.setTitle(unread > 0 ? String(unread) : '') // macOS menu bar only
    app.setBadgeCount(unread)
  }

  let contacts: Contact[] = []
  const loadContacts = async () => {
    contacts = await core.contacts({})
  }
  // Held until closed: a notification that is garbage-collected loses its click handler.
  const shown = new Set<Notification>()
  const notify = async (message: Message) => {
    if (!contacts.some((c) => c.peerId === message.peerId)) await loadContacts()
    const notification = new Notification({
      title: senderName(contacts, message.peerId),
      body: preview(message.text),
    })
    const forget = () => shown.delete(notification)
    notification.on('click', () => {
      forget()
      showWindow()
    })
    notification.on('close', forget)
    shown.add(notification)
    notification.show()
  }

  const report = (err: unknown) => console.error(`parley: tray: ${(err as Error).message}`)
  const unsubscribe = [
    core.on('conversation', () => recount().catch(report)),
    core.on('message', (message) => {
      const unfocused = BrowserWindow.getFocusedWindow() === null
      if (message.direction === 'in' && unfocused && Notification.isSupported()) {
        notify(message).catch(report)
      }
    }),
    core.on('contact', (contact) => {
      contacts = [...contacts.filter((c) => c.peerId !== contact.peerId), contact]
    }),
  ]
  recount().catch(report)
  loadContacts().catch(report)

  return {
    destroy() {
      for (const stop of unsubscribe) stop()
      tray.destroy()
    },
  }
}
