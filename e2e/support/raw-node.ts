// A bare libp2p node in the test process (TCP, Noise, yamux and nothing of Parley's),
// for tests that speak Parley's protocols by hand: hostile or forged input.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'

export function rawNode(privateKey?: PrivateKey): Promise<Libp2p> {
  return createLibp2p({
    ...(privateKey ? { privateKey } : {}),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  })
}
