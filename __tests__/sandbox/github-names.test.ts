/** GitHub's renaming of uploaded asset names, against the renamings people have observed. */
import { describe, expect, it } from '@jest/globals'
import { sanitizeAssetName } from '../../sandbox/github/index.js'

describe('sanitizeAssetName', () => {
  it.each([
    // travis-ci/dpl#821: every printable ASCII character (the `+` arrived as a space).
    [
      "a5_ !#$%&'() ,-.0123456789;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{}~.txt",
      'a5_.-.0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ._.abcdefghijklmnopqrstuvwxyz.txt'
    ],
    [
      "a5_a a!a#a$a%a&a'a(a)a a,a-a.a0123456789a;a=a@aABCDEFGHIJKLMNOPQRSTUVWXYZa[a]a^a_a`abcdefghijklmnopqrstuvwxyza{a}a~a.txt",
      'a5_a.a.a.a.a.a.a.a.a.a.a.a-a.a0123456789a.a.a.aABCDEFGHIJKLMNOPQRSTUVWXYZa.a.a.a_a.abcdefghijklmnopqrstuvwxyza.a.a.a.txt'
    ],
    ['a5_ð_æ_©_ŋ.txt', 'a5_d_ae_._ng.txt'],
    ['a5_żółw.txt', 'a5_zolw.txt'],
    // community discussion 177426
    ['test~file!!!', 'test.file'],
    // softprops/action-gh-release#159, #741
    ['tobwen-1.1.0-1~buster_amd64.deb', 'tobwen-1.1.0-1.buster_amd64.deb'],
    ['pkg-1:2.0-1-x86_64.pkg.tar.zst', 'pkg-1.2.0-1-x86_64.pkg.tar.zst'],
    ['.config', 'default.config'],
    // actions/upload-release-asset#57, cli/cli#7024
    ['app.prod-v1.3.0-(15-5)-6064eac-release.apk', 'app.prod-v1.3.0-.15-5.-6064eac-release.apk'],
    ['Symbols.Mixed 64-bit.7z', 'Symbols.Mixed.64-bit.7z'],
    ['My App 1.0.0 Setup.exe', 'My.App.1.0.0.Setup.exe'],
    // `+` survives when percent-encoded (github/rest-api-description#2968)
    ['jbuilder-1.0+beta9.tbz', 'jbuilder-1.0+beta9.tbz'],
    // names that need no change
    [
      'sign-release_1.2.3_linux-amd64.tar.gz.sigstore.json',
      'sign-release_1.2.3_linux-amd64.tar.gz.sigstore.json'
    ],
    ['trailing.', 'trailing'],
    ['...', 'default'],
    ['🚀 launch.zip', 'launch.zip']
  ])('%s → %s', (name, stored) => {
    expect(sanitizeAssetName(name)).toBe(stored)
  })
})
