// The tray icon, drawn in code so the app ships no binary assets: a filled disc
// (a speech bubble's body) on transparency, encoded as a PNG data URL for
// nativeImage.createFromDataURL.
import { crc32, deflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A `size`×`size` RGBA PNG of a disc in `rgb`, its edge anti-aliased. */
export function discPng(size: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8 bits per channel, RGBA, no interlace
  const row = 1 + size * 4 // each row starts with its filter byte (0: none)
  const pixels = Buffer.alloc(row * size)
  const centre = size / 2
  const radius = size / 2 - 1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre)
      const alpha = Math.round(255 * Math.min(1, Math.max(0, radius - distance + 0.5)))
      pixels.set([...rgb, alpha], y * row + 1 + x * 4)
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export function trayIconDataUrl(): string {
  return `data:image/png;base64,${discPng(32, [0x2f, 0x6f, 0xeb]).toString('base64')}`
}
