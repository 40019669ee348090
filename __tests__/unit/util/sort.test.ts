/** Names sort in code-unit order, as `sort` with LC_ALL=C does, whatever the locale. */
import { describe, expect, it } from '@jest/globals'
import { byName } from '../../../src/util/sort.js'

describe('byName', () => {
  it('orders capitals before lower case, and accented letters after z', () => {
    const names = ['b.zip', 'é.zip', 'B.zip', 'a.zip', 'Z.zip', '_.zip', '1.zip', 'a.zip']
    expect(
      names
        .map((name) => ({ name }))
        .sort(byName)
        .map((f) => f.name)
    ).toEqual(['1.zip', 'B.zip', 'Z.zip', '_.zip', 'a.zip', 'a.zip', 'b.zip', 'é.zip'])
    // localeCompare would put é beside e and ignore case: the order would vary by runner.
    expect(byName({ name: 'a' }, { name: 'a' })).toBe(0)
  })
})
