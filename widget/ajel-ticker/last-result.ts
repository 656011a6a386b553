/**
 * Wraps a pure function so that a call with the same arguments as the last one answers the last
 * result: for what a render and every controller read many times (locale, server, channels).
 */
export function lastResult<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args) => {
    if (!last || args.some((arg, index) => arg !== last!.args[index])) last = { args, result: compute(...args) };
    return last.result;
  };
}
