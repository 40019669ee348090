/** docs/reliability.md says exactly what the tables the tests run say. */
import { readFileSync } from 'node:fs'
import { expect, it } from '@jest/globals'
import { RELIABILITY_DOC, renderReliabilityDoc } from '../../scripts/docs/reliability.js'

it('docs/reliability.md equals a fresh render of the test tables (npm run docs:reliability)', () => {
  expect(readFileSync(RELIABILITY_DOC, 'utf8')).toBe(renderReliabilityDoc())
})
