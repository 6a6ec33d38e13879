// Profile photo and status line between two real clients: the core turns any
// picture into a small WebP without metadata and refuses what is not one; an
// accepted contact learns both, a stranger only the display name.
import { crc32, deflateSync } from 'node:zlib'
import type { Libp2p } from '@libp2p/interface'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import * as lp from 'it-length-prefixed'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_AVATAR_INPUT_PIXELS } from '../main/core/people/avatar.ts'
import { ApiError, type Contact } from '../protocol/api.ts'
import { decodeFrame } from '../protocol/frame.ts'
import { CHAT_PROTOCOL, PROFILE_PROTOCOL } from '../protocol/ids.ts'
import { AVATAR_SIZE, MAX_AVATAR_BYTES, MAX_AVATAR_INPUT_BYTES } from '../protocol/limits.ts'
import { PublicProfile } from '../protocol/wire/profile.ts'
import { befriend, namedFriends, startClient, type TestClient, tempDirs } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { rawNode } from './support/raw-node.ts'

const dirs = tempDirs()
let alice: TestClient
let bob: TestClient
let aliceAddr: string
let mallory: Libp2p

beforeAll(async () => {
  ;({ alice, bob, aliceAddr } = await namedFriends(dirs))
  mallory = await rawNode()
})

afterAll(async () => {
  await mallory?.stop()
  await stopAll()
  await dirs.removeAll()
})

/** Random pixels: what compresses worst, so what tests the size limit. */
function noise(width: number, height: number, channels: 3 | 4) {
  const data = Buffer.alloc(width * height * channels)
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(Math.random() * 256)
  return sharp(data, { raw: { width, height, channels } })
}

/** A camera's photo: large, noisy in every 128th of it, with EXIF and GPS metadata. */
async function photo(): Promise<Buffer> {
  return noise(400, 300, 3)
    .resize(4000, 3000, { kernel: 'nearest' })
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: 'Parley', Model: 'Test Camera', Copyright: 'Alice' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' },
    })
    .toBuffer()
}

/**
 * A decompression bomb: a valid PNG of 20000×20000 one-bit pixels, all zero, which
 * deflates to a few KiB but would decode to 400 million pixels.
 */
function bomb(): Buffer {
  const side = 20_000
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const framed = Buffer.alloc(body.length + 8)
    framed.writeUInt32BE(data.length, 0)
    body.copy(framed, 4)
    framed.writeUInt32BE(crc32(body), body.length + 4)
    return framed
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header.writeUInt8(1, 8) // bit depth 1, greyscale (colour type 0), the rest 0
  const rows = Buffer.alloc(side * (1 + side / 8)) // each row: filter byte 0, then zero pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

function avatarBytes(url: string | null | undefined): Buffer {
  expect(url).toMatch(/^data:image\/webp;base64,/)
  return Buffer.from((url as string).split(',')[1] as string, 'base64')
}

/** Bob's view of Alice in the first 'contact' event after the first `since` where `done` holds. */
async function bobSeesAlice(since: number, done: (alice: Contact) => boolean): Promise<Contact> {
  const seen = (cs: Contact[]) => cs.slice(since).find((c) => c.peerId === alice.peerId && done(c))
  return seen(await bob.events.until('contact', (cs) => seen(cs) !== undefined)) as Contact
}

describe('my avatar', () => {
  it('becomes a small square WebP without metadata, whatever picture it is made from', async () => {
    const input = await photo()
    expect(input.byteLength).toBeGreaterThan(1024 * 1024)
    expect((await sharp(input).metadata()).exif).toBeDefined()
    const worst = await noise(600, 600, 4).png().toBuffer()
    for (const picture of [input, worst]) {
      const profile = await alice.api.setAvatar({ image: base64(picture) })
      const bytes = avatarBytes(profile.avatar)
      expect(bytes.byteLength).toBeLessThanOrEqual(MAX_AVATAR_BYTES)
      const made = await sharp(bytes).metadata()
      expect(made).toMatchObject({ format: 'webp', width: AVATAR_SIZE, height: AVATAR_SIZE })
      expect(made.exif).toBeUndefined()
      expect(made.xmp).toBeUndefined()
      expect(made.icc).toBeUndefined()
      expect((await alice.api.profile({})).avatar).toBe(profile.avatar)
    }
  })

  it('refuses a file too large, a non-picture and a decompression bomb, keeping the old', async () => {
    const { avatar: before } = await alice.api.profile({})
    expect(before).not.toBeNull()
    const refusals: [Uint8Array, RegExp][] = [
      [Buffer.alloc(MAX_AVATAR_INPUT_BYTES + 1), /at most 8 MiB/],
      [Buffer.from('these are words, not a picture'), /not a picture/],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'), /SVG/],
      [bomb(), new RegExp(`${MAX_AVATAR_INPUT_PIXELS / 1e6} megapixels`)],
    ]
    for (const [bytes, message] of refusals) {
      const refused = alice.api.setAvatar({ image: base64(bytes) })
      await expect(refused).rejects.toBeInstanceOf(ApiError)
      await expect(refused).rejects.toMatchObject({ code: 'bad-request', message })
      expect((await alice.api.profile({})).avatar).toBe(before)
    }
  })
})

describe('a contact', () => {
  it('sees my new avatar and status line, and sees them go', async () => {
    let since = bob.events.of('contact').length
    const { avatar } = await alice.api.setAvatar({ image: base64(await photo()) })
    await alice.api.setProfile({ displayName: 'Alice', statusLine: 'On the train ' })
    const seen = await bobSeesAlice(
      since,
      (c) => c.avatar === avatar && c.statusLine === 'On the train',
    )
    expect(seen).toMatchObject({ displayName: 'Alice', state: 'accepted' })
    expect((await bob.api.contacts({})).find((c) => c.peerId === alice.peerId)).toMatchObject({
      avatar,
      statusLine: 'On the train',
    })

    since = bob.events.of('contact').length
    await alice.api.setAvatar({ image: null })
    await alice.api.setProfile({ displayName: 'Alice', statusLine: '' })
    const gone = await bobSeesAlice(
      since,
      (c) => c.avatar === undefined && c.statusLine === undefined,
    )
    expect(gone.displayName).toBe('Alice')
    expect(await alice.api.profile({})).toMatchObject({ avatar: null, statusLine: '' })
  })

  it('learns both as soon as we become contacts, each way', async () => {
    const carol = await startClient({ dataDir: await dirs.make('carol') })
    await carol.api.setProfile({ displayName: 'Carol', statusLine: 'Hiking' })
    const { avatar } = await carol.api.setAvatar({ image: base64(await photo()) })
    await alice.api.setProfile({ displayName: 'Alice', statusLine: 'Reading' })
    const { avatar: alices } = await alice.api.setAvatar({ image: base64(await photo()) })
    // Nothing before the request is accepted: they are strangers to each other.
    await carol.api.dial({ addr: aliceAddr })
    await befriend(carol, alice)
    const learnt = (by: TestClient, of: TestClient, picture: string | null, statusLine: string) =>
      by.events.until('contact', (cs) =>
        cs.some(
          (c) => c.peerId === of.peerId && c.avatar === picture && c.statusLine === statusLine,
        ),
      )
    await learnt(alice, carol, avatar, 'Hiking')
    await learnt(carol, alice, alices, 'Reading')
    await carol.stop()
  })

  it('is refused a status line that is too long or has control characters', async () => {
    for (const statusLine of ['x'.repeat(141), 'two\nlines']) {
      await expect(
        alice.api.setProfile({ displayName: 'Alice', statusLine }),
      ).rejects.toMatchObject({ code: 'bad-request' })
    }
  })
})

describe('a stranger', () => {
  it('gets my display name only, on the profile protocol and in my Hello', async () => {
    await alice.api.setAvatar({ image: base64(await photo()) })
    await alice.api.setProfile({ displayName: 'Alice', statusLine: 'Private' })

    const signal = AbortSignal.timeout(5_000)
    const asked = await mallory.dialProtocol(multiaddr(aliceAddr), PROFILE_PROTOCOL, { signal })
    const answer = await pbStream(asked, { maxDataLength: 64 * 1024 })
      .pb(PublicProfile)
      .read()
    expect(answer).toEqual({ displayName: 'Alice', statusLine: '', avatar: new Uint8Array() })

    const chat = await mallory.dialProtocol(multiaddr(aliceAddr), CHAT_PROTOCOL, { signal })
    for await (const bytes of lp.decode(chat)) {
      expect(decodeFrame(bytes)).toEqual({
        ok: true,
        frame: { kind: 'hello', displayName: 'Alice', statusLine: '', avatarDigest: '' },
      })
      break
    }
    chat.abort(new Error('done'))
  })
})
