import { describe, expect, it } from 'vitest'
import { parseTurn } from './host-options.ts'

describe('--turn', () => {
  it('reads turn:USER:PASSWORD@HOST:PORT', () => {
    expect(parseTurn('turn:alice:s3cret@turn.example:3478?transport=udp')).toEqual({
      urls: ['turn:turn.example:3478?transport=udp'],
      username: 'alice',
      credential: 's3cret',
    })
  })

  it('never shows the password when it refuses a value', () => {
    for (const spec of [
      'turn:alice:s3cret@turn.example', // no port
      'turn:alice:s3cret',
      'turnx:alice:s3cret@turn.example:3478',
      'turn:alice:s3cret@turn.example:3478?transport=sctp',
      'turn:alice:s3cret@@:3478',
    ]) {
      let message = ''
      try {
        parseTurn(spec)
      } catch (err) {
        message = (err as Error).message
      }
      expect(message, spec).not.toBe('')
      expect(message, spec).not.toContain('s3cret')
    }
  })
})
