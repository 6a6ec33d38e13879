import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { discPng, trayIconDataUrl } from './tray-icon.ts'

describe('tray icon', () => {
  it('is a valid RGBA PNG of a disc on transparency', () => {
    const png = discPng(16, [10, 20, 30])
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
    expect(png.toString('ascii', 12, 16)).toBe('IHDR')
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([16, 16, 8, 6])
    const idatLength = png.readUInt32BE(33)
    expect(png.toString('ascii', 37, 41)).toBe('IDAT')
    const pixels = inflateSync(png.subarray(41, 41 + idatLength))
    const row = 1 + 16 * 4
    expect(pixels.length).toBe(row * 16)
    const pixel = (x: number, y: number) => [
      ...pixels.subarray(y * row + 1 + x * 4, y * row + 5 + x * 4),
    ]
    expect(pixel(8, 8)).toEqual([10, 20, 30, 255]) // centre: opaque
    expect(pixel(0, 0)[3]).toBe(0) // corner: transparent
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND')
  })

  it('comes as a PNG data URL', () => {
    expect(trayIconDataUrl()).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
  })
})
