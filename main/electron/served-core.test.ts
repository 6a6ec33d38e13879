import { describe, expect, it } from 'vitest'
import { apiSchemas } from '../../protocol/api.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'
import { noticingReads } from './served-core.ts'

describe('the core as served to windows', () => {
  it('reports a read after it is stored, and passes every other call through', async () => {
    const calls: string[] = []
    // A class with private state: methods must stay bound to it.
    class Core {
      #reads = 0
      async markRead() {
        this.#reads++
        calls.push(`markRead ${this.#reads}`)
      }
      async identity() {
        return { peerId: `me after ${this.#reads} reads`, addresses: [] }
      }
      on() {
        return () => {}
      }
    }
    const proto = Core.prototype as unknown as Record<string, unknown>
    for (const method of Object.keys(apiSchemas)) proto[method] ??= async () => method
    const served = noticingReads(new Core() as unknown as ParleyCore, () => calls.push('read'))
    await served.markRead({ conversationId: 'c' })
    expect(calls).toEqual(['markRead 1', 'read'])
    expect(await served.identity({})).toEqual({ peerId: 'me after 1 reads', addresses: [] })
    expect(await served.contacts({})).toBe('contacts')
    expect(typeof served.on('message', () => {})).toBe('function')
  })
})
