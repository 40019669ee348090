/**
 * How GitHub stores an uploaded asset's name, from GitHub's documentation and observed uploads (the
 * sources are listed in sandbox/github/names.ts). One table, run against both implementations: the
 * sandbox's (GitHub's behaviour) and the action's prediction (src/names.ts), which stay independent.
 */
export const ASSET_NAME_CASES: { given: string; stored: string; source: string }[] = [
  { given: 'plain-1.0_x+y.zip', stored: 'plain-1.0_x+y.zip', source: 'safe characters kept' },
  { given: 'my tool (linux).tar.gz', stored: 'my.tool.linux.tar.gz', source: 'cli/cli#7024' },
  { given: 'test~file!!!', stored: 'test.file', source: 'community discussion 177426' },
  { given: '1~buster', stored: '1.buster', source: 'softprops/action-gh-release#159' },
  { given: 'a:b.txt', stored: 'a.b.txt', source: 'softprops/action-gh-release#159' },
  { given: '-(15-5)-', stored: '-.15-5.-', source: 'actions/upload-release-asset#57' },
  {
    given: "a5_ !#$%&'()+,-.0123456789;=@ABCXYZ[]^_`abcxyz{}~.txt",
    stored: 'a5_.+.-.0123456789.ABCXYZ._.abcxyz.txt',
    source: 'travis-ci/dpl#821 (with + percent-encoded)'
  },
  { given: 'a5_ð_æ_©_ŋ.txt', stored: 'a5_d_ae_._ng.txt', source: 'travis-ci/dpl#821' },
  { given: '.config', stored: 'default.config', source: 'softprops/action-gh-release#741' },
  { given: 'naïve-ŋ.bin', stored: 'naive-ng.bin', source: 'transliteration' },
  { given: 'Ŧool.tar.gz', stored: 'Tool.tar.gz', source: 'transliteration (no decomposition)' },
  { given: 'ĸ.bin', stored: 'k.bin', source: 'transliteration (no decomposition)' },
  { given: 'trailing.', stored: 'trailing', source: 'REST docs: trailing periods' },
  { given: '..leading', stored: 'default.leading', source: 'REST docs: leading periods' },
  { given: 'my sums.txt', stored: 'my.sums.txt', source: 'spaces become periods' }
]
