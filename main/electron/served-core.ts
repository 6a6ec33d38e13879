// The core as the utility process serves it to windows: the same API, except that
// marking a conversation read is also reported, so that the main process recounts
// the unread messages its tray shows (the API has no event for reads).
import { type ApiMethod, apiSchemas, type ParleyApi } from '../../protocol/api.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'

export function noticingReads(core: ParleyCore, onRead: () => void): ParleyCore {
  // Bound one by one, so it works whatever object (plain or class) the core is.
  const methods = Object.fromEntries(
    (Object.keys(apiSchemas) as ApiMethod[]).map((m) => [m, core[m].bind(core)]),
  ) as unknown as ParleyApi
  return {
    ...methods,
    on: core.on.bind(core),
    async markRead(params) {
      await core.markRead(params)
      onRead()
    },
  }
}
