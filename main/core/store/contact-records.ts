// The contacts' records: all in memory (a buddy list is small), each written
// through to disk.
import type { Contact } from '../../../protocol/api.ts'
import { DURABLE, del, type Op, type ProfileDb, put, type WriteOptions } from './profile-db.ts'

export class ContactRecords {
  private constructor(
    private readonly db: ProfileDb,
    private readonly records: ReturnType<typeof sublevelOf>,
    private readonly contacts: Map<string, Contact>,
  ) {}

  static async load(db: ProfileDb): Promise<ContactRecords> {
    const records = sublevelOf(db)
    const contacts = new Map<string, Contact>()
    for await (const [id, contact] of records.iterator()) contacts.set(id, contact)
    return new ContactRecords(db, records, contacts)
  }

  list(): Contact[] {
    return [...this.contacts.values()]
  }

  get(peerId: string): Contact | undefined {
    return this.contacts.get(peerId)
  }

  async put(contact: Contact, options: WriteOptions = DURABLE): Promise<void> {
    await this.db.write([this.op(contact)], options)
  }

  /** A contact's new record, to be written with something else (what its sender sent). */
  op(contact: Contact): Op {
    this.contacts.set(contact.peerId, contact)
    return put(this.records, contact.peerId, contact)
  }

  async delete(peerId: string): Promise<void> {
    this.contacts.delete(peerId)
    await this.db.write([del(this.records, peerId)], DURABLE)
  }
}

function sublevelOf(db: ProfileDb) {
  return db.sublevel<Contact>('p', 'json')
}
