import { describe, expect, it } from 'vitest'
import { IceServers, turnView, withCredentials } from './ice.ts'
import { isBetter } from './paths.ts'

const stun = (host: string, port = 3478) => ({ url: `stun:${host}:${port}`, host, port })

describe('ICE servers', () => {
  it('are an empty list, never undefined, with no relay: no public STUN fallback', () => {
    const config = new IceServers().rtcConfiguration()
    expect(config.iceServers).toEqual([])
  })

  it('are the relays’ STUN servers, then TURN from settings', () => {
    const turn = { urls: ['turn:198.51.100.9:3478'], username: 'u', credential: 'p' }
    const ice = new IceServers([turn])
    ice.learned('relay-a', stun('198.51.100.7'))
    ice.learned('relay-b', { url: 'stun:[2001:db8::7]:3478', host: '2001:db8::7', port: 3478 })
    ice.learned('relay-a', stun('198.51.100.8')) // the relay moved: the newest wins
    expect(ice.rtcConfiguration().iceServers).toEqual([
      { urls: ['stun:198.51.100.8:3478'] },
      { urls: ['stun:[2001:db8::7]:3478'] },
      turn,
    ])
    const next = { urls: ['turns:turn.example:5349'], username: 'v', credential: 'q' }
    ice.setTurn([next])
    expect(ice.rtcConfiguration().iceServers?.at(-1)).toEqual(next)
  })

  it('track each relay’s STUN reachability, and tell when it changes', () => {
    let changes = 0
    const ice = new IceServers([], () => changes++)
    expect(ice.reachability('relay-a')).toBe('unknown')
    ice.learned('relay-a', { ...stun('198.51.100.7'), altPort: 3479 })
    expect(ice.endpoints()).toEqual([
      { relayId: 'relay-a', host: '198.51.100.7', port: 3478 },
      { relayId: 'relay-a', host: '198.51.100.7', port: 3479 },
    ])
    ice.answered('relay-a', true)
    expect(ice.reachability('relay-a')).toBe('reachable')
    // Asked again on a new connection to the same relay: still reachable, no change.
    const before = changes
    ice.learned('relay-a', { ...stun('198.51.100.7'), altPort: 3479 })
    ice.answered('relay-a', true)
    expect([ice.reachability('relay-a'), changes]).toEqual(['reachable', before])
    ice.answered('relay-a', false)
    expect(ice.reachability('relay-a')).toBe('unreachable')
    ice.noStun('relay-a')
    expect(ice.reachability('relay-a')).toBe('none')
    expect(ice.endpoints()).toEqual([])
    // Only IPv4 endpoints are asked: NAT types are an IPv4 matter.
    ice.learned('relay-b', { url: 'stun:[2001:db8::7]:3478', host: '2001:db8::7', port: 3478 })
    expect(ice.endpoints()).toEqual([])
  })
})

describe('TURN servers from settings', () => {
  const saved = [{ urls: ['turn:198.51.100.9:3478'], username: 'u', credential: 'secret' }]

  it('are shown without their credentials', () => {
    expect(turnView(saved)).toEqual([{ urls: ['turn:198.51.100.9:3478'], username: 'u' }])
    expect(JSON.stringify(turnView(saved))).not.toContain('secret')
  })

  it('keep a saved credential when given none, and need one otherwise', () => {
    expect(withCredentials([{ urls: saved[0]?.urls ?? [], username: 'u' }], saved)).toEqual(saved)
    const fresh = { urls: ['turn:198.51.100.10:3478'], username: 'w', credential: 'x' }
    expect(withCredentials([fresh], saved)).toEqual([fresh])
    // Another username on the same URL is another account: its credential is not known.
    expect(() => withCredentials([{ urls: saved[0]?.urls ?? [], username: 'z' }], saved)).toThrow(
      /needs a credential/,
    )
  })
})

describe('path ranking', () => {
  it('is lan > direct > webrtc > relayed', () => {
    const order = ['lan', 'direct', 'webrtc', 'relayed'] as const
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) expect(isBetter(a, b)).toBe(i < j)
    }
  })
})
