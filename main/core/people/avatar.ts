// Avatars. The picture a user chooses is never sent as it is: the core crops it
// to a small square and re-encodes it as WebP, which drops every bit of metadata
// (EXIF, GPS, camera, thumbnails) and bounds its size. A peer's avatar is checked
// (size, digest, a decodable image of a known kind) before the UI may show it.
import { createHash } from 'node:crypto'
import type { Sharp, SharpConstructor, SharpOptions } from 'sharp'
import { ApiError } from '../../../protocol/api.ts'
import { AVATAR_SIZE, MAX_AVATAR_BYTES, MAX_AVATAR_INPUT_BYTES } from '../../../protocol/limits.ts'

/**
 * Most pixels a chosen picture may have: a 48-megapixel photo fits. The header
 * is checked before decoding, so a small file claiming billions of pixels (a
 * decompression bomb) is refused without allocating them.
 */
export const MAX_AVATAR_INPUT_PIXELS = 50_000_000

/** What we read from the user (sharp's names; 'heif' is AVIF in sharp's prebuilt libvips). */
const INPUT_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif'])

/** What we show from a peer: ours make WebP; PNG and JPEG leave room for other clients. */
const PEER_TYPES: Record<string, string> = {
  webp: 'image/webp',
  png: 'image/png',
  jpeg: 'image/jpeg',
}

/** A peer's avatar may be larger than ours, within reason; a bigger one is not an avatar. */
const MAX_PEER_PIXELS = (AVATAR_SIZE * 4) ** 2

/**
 * Tried in turn, for colour and transparency alike, until the WebP fits
 * MAX_AVATAR_BYTES. A photo takes a few KiB at the first; even 128 px of random
 * colour and transparency takes 25 KiB (lossless transparency alone would take 16).
 */
const QUALITIES = [80, 60, 40, 20]

const WORK_TIMEOUT = { seconds: 10 }

let loaded: Promise<SharpConstructor> | undefined

/**
 * sharp, loaded at the first picture: libvips is a large library that a core
 * which makes or checks no avatar has no need to map.
 */
async function openImage(...args: Parameters<SharpConstructor>): Promise<Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    // The core lives long and makes an avatar rarely: libvips' operation cache would only hold memory.
    sharp.cache(false)
    return sharp
  })
  return (await loaded)(...args)
}

/** Makes our avatar from a chosen picture file's bytes; anything else is a 'bad-request'. */
export async function makeAvatar(input: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (input.byteLength > MAX_AVATAR_INPUT_BYTES) {
    throw bad(`a picture is at most ${MAX_AVATAR_INPUT_BYTES / (1024 * 1024)} MiB`)
  }
  // The user's own file: sharp's default failOn 'warning' would refuse the
  // recoverable flaws that many cameras' files have; broken data still fails.
  const options: SharpOptions = { failOn: 'error', limitInputPixels: MAX_AVATAR_INPUT_PIXELS }
  const { format, width, height } = await readHeader(input, options)
  if (!INPUT_FORMATS.has(format)) {
    throw bad(
      `${format.toUpperCase()} pictures cannot be avatars: choose a JPEG, PNG, WebP, GIF or AVIF file`,
    )
  }
  if (width * height > MAX_AVATAR_INPUT_PIXELS) {
    throw bad(
      `the picture has ${width}×${height} pixels; at most ${MAX_AVATAR_INPUT_PIXELS / 1e6} megapixels`,
    )
  }
  // Decode and crop once, then only the encoding is repeated.
  const { data, info } = await decode(
    (await openImage(input, options))
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
      .raw(),
  )
  for (const quality of QUALITIES) {
    const webp = await (await openImage(data, { raw: info }))
      .webp({ quality, alphaQuality: quality })
      .toBuffer()
    if (webp.byteLength <= MAX_AVATAR_BYTES) return new Uint8Array(webp)
  }
  throw bad('this picture cannot be made small enough for an avatar')
}

/**
 * The `data:` URL of a peer's avatar, once the bytes are what its Hello promised
 * (`digest`) and decode as a small image of a kind we show; throws otherwise.
 */
export async function peerAvatarUrl(bytes: Uint8Array, digest: string): Promise<string> {
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_AVATAR_BYTES) {
    throw new Error(`avatar of ${bytes.byteLength} bytes`)
  }
  if (avatarDigest(bytes) !== digest) throw new Error('avatar does not match its digest')
  // Untrusted: sharp's strictest decoding (failOn 'warning', the default).
  const options: SharpOptions = { limitInputPixels: MAX_PEER_PIXELS }
  const { format } = await readHeader(bytes, options)
  const type = PEER_TYPES[format]
  if (!type) throw new Error(`avatar is ${format}, not WebP, PNG or JPEG`)
  await decode((await openImage(bytes, options)).raw())
  return dataUrl(bytes, type)
}

/** Lower-case hex SHA-256 of an avatar's bytes: what a Hello carries. */
export function avatarDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The bytes inside a `data:…;base64,` URL. */
export function dataUrlBytes(url: string): Uint8Array {
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')
}

export function dataUrl(bytes: Uint8Array, type: string): string {
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`
}

async function readHeader(input: Uint8Array, options: SharpOptions) {
  try {
    const { format, width, height } = await (await openImage(input, options)).metadata()
    return { format: String(format), width, height }
  } catch {
    throw bad('this file is not a picture Parley can read')
  }
}

async function decode(pipeline: Sharp) {
  try {
    return await pipeline.timeout(WORK_TIMEOUT).toBuffer({ resolveWithObject: true })
  } catch (err) {
    throw bad(`the picture could not be read: ${(err as Error).message}`)
  }
}

function bad(message: string): ApiError {
  return new ApiError('bad-request', message)
}
