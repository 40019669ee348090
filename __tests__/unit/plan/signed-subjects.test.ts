/** Everything signed like an asset: the subjects in order, then the checksums file if any. */
import { describe, expect, it } from '@jest/globals'
import type { SubjectPlan } from '../../../src/plan/reconcile.js'
import { signedSubjects } from '../../../src/plan/signed-subjects.js'

const planned = (name: string): SubjectPlan =>
  ({ subject: { kind: 'asset', name }, sidecars: [] }) as unknown as SubjectPlan

describe('signedSubjects', () => {
  it('lists the subjects, then the checksums file', () => {
    const subjects = [planned('b.zip'), planned('a.zip')]
    const names = (list: SubjectPlan[]) => list.map((p) => p.subject.name)
    expect(names(signedSubjects({ subjects, checksums: planned('SHA256SUMS') }))).toEqual([
      'b.zip',
      'a.zip',
      'SHA256SUMS'
    ])
    expect(names(signedSubjects({ subjects }))).toEqual(['b.zip', 'a.zip'])
    expect(signedSubjects({ subjects })).not.toBe(subjects)
  })
})
