// The messages between the main process and the core's utility process, checked on
// arrival at both ends. API calls never travel here: only on the MessagePorts that
// 'connect' hands over.
import * as z from 'zod'

export const coreCommand = z.discriminatedUnion('type', [
  /** The first message: which profile to open and the core's command-line options. */
  z.object({
    type: z.literal('start'),
    dataDir: z.string().min(1),
    relay: z.array(z.string()),
    listen: z.array(z.string()).optional(),
    mdns: z.boolean(),
    /** false: create a new profile without a passphrase instead of asking for one. */
    passphrase: z.boolean(),
  }),
  /** Serve the API on the MessagePort transferred with this message. */
  z.object({ type: z.literal('connect') }),
  /** Close the core (LevelDB included) and exit. */
  z.object({ type: z.literal('stop') }),
])

export type CoreCommand = z.infer<typeof coreCommand>
export type CoreStart = Omit<Extract<CoreCommand, { type: 'start' }>, 'type'>

export const coreNotice = z.discriminatedUnion('type', [
  /** The core could not start (e.g. the profile is open in another program). */
  z.object({ type: z.literal('failed'), message: z.string() }),
])

export type CoreNotice = z.infer<typeof coreNotice>
