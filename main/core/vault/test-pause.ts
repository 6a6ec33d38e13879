// A test hook, off unless PARLEY_TEST_PAUSE_AT names a step: the process then
// stops at that step of a passphrase change (or of sealing a profile), prints
// `test-pause: STEP` and waits forever, so a test can SIGKILL it exactly there.
// Steps: `before-rename:keyring.json` (the new key file is written but not yet
// in place), `resealing` (the key file says a reseal is under way, no value is
// resealed yet) and `resealed` (every value is resealed, the key file not yet final).
export async function pauseForTest(step: string): Promise<void> {
  if (process.env.PARLEY_TEST_PAUSE_AT !== step) return
  console.error(`test-pause: ${step}`)
  await new Promise<never>(() => {})
}
