// Small values kept with the profile: its settings (display name, relays, read
// receipts…) and its meta records (the identity key). Each is written on its own,
// and on disk before the call resolves.
import { DURABLE, type ProfileDb, put } from './profile-db.ts'

export class Settings {
  private readonly settings
  private readonly meta

  constructor(private readonly db: ProfileDb) {
    this.settings = db.sublevel<unknown>('s', 'json')
    this.meta = db.bytes('meta')
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.settings.get(key)) as T | undefined
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.db.write([put(this.settings, key, value)], DURABLE)
  }

  async getMeta(key: string): Promise<Uint8Array | undefined> {
    return this.meta.get(key)
  }

  async putMeta(key: string, value: Uint8Array): Promise<void> {
    await this.db.write([put(this.meta, key, value)], DURABLE)
  }
}
