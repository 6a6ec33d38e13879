import { describe, expect, it } from 'vitest'
import { IceServers } from './ice.ts'
import { isBetter } from './paths.ts'

describe('ICE servers', () => {
  it('are an empty list, never undefined, with no relay: no public STUN fallback', () => {
    const config = new IceServers().rtcConfiguration()
    expect(config.iceServers).toEqual([])
  })

  it('are the relays’ STUN servers, then TURN from settings', () => {
    const turn = { urls: ['turn:198.51.100.9:3478'], username: 'u', credential: 'p' }
    const ice = new IceServers([turn])
    ice.learned('relay-a', 'stun:198.51.100.7:3478')
    ice.learned('relay-b', 'stun:[2001:db8::7]:3478')
    ice.learned('relay-a', 'stun:198.51.100.8:3478') // the relay moved: the newest wins
    expect(ice.rtcConfiguration().iceServers).toEqual([
      { urls: ['stun:198.51.100.8:3478'] },
      { urls: ['stun:[2001:db8::7]:3478'] },
      turn,
    ])
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
