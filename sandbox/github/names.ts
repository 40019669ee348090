/**
 * GitHub's renaming of uploaded release asset names. GitHub documents only that it "renames asset
 * filenames that have special characters, non-alphanumeric characters, and leading or trailing
 * periods" (REST docs, Upload a release asset). The rule below is inferred from observed uploads:
 *
 * - travis-ci/dpl#821 uploaded every printable ASCII character and some Latin letters:
 *   `a5_ !#$%&'()+,-.0123456789;=@A-Z[]^_\`a-z{}~.txt` became
 *   `a5_.-.0123456789.A-Z._.a-z.txt` (a run of unsafe characters becomes ONE period, periods
 *   included; trailing ones go), `a a!a#a` became `a.a.a`, and `a5_ð_æ_©_ŋ.txt` became
 *   `a5_d_ae_._ng.txt` (letters transliterated to ASCII, other symbols replaced).
 * - `test~file!!!` became `test.file` (community discussion 177426); `1~buster` became `1.buster`
 *   and `:` is replaced too (softprops/action-gh-release#159); `-(15-5)-` became `-.15-5.-`
 *   (actions/upload-release-asset#57); spaces become periods (cli/cli#7024, #10585).
 * - `.config` became `default.config` (softprops/action-gh-release#741): the extension is kept
 *   and an empty base name becomes `default`.
 * - `+` is allowed when percent-encoded; an unencoded `+` in the query is a space and so becomes a
 *   period (GitHub staff in github/rest-api-description#2968; JMRI/JMRI#5544).
 *
 * So: transliterate to ASCII, split off a final `.ext` of safe characters, replace each run of
 * characters outside `[A-Za-z0-9_+-]` in the base with one period, strip leading and trailing
 * periods, and use `default` for an empty base.
 */

/** Letters that Unicode decomposition does not reduce to ASCII (Rails-style approximations). */
const APPROXIMATIONS: Record<string, string> = {
  Æ: 'AE',
  æ: 'ae',
  Ð: 'D',
  ð: 'd',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ł: 'L',
  ł: 'l',
  Ŋ: 'NG',
  ŋ: 'ng',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  ß: 'ss',
  Þ: 'TH',
  þ: 'th',
  Ŧ: 'T',
  ŧ: 't'
}

function transliterate(name: string): string {
  return Array.from(name.normalize('NFKD'))
    .filter((ch) => !/\p{M}/u.test(ch))
    .map((ch) => APPROXIMATIONS[ch] ?? ch)
    .join('')
}

export function sanitizeAssetName(name: string): string {
  const ascii = transliterate(name)
  const ext = /\.[A-Za-z0-9_+-]+$/.exec(ascii)?.[0] ?? ''
  const base = ascii
    .slice(0, ascii.length - ext.length)
    .replace(/[^A-Za-z0-9_+-]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
  return (base === '' ? 'default' : base) + ext
}
