import { describe, expect, it } from 'vitest'
import { Emitter } from './emitter.ts'

describe('emitter', () => {
  it('reports a listener that throws, and still runs the others and returns', () => {
    const failures: [string, unknown][] = []
    const events = new Emitter<{ stored: number }>((name, err) => failures.push([name, err]))
    const heard: number[] = []
    events.on('stored', () => {
      throw new Error('listener bug')
    })
    events.on('stored', (n) => heard.push(n))
    expect(() => events.emit('stored', 7)).not.toThrow()
    expect(heard).toEqual([7])
    expect(failures).toEqual([['stored', new Error('listener bug')]])
  })
})
