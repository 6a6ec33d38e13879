import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { electronBinary } from './binary.ts'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-binary-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('finding the Electron binary without downloading it', () => {
  it('finds none in a package that was never downloaded', async () => {
    const pkg = join(dir, 'fresh')
    await mkdir(pkg)
    expect(electronBinary({}, pkg)).toBeUndefined()
  })

  it('finds the downloaded one that path.txt names, only if it is there', async () => {
    const pkg = join(dir, 'downloaded')
    await mkdir(join(pkg, 'dist'), { recursive: true })
    await writeFile(join(pkg, 'path.txt'), 'electron')
    expect(electronBinary({}, pkg)).toBeUndefined()
    await writeFile(join(pkg, 'dist', 'electron'), '')
    expect(electronBinary({}, pkg)).toBe(join(pkg, 'dist', 'electron'))
  })

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, as the electron package does', async () => {
    const pkg = join(dir, 'fresh')
    const override = join(dir, 'override')
    await mkdir(override)
    const env = { ELECTRON_OVERRIDE_DIST_PATH: override }
    expect(electronBinary(env, pkg)).toBeUndefined()
    await writeFile(join(override, 'electron'), '')
    expect(electronBinary(env, pkg)).toBe(join(override, 'electron'))
  })
})
