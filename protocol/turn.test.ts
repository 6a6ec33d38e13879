import { describe, expect, it } from 'vitest'
import { apiSchemas } from './api-schemas.ts'
import { MAX_TURN_SERVERS, turnUrlProblem } from './turn.ts'

describe('TURN servers', () => {
  it('are turn: or turns: URLs with a host, an optional port and transport', () => {
    for (const ok of [
      'turn:198.51.100.9:3478',
      'turn:turn.example',
      'turns:turn.example:5349?transport=tcp',
      'turn:[2001:db8::9]:3478?transport=udp',
    ]) {
      expect(turnUrlProblem(ok), ok).toBeUndefined()
    }
    for (const bad of [
      'stun:198.51.100.9:3478',
      'turn:',
      'turn:host:0',
      'turn:host:70000',
      'turn:user:pass@host:3478',
      'turn:host:3478?transport=sctp',
      'http://host',
      `turn:${'a'.repeat(300)}`,
    ]) {
      expect(turnUrlProblem(bad), bad).toBeDefined()
    }
  })

  it('are checked at the API boundary: URLs, username, credential, how many', () => {
    const server = { urls: ['turn:198.51.100.9:3478'], username: 'u', credential: 'p' }
    const parse = (servers: unknown) => apiSchemas.setTurnServers.safeParse({ servers })
    expect(parse([server]).success).toBe(true)
    expect(parse([{ urls: server.urls, username: 'u' }]).success).toBe(true) // keeps the saved one
    for (const bad of [
      [{ ...server, urls: [] }],
      [{ ...server, urls: ['stun:198.51.100.9:3478'] }],
      [{ ...server, username: '' }],
      [{ ...server, username: 'a\nb' }],
      [{ ...server, credential: '' }],
      [{ ...server, credential: 'x'.repeat(257) }],
      [{ ...server, extra: 1 }],
      Array(MAX_TURN_SERVERS + 1).fill(server),
    ]) {
      const result = parse(bad)
      expect(result.success, JSON.stringify(bad).slice(0, 80)).toBe(false)
    }
    expect(parse([{ ...server, urls: ['turn:h:99999'] }]).error?.issues[0]?.message).toMatch(
      /no such port/,
    )
  })
})
