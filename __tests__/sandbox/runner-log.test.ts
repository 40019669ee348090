/** The demo's job log reads like GitHub's: masked, folded, commands obeyed rather than printed. */
import { describe, expect, it } from '@jest/globals'
import { RunnerLog } from '../../sandbox/runner-log.js'

function render(stdout: string, options = {}): string[] {
  const lines: string[] = []
  const log = new RunnerLog((line) => lines.push(line), options)
  // Chunks split mid-line, as a child's stdout arrives.
  for (let i = 0; i < stdout.length; i += 7) log.push(stdout.slice(i, i + 7))
  log.end()
  return lines
}

describe('RunnerLog', () => {
  const stdout = [
    '::add-mask::ghs_secret123',
    'Release v1 with token ghs_secret123',
    '::debug::internal detail',
    '::group::Signing',
    'Signed a.txt',
    'Signed b.txt',
    '::endgroup::',
    '::error::[VERIFY] broken%0AFix: re-run',
    '::warning title=x::careful',
    ''
  ].join('\n')

  it('masks secrets, hides debug lines, folds groups and reads annotations', () => {
    expect(render(stdout)).toEqual([
      'Release v1 with token ***',
      '▸ Signing (2 lines folded)',
      'Error: [VERIFY] broken',
      'Fix: re-run',
      'Warning: careful'
    ])
  })

  it('expands groups and shows debug lines when asked', () => {
    const lines = render(stdout, { debug: true, expandGroups: true })
    expect(lines).toContain('##[debug]internal detail')
    expect(lines).toContain('▾ Signing')
    expect(lines).toContain('  Signed b.txt')
    expect(lines.join('\n')).not.toContain('ghs_secret123')
  })
})
