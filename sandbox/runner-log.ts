/**
 * Turns an action's stdout into the job log a person sees on GitHub: workflow commands are obeyed,
 * not printed. `::add-mask::` values become `***` everywhere after, `::debug::` lines are hidden
 * (shown only with step debugging), a `::group::` is folded into one line with the number of lines
 * it holds, and `::error::` / `::warning::` / `::notice::` read as annotations.
 */
export interface RunnerLogOptions {
  /** Show debug lines (`ACTIONS_STEP_DEBUG`). */
  debug?: boolean
  /** Expand groups instead of folding them. */
  expandGroups?: boolean
}

export class RunnerLog {
  private readonly masks: string[] = []
  private group?: { title: string; lines: string[] }
  private pending = ''

  constructor(
    private readonly write: (line: string) => void,
    private readonly options: RunnerLogOptions = {}
  ) {}

  /** Feeds a chunk of stdout; complete lines are rendered at once. */
  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n')
    this.pending = lines.pop() ?? ''
    for (const line of lines) this.line(line)
  }

  /** Renders what is left (a last line without newline, an unclosed group). */
  end(): void {
    if (this.pending) this.line(this.pending)
    this.pending = ''
    this.closeGroup()
  }

  private line(raw: string): void {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(raw)
    if (!command) return this.emit(this.mask(raw))
    const [, name, data = ''] = command
    const text = this.mask(unescapeData(data))
    switch (name) {
      case 'add-mask':
        if (data) this.masks.push(unescapeData(data))
        return
      case 'debug':
        if (this.options.debug) this.emit(`##[debug]${text}`)
        return
      case 'group':
        this.closeGroup()
        this.group = { title: text, lines: [] }
        return
      case 'endgroup':
        return this.closeGroup()
      case 'error':
        return this.emit(`Error: ${text}`)
      case 'warning':
        return this.emit(`Warning: ${text}`)
      case 'notice':
        return this.emit(`Notice: ${text}`)
      default:
        return this.emit(this.mask(raw))
    }
  }

  private emit(text: string): void {
    for (const line of text.split('\n')) {
      if (this.group) this.group.lines.push(line)
      else this.write(line)
    }
  }

  private closeGroup(): void {
    const group = this.group
    if (!group) return
    this.group = undefined
    if (this.options.expandGroups) {
      this.write(`▾ ${group.title}`)
      for (const line of group.lines) this.write(`  ${line}`)
    } else {
      const n = group.lines.length
      this.write(`▸ ${group.title} (${n} line${n === 1 ? '' : 's'} folded)`)
    }
  }

  private mask(text: string): string {
    return this.masks.reduce((out, secret) => out.split(secret).join('***'), text)
  }
}

/** The runner's escaping of command data (@actions/core's escapeData, reversed). */
function unescapeData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
