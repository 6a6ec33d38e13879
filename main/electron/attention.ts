// The tray icon with the unread count, and a native notification for each message
// and friend request the core calls for attention that arrives while no window
// has focus. Driven by events, never by polling: the count is recomputed
// whenever a conversation's summary changes.
import { app, BrowserWindow, Menu, Notification, nativeImage, Tray } from 'electron'
import type { Contact } from '../../protocol/api.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'
import {
  messageNotification,
  notificationBody,
  senderName,
  totalUnread,
  trayTooltip,
} from './attention-text.ts'
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
  const notify = async (
    peerId: string,
    words: (contacts: Contact[]) => { title: string; body: string },
  ) => {
    if (!contacts.some((c) => c.peerId === peerId)) await loadContacts()
    const notification = new Notification(words(contacts))
    const forget = () => shown.delete(notification)
    notification.on('click', () => {
      forget()
      showWindow()
    })
    notification.on('close', forget)
    shown.add(notification)
    notification.show()
  }

  const unfocused = () => BrowserWindow.getFocusedWindow() === null && Notification.isSupported()
  const report = (err: unknown) => console.error(`parley: tray: ${(err as Error).message}`)
  const unsubscribe = [
    core.on('conversation', () => recount().catch(report)),

    core.on('contact', (contact) => {
      contacts = [...contacts.filter((c) => c.peerId !== contact.peerId), contact]
    }),
    // The core says what is worth a notification: a flood of strangers' requests makes
    // few, and a muted conversation's messages only those that mention us.
    core.on('attention', (attention) => {
      if (!unfocused()) return
      if (attention.kind === 'request') {
        const { peerId, greeting } = attention
        const body = notificationBody({ kind: 'request', text: greeting })
        notify(peerId, (known) => ({ title: senderName(known, peerId), body })).catch(report)
      } else {
        const { message, conversation } = attention
        notify(message.sender, (known) => messageNotification(known, message, conversation)).catch(
          report,
        )
      }
    }),
    core.on('contactRemoved', ({ peerId }) => {
      contacts = contacts.filter((c) => c.peerId !== peerId)
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
