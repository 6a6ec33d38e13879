import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../protocol/api.ts'
import { preview, senderName, totalUnread, trayTooltip } from './attention-text.ts'

const conversation = (unread: number) => ({ unread }) as Conversation

describe('tray and notification text', () => {
  it('sums the unread messages and says so', () => {
    expect(totalUnread([])).toBe(0)
    expect(totalUnread([conversation(2), conversation(0), conversation(3)])).toBe(5)
    expect(trayTooltip(0)).toBe('Parley')
    expect(trayTooltip(1)).toBe('Parley: 1 unread message')
    expect(trayTooltip(5)).toBe('Parley: 5 unread messages')
  })

  it('names the sender by display name, else by the end of the peer id', () => {
    const contacts = [{ peerId: '12D3KooWabc', displayName: 'Alice', addedAt: 0 }]
    expect(senderName(contacts, '12D3KooWabc')).toBe('Alice')
    expect(senderName(contacts, '12D3KooWxyz12345678')).toBe('…12345678')
  })

  it('previews one line, cut between characters', () => {
    expect(preview('  hello\n\nworld  ')).toBe('hello world')
    const long = '😀'.repeat(200)
    const cut = preview(long)
    expect([...cut]).toHaveLength(120)
    expect(cut.endsWith('😀…')).toBe(true)
  })
})
