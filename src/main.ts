import * as core from '@actions/core'

/** The action's entry point: the only code that talks to @actions/core. */
export async function run(): Promise<void> {
  try {
    core.info('sign-release: not implemented yet')
    await Promise.resolve()
  } catch (error) {
    core.setFailed(error instanceof Error ? error : String(error))
  }
}
