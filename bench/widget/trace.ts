// Reads what the widget benchmark needs out of a Chromium trace (devtools.timeline categories).
// Trace timestamps are CLOCK_MONOTONIC microseconds on Linux, the clock of process.hrtime(), so
// windows and publish times taken in the benchmark process apply to the trace directly.

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'loading',
];

export const FIRST_HEADLINE_MARK = 'ajel:first-headline';
const LONG_TASK_US = 50_000;
/** Events in a task that mean script ran in it. */
const SCRIPT = new Set(['FunctionCall', 'EventDispatch', 'EvaluateScript', 'TimerFire']);
/** A change's work is over once the main thread has rested this long (frames come every 16.7 ms). */
const REST_US = 50_000;
/** A change that has not run script this long after it was published got no reaction from the page. */
const REACTION_US = 500_000;
const PRESENTED = new Set(['STATE_PRESENTED_ALL', 'STATE_PRESENTED_PARTIAL']);

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
}

/** A span of the benchmark's own clock, in trace microseconds. */
export interface Window {
  from: number;
  to: number;
}

export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export interface FrameCounts {
  presented: number;
  dropped: number;
  /** The display's refresh rate, from the interval between begin-frame signals (60 if there were none). */
  refreshHz: number;
  expected: number;
}

/** The events of one page's renderer: its main thread's tasks, its compositor's frames. */
export class RendererTrace {
  private readonly main: TraceEvent[];
  private readonly renderer: TraceEvent[];

  private constructor(
    events: TraceEvent[],
    readonly pid: number,
    readonly mainTid: number,
  ) {
    this.renderer = events.filter((event) => event.pid === pid);
    this.main = this.renderer.filter((event) => event.tid === mainTid).sort((a, b) => a.ts - b.ts);
  }

  /** The renderer of the page's main frame: the one navigated to `url` if given, else the one traced from the start. */
  static of(buffer: Buffer, url?: string): RendererTrace {
    const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const pid = url ? committedRenderer(events, url) : startedRenderer(events);
    if (pid === undefined) throw new Error(`the trace names no renderer${url ? ` for ${url}` : ''}`);
    const mainThread = events.find((event) => event.ph === 'M' && event.pid === pid && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
    return new RendererTrace(events, pid, mainThread?.tid ?? pid);
  }

  /** Top-level main-thread tasks overlapping the window. */
  private tasks(window: Window): TraceEvent[] {
    return this.main.filter((event) => event.name === 'RunTask' && event.ph === 'X' && event.ts < window.to && event.ts + (event.dur ?? 0) > window.from);
  }

  /** Main-thread time spent in tasks within the window, in ms. */
  busyMs(window: Window): number {
    let busy = 0;
    for (const task of this.tasks(window)) busy += Math.min(task.ts + task.dur!, window.to) - Math.max(task.ts, window.from);
    return busy / 1000;
  }

  /** Durations (ms) of main-thread tasks of 50 ms or more that started in the window. */
  longTasksMs(window: Window): number[] {
    return this.tasks(window)
      .filter((task) => task.ts >= window.from && task.dur! >= LONG_TASK_US)
      .map((task) => task.dur! / 1000);
  }

  /**
   * The main-thread work a change published at `window.from` caused: from the first task that runs
   * script after it (within half a second) through the rendering that follows, until the main thread
   * has rested 50 ms or `window.to`. Undefined when no script ran: the page did not react.
   */
  reaction(window: Window): (Window & { busyMs: number }) | undefined {
    const tasks = this.tasks(window).filter((task) => task.ts >= window.from);
    const first = tasks.findIndex((task) => task.ts < window.from + REACTION_US && this.runsScript(task));
    if (first === -1) return undefined;
    let last = first;
    while (last + 1 < tasks.length && tasks[last + 1].ts - (tasks[last].ts + tasks[last].dur!) < REST_US) last++;
    const span = { from: tasks[first].ts, to: Math.min(tasks[last].ts + tasks[last].dur!, window.to) };
    return { ...span, busyMs: this.busyMs(span) };
  }

  private runsScript(task: TraceEvent): boolean {
    const end = task.ts + task.dur!;
    return this.main.some((event) => SCRIPT.has(event.name) && event.ts >= task.ts && event.ts < end);
  }

  longestTaskMs(window: Window): number {
    return Math.max(0, ...this.tasks(window).map((task) => task.dur! / 1000));
  }

  /** Frames the compositor presented or dropped in the window, against what the display refresh allows. */
  frames(window: Window): FrameCounts {
    let presented = 0;
    let dropped = 0;
    for (const event of this.renderer) {
      if (event.name !== 'PipelineReporter' || event.ph !== 'b' || event.ts < window.from || event.ts >= window.to) continue;
      const state = (event.args?.frame_reporter ?? event.args?.chrome_frame_reporter)?.state;
      if (PRESENTED.has(state)) presented++;
      else if (state === 'STATE_DROPPED') dropped++;
    }
    const beginFrames = this.renderer.filter((event) => event.name === 'BeginFrame' && event.ts >= window.from && event.ts < window.to).map((event) => event.ts);
    const intervals = beginFrames.slice(1).map((ts, index) => ts - beginFrames[index]).sort((a, b) => a - b);
    const refreshHz = intervals.length > 10 ? Math.round(1e6 / intervals[Math.floor(intervals.length / 2)]) : 60;
    return { presented, dropped, refreshHz, expected: Math.round(((window.to - window.from) / 1e6) * refreshHz) };
  }

  /** The trace time the navigation to `url` started at. */
  navigationStart(url: string): number | undefined {
    return this.main.find((event) => event.name === 'navigationStart' && event.args?.data?.documentLoaderURL === url)?.ts;
  }

  /** The first contentful paint and the last largest-contentful-paint candidate of the page's main frame. */
  contentfulPaints(): { firstTs?: number; largestTs?: number } {
    const of = (name: string) => this.renderer.filter((event) => event.name === name && (event.args?.data?.isOutermostMainFrame ?? event.args?.data?.isMainFrame ?? true));
    return { firstTs: of('firstContentfulPaint')[0]?.ts, largestTs: of('largestContentfulPaint::Candidate').at(-1)?.ts };
  }

  /**
   * Cumulative Layout Shift as the web-vitals define it: shifts without recent input, grouped in
   * session windows (gaps under 1 s, at most 5 s long), the largest window's sum of scores.
   */
  cumulativeLayoutShift(): { cls: number; shifts: number } {
    const shifts = this.renderer
      .filter((event) => event.name === 'LayoutShift' && !event.args?.data?.had_recent_input)
      .map((event) => ({ ts: event.ts, score: Number(event.args?.data?.weighted_score_delta ?? event.args?.data?.score ?? 0) }))
      .filter((shift) => shift.score > 0)
      .sort((a, b) => a.ts - b.ts);
    let cls = 0;
    let session = { from: -Infinity, last: -Infinity, sum: 0 };
    for (const shift of shifts) {
      if (shift.ts - session.last >= 1e6 || shift.ts - session.from >= 5e6) session = { from: shift.ts, last: shift.ts, sum: 0 };
      session.sum += shift.score;
      session.last = shift.ts;
      cls = Math.max(cls, session.sum);
    }
    return { cls, shifts: shifts.length };
  }

  /** Total blocking time in the window: what each main-thread task took past 50 ms, summed, in ms. */
  blockingMs(window: Window): number {
    return this.tasks(window)
      .filter((task) => task.ts >= window.from)
      .reduce((sum, task) => sum + Math.max(0, task.dur! - LONG_TASK_US), 0) / 1000;
  }

  /**
   * Navigation start → the first frame drawn after the first headline was painted: the mark set
   * when a headline element appeared, the first main-thread Paint after it, the Commit that hands
   * it to the compositor, and the compositor's next DrawFrame. Undefined if no headline appeared.
   */
  firstHeadline(url: string): { paintedMs: number; drawnMs?: number } | undefined {
    const navigation = this.navigationStart(url);
    const mark = this.main.find((event) => event.name === FIRST_HEADLINE_MARK);
    if (navigation === undefined || !mark) return undefined;
    const paint = this.main.find((event) => event.name === 'Paint' && event.ph === 'X' && event.ts >= mark.ts);
    if (!paint) return undefined;
    const paintEnd = paint.ts + (paint.dur ?? 0);
    const commit = this.main.find((event) => event.name === 'Commit' && event.ph === 'X' && event.ts >= paintEnd);
    const drawn = commit && this.renderer.find((event) => event.name === 'DrawFrame' && event.ts >= commit.ts + (commit.dur ?? 0));
    return { paintedMs: (paintEnd - navigation) / 1000, ...(drawn ? { drawnMs: (drawn.ts - navigation) / 1000 } : {}) };
  }
}

function committedRenderer(events: TraceEvent[], url: string): number | undefined {
  return events.findLast((event) => event.name === 'FrameCommittedInBrowser' && event.args?.data?.url === url)?.args?.data?.processId;
}

function startedRenderer(events: TraceEvent[]): number | undefined {
  const started = events.find((event) => event.name === 'TracingStartedInBrowser');
  const frames: Array<{ processId: number; isOutermostMainFrame?: boolean }> = started?.args?.data?.frames ?? [];
  return (frames.find((frame) => frame.isOutermostMainFrame) ?? frames[0])?.processId;
}
