import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRelayInfo, encodeRelayInfo, stunUrl } from './relay-info.ts'

const relayId = '12D3KooWRBhwfeP2Y9CDkFRBAZ1pmxUadH36TKuk3KtKm5XXP8mA'

describe('relay info', () => {
  it('round-trips, ignores unknown fields, refuses what is malformed', () => {
    expect(decodeRelayInfo(encodeRelayInfo({ stunPort: 3478 }))).toEqual({ stunPort: 3478 })
    expect(decodeRelayInfo(encodeRelayInfo({}))).toEqual({})
    const both = { stunPort: 3478, stunAltPort: 3479 }
    expect(decodeRelayInfo(encodeRelayInfo(both))).toEqual(both)
    const future = new TextEncoder().encode('{"stunPort":1,"turn":true}')
    expect(decodeRelayInfo(future)).toEqual({ stunPort: 1 })
    for (const bad of [
      '',
      'null',
      '[]',
      '{"stunPort":0}',
      '{"stunPort":70000}',
      '{"stunPort":"1"}',
      '{"stunPort":1,"stunAltPort":0}',
    ]) {
      expect(decodeRelayInfo(new TextEncoder().encode(bad))).toBeUndefined()
    }
    expect(decodeRelayInfo(new Uint8Array([0xff, 0xfe]))).toBeUndefined()
    expect(decodeRelayInfo(new Uint8Array(2000).fill(0x20))).toBeUndefined()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void decodeRelayInfo(b)))
  })

  it('puts the announced port on the host of the relay address', () => {
    expect(stunUrl(`/ip4/172.31.0.10/tcp/4001/p2p/${relayId}`, 3478)).toBe('stun:172.31.0.10:3478')
    expect(stunUrl(`/ip6/2001:db8::7/tcp/4001/p2p/${relayId}`, 9)).toBe('stun:[2001:db8::7]:9')
    expect(stunUrl(`/dns4/relay.example/tcp/443/wss/p2p/${relayId}`, 3478)).toBe(
      'stun:relay.example:3478',
    )
    expect(stunUrl('not a multiaddr', 3478)).toBeUndefined()
    expect(stunUrl(`/p2p/${relayId}`, 3478)).toBeUndefined()
  })
})
