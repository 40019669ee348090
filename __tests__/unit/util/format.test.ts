/**
 * Log and summary formatting: sizes in binary units, seconds, and untrusted text quoted so that it
 * can never start a workflow command (a new line, `::`, `##[`, or a Unicode line separator).
 */
import { describe, expect, it } from '@jest/globals'
import { formatBytes, formatSeconds, neutralizeCommands, quote } from '../../../src/util/format.js'

describe('sizes and durations', () => {
  it('formats sizes in binary units, bytes exact', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(12)).toBe('12 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1024)).toBe('1.0 KiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3.0 GiB')
    // TiB is the largest unit.
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048.0 TiB')
  })

  it('formats milliseconds as seconds with one decimal', () => {
    expect(formatSeconds(0)).toBe('0.0s')
    expect(formatSeconds(1250)).toBe('1.3s')
    expect(formatSeconds(61000)).toBe('61.0s')
  })
})

describe('untrusted text in the log', () => {
  it('quotes a name and escapes every character that could end the line', () => {
    expect(quote('tool.tar.gz')).toBe('"tool.tar.gz"')
    expect(quote('a\nb\rc')).toBe('"a\\nb\\rc"')
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(quote('\u0085next\u2028line\u2029para')).toBe('"\\u0085next\\u2028line\\u2029para"')
    const hostile = 'x\n::add-mask::y\u2028::error::z'
    expect(quote(hostile)).not.toMatch(/[\n\r\u0085\u2028\u2029]/)
    // It is JSON: the original is one parse away.
    expect(JSON.parse(quote(hostile))).toBe(hostile)
  })

  it('neutralises lines that the runner would read as workflow commands, and only those', () => {
    const text = 'fine\n::set-output name=x::y\n  ##[group]g\nnot :: a command'
    const safe = neutralizeCommands(text)
    for (const line of safe.split('\n')) expect(line.trimStart()).not.toMatch(/^(::|##\[)/)
    expect(safe.split('\n')[0]).toBe('fine')
    expect(safe.split('\n')[3]).toBe('not :: a command')
    expect(safe.replace(/\u2063/g, '')).toBe(text)
  })
})
