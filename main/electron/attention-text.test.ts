import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../protocol/api.ts'
import {
  messageNotification,
  notificationBody,
  preview,
  senderName,
  totalUnread,
  trayTooltip,
} from './attention-text.ts'

const conversation = (unread: number) => ({ unread }) as Conversation
const alice = {
  peerId: '12D3KooWabc',
  displayName: 'Alice',
  state: 'accepted' as const,
  labels: [],
  addedAt: 0,
}

describe('tray and notification text', () => {
  it('sums the unread messages and says so', () => {
    expect(totalUnread([])).toBe(0)
    expect(totalUnread([conversation(2), conversation(0), conversation(3)])).toBe(5)
    expect(trayTooltip(0)).toBe('Parley')
    expect(trayTooltip(1)).toBe('Parley: 1 unread message')
    expect(trayTooltip(5)).toBe('Parley: 5 unread messages')
  })

  it('names the sender by display name, else by the end of the peer id', () => {
    expect(senderName([alice], '12D3KooWabc')).toBe('Alice')
    expect(senderName([{ ...alice, nickname: 'Al' }], '12D3KooWabc')).toBe('Al')
    const contacts = [alice]
    expect(senderName(contacts, '12D3KooWxyz12345678')).toBe('12D3KooW…345678')
  })

  it('says what a request, an acceptance or a changed safety number means', () => {
    expect(notificationBody({ text: 'hi' })).toBe('hi')
    expect(notificationBody({ kind: 'request', text: 'it is Bob' })).toBe(
      'Friend request: it is Bob',
    )
    expect(notificationBody({ kind: 'accept', text: '' })).toBe('Accepted your friend request')
    expect(notificationBody({ kind: 'identity-changed', text: '' })).toBe(
      'Your safety number has changed',
    )
  })

  it('titles a group message with the group, and names its sender in the body', () => {
    const message = { sender: alice.peerId, text: 'on my way' }
    expect(messageNotification([alice], message, { kind: 'direct' })).toEqual({
      title: 'Alice',
      body: 'on my way',
    })
    expect(messageNotification([alice], message, { kind: 'group', name: 'Climbing' })).toEqual({
      title: 'Climbing',
      body: 'Alice: on my way',
    })
    const announce = {
      sender: alice.peerId,
      kind: 'group' as const,
      text: '',
      groupNotice: { type: 'announce' as const, by: alice.peerId, text: 'Gym closed on Friday' },
    }
    expect(messageNotification([alice], announce, { kind: 'group', name: 'Climbing' })).toEqual({
      title: 'Climbing',
      body: 'Alice: announced: Gym closed on Friday',
    })
  })

  it('previews one line, cut between characters', () => {
    expect(preview('  hello\n\nworld  ')).toBe('hello world')
    const long = '😀'.repeat(200)
    const cut = preview(long)
    expect([...cut]).toHaveLength(120)
    expect(cut.endsWith('😀…')).toBe(true)
  })
})
