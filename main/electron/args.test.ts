import { describe, expect, it } from 'vitest'
import { parseDesktopArgs } from './args.ts'

describe('desktop command line', () => {
  it('defaults to the default profile, mDNS on, no relays', () => {
    expect(parseDesktopArgs([])).toEqual({
      profile: 'default',
      relay: [],
      mdns: true,
      passphrase: true,
    })
  })

  it("reads the profile and the core's options among Electron's and Chromium's switches", () => {
    const argv = [
      '/repo',
      '--no-sandbox',
      '--remote-debugging-port=0',
      '--profile',
      'alice',
      '--relay',
      '/ip4/127.0.0.1/tcp/1/p2p/x',
      '--relay=/dns4/r/tcp/2/p2p/y',
      '--listen',
      'none',
      '--no-mdns',
      '--no-passphrase',
    ]
    expect(parseDesktopArgs(argv)).toEqual({
      profile: 'alice',
      relay: ['/ip4/127.0.0.1/tcp/1/p2p/x', '/dns4/r/tcp/2/p2p/y'],
      listen: ['none'],
      mdns: false,
      passphrase: false,
    })
  })

  it('refuses a bad or missing profile name and value-less options', () => {
    expect(() => parseDesktopArgs(['--profile', '../etc'])).toThrow(/profile name/)
    expect(() => parseDesktopArgs(['--profile'])).toThrow(/needs a name/)
    expect(() => parseDesktopArgs(['--relay'])).toThrow(/--relay needs a value/)
  })
})
