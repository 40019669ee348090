/**
 * A call started before anyone asks for it: the first ask with the same key gets the answer already
 * on its way, every later ask (or another key) calls again. A failure of the early call surfaces
 * only when it is asked for, so an error found before then is the one reported (a release that is
 * not there, rather than the listing of its assets that failed with it).
 */
export function prefetched<K, T>(
  call: (key: K) => Promise<T>,
  key: NoInfer<K>
): (key: K) => Promise<T> {
  let early: Promise<T> | undefined = call(key)
  early.catch(() => {})
  return (wanted) => {
    if (early === undefined || wanted !== key) return call(wanted)
    const answer = early
    early = undefined
    return answer
  }
}
