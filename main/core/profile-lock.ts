// The core as hosts serve it: a profile's lock in front of the client. It starts
// with the profile locked (its identity key is sealed, so there is no libp2p node
// yet) and answers only the lock methods; every other call fails with 'locked'.
// The right passphrase unseals the data key and starts the client on the sealed
// store; its events then flow to every port already served.

import {
  ApiError,
  EVENT_NAMES,
  type LockApi,
  type LockStatus,
  type ParleyApi,
  type ParleyEvents,
} from '../../protocol/api.ts'
import { apiSchemas } from '../../protocol/api-schemas.ts'
import { Emitter, type Unsubscribe } from '../../protocol/emitter.ts'
import type { ParleyCore } from '../../protocol/rpc.ts'
import { type ClientOptions, createClient, type ParleyClient } from './client.ts'
import { checkListen, relayPeerId } from './net/addrs.ts'
import { ProfileStore } from './store/profile-store.ts'
import type { DataKey } from './vault/data-key.ts'
import { WrongPassphrase } from './vault/keyring.ts'
import { SealedLevel } from './vault/sealed-level.ts'
import { ResealFailed, Vault } from './vault/vault.ts'

export interface ProfileOptions extends ClientOptions {
  /** The profile's folder: its LevelDB and keyring.json. */
  dataDir: string
  /** Create a new profile without a passphrase at once, rather than wait for createLock. */
  createUnprotected?: boolean
}

export interface ProfileCore extends ParleyCore {
  /** Stops the client if it runs, and closes the profile. */
  stop(): Promise<void>
}

/** Opens the profile (failing if another process has it) and unlocks it at once if it has no passphrase. */
export async function openProfile(options: ProfileOptions): Promise<ProfileCore> {
  // A bad --relay or --listen is the host's mistake: say so now, not at unlock.
  for (const r of options.relays ?? []) relayPeerId(r)
  for (const l of options.listen ?? []) checkListen(l)
  const vault = await Vault.open(options.dataDir)
  const lock = new ProfileLock(vault, options)
  try {
    if (vault.isNew && options.createUnprotected) await lock.createLock({ passphrase: null })
    else if (!vault.isNew && !vault.protected) await lock.unlock({ passphrase: '' })
  } catch (err) {
    await vault.close()
    throw err
  }
  const forward = Object.fromEntries(
    Object.keys(apiSchemas).map((method) => [
      method,
      (params: unknown) => lock.forward(method as keyof ParleyApi, params),
    ]),
  ) as unknown as ParleyApi
  return {
    ...forward,
    lockState: async () => lock.called(() => lock.status()),
    createLock: (params) => lock.createLock(params),
    unlock: (params) => lock.unlock(params),
    changePassphrase: (params) => lock.changePassphrase(params),
    lock: () => lock.lock(),
    on: (name, listener) => lock.events.on(name, listener),
    stop: () => lock.stop(),
  }
}

class ProfileLock implements Omit<LockApi, 'lockState' | 'lock'> {
  readonly events = new Emitter<ParleyEvents>()
  private client: ParleyClient | undefined
  private key: DataKey | undefined
  private forwarding: Unsubscribe[] = []
  /** Lock operations run one at a time (so do unlock attempts); this settles when the last has. */
  private busy: Promise<unknown> = Promise.resolve()
  /** When a call last came or was answered: the client's network waits for a quiet spell. */
  private lastCall = 0

  constructor(
    private readonly vault: Vault,
    private readonly options: ProfileOptions,
  ) {}

  status(): LockStatus {
    const state = this.client ? 'unlocked' : this.vault.isNew ? 'new' : 'locked'
    return { state, protected: this.vault.protected }
  }

  /** Runs a UI's call, noting when it came and when it was answered. */
  async called<T>(call: () => T | Promise<T>): Promise<T> {
    this.lastCall = performance.now()
    try {
      return await call()
    } finally {
      this.lastCall = performance.now()
    }
  }

  forward(method: keyof ParleyApi, params: unknown): Promise<unknown> {
    return this.called(() => this.run(method, params))
  }

  private async run(method: keyof ParleyApi, params: unknown): Promise<unknown> {
    // A passphrase change restarts the client: calls meanwhile wait for it.
    await this.busy
    const client = this.client
    if (!client) {
      throw new ApiError(
        'locked',
        this.vault.isNew
          ? 'this profile is not set up yet: choose a passphrase (or none) first'
          : 'this profile is locked: unlock it with its passphrase first',
      )
    }
    return (client[method] as (p: unknown) => Promise<unknown>).call(client, params)
  }

  createLock({ passphrase }: { passphrase: string | null }): Promise<LockStatus> {
    return this.serially(async () => {
      if (!this.vault.isNew) {
        throw new ApiError('bad-request', 'this profile is set up already: change its passphrase')
      }
      await this.start(await this.vault.create(passphrase))
      return this.announce()
    })
  }

  unlock({ passphrase }: { passphrase: string }): Promise<LockStatus> {
    return this.serially(async () => {
      if (this.client) return this.status()
      if (this.vault.isNew) {
        throw new ApiError('bad-request', 'this profile has no passphrase yet: create one first')
      }
      let key: DataKey
      try {
        key = await this.vault.unlock(this.vault.protected ? passphrase : null)
      } catch (err) {
        throw err instanceof WrongPassphrase
          ? new ApiError('wrong-passphrase', 'wrong passphrase: the profile stays locked')
          : err
      }
      await this.start(key)
      return this.announce()
    })
  }

  changePassphrase({
    current,
    next,
  }: {
    current: string | null
    next: string | null
  }): Promise<LockStatus> {
    return this.serially(async () => {
      if (!this.client) throw new ApiError('locked', 'unlock the profile first')
      let key: DataKey
      try {
        // The client runs on while the passphrases are checked and derived; it
        // stops only for the reseal itself, so nothing writes under the old key.
        key = await this.vault.change(current, next, () => this.close())
      } catch (err) {
        if (err instanceof WrongPassphrase) {
          throw new ApiError('wrong-passphrase', 'the current passphrase is wrong: nothing changed')
        }
        if (!(err instanceof ResealFailed)) {
          this.announce() // the client may have stopped
          throw err
        }
        if (err.runOn) await this.start(err.runOn)
        this.announce()
        const now =
          err.passphrase === 'old'
            ? 'the passphrase is unchanged'
            : 'the new passphrase opens the profile from now on'
        throw new ApiError('internal', `could not change the passphrase (${now}): ${err.message}`)
      }
      await this.start(key)
      // Still unlocked; `protected` may have changed.
      return this.announce()
    })
  }

  lock(): Promise<LockStatus> {
    return this.serially(async () => {
      if (!this.vault.protected) {
        throw new ApiError('bad-request', 'this profile has no passphrase: set one to lock it')
      }
      await this.close()
      return this.announce()
    })
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      try {
        await this.close()
      } finally {
        await this.vault.close()
      }
    })
  }

  /** Tells every port the lock's state, and returns it. */
  private announce(): LockStatus {
    const status = this.status()
    this.events.emit('lock', status)
    return status
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.busy.then(run)
    this.busy = result.catch(() => {})
    return result
  }

  /** Starts the client on the store sealed with `key`, which it keeps until locked. */
  private async start(key: DataKey): Promise<void> {
    try {
      const store = await ProfileStore.open(new SealedLevel(this.vault.db, key))
      this.client = await createClient(store, { ...this.options, lastCall: () => this.lastCall })
    } catch (err) {
      key.wipe()
      throw err
    }
    this.key = key
    const client = this.client
    this.forwarding = EVENT_NAMES.filter((name) => name !== 'lock').map((name) =>
      client.on(name, (data) => this.events.emit(name, data as never)),
    )
  }

  /** Stops the client and forgets the data key. */
  private async close(): Promise<void> {
    const client = this.client
    if (!client) return
    this.client = undefined
    for (const stop of this.forwarding.splice(0)) stop()
    try {
      await client.stop()
    } finally {
      this.key?.wipe()
      this.key = undefined
    }
  }
}
