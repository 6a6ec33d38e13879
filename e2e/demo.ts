// `npm run demo`: a relay and two people (alice and bob) in browser mode on this
// machine, so a newcomer sees two people chat within a minute. It uses the same
// process harness as the tests; data stays in .data/demo for the next run.
import { mkdir } from 'node:fs/promises'
import { LOOPBACK_TCP, startBrowserHost, startRelay } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const root = '.data/demo'
const people = ['alice', 'bob']

for (const dir of ['relay', ...people]) await mkdir(`${root}/${dir}`, { recursive: true })
const relay = await startRelay(`${root}/relay`)
const hosts = await Promise.all(
  people.map((profile) =>
    startBrowserHost({
      profile,
      dataDir: `${root}/${profile}`,
      relays: [relay.addr],
      listen: [LOOPBACK_TCP],
    }),
  ),
)

console.log('Parley demo: a relay and two people on this machine.\n')
for (const [i, host] of hosts.entries()) console.log(`  ${people[i]?.padEnd(6)} ${host.url}`)
console.log(`
Open both links (two browser windows side by side), create the two profiles,
then in one of them choose "Add contact" and paste the other's invite code;
the other accepts the friend request.
Ctrl+C stops everything.`)

const stop = async () => {
  await stopAll()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
