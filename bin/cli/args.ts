import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes. */
export const GLOBAL_OPTIONS = {
  server: { type: 'string', short: 's' },
  key: { type: 'string', short: 'k' },
  channel: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface Parsed {
  command: string | undefined;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Splits `argv` into the command (its first word, wherever the global flags are) and parses the
 * rest strictly against the global flags and that command's own.
 */
export function parseCommandLine(argv: string[], commandOptions: (command: string) => Options | undefined): Parsed {
  const index = commandIndex(argv);
  const command = index === -1 ? undefined : argv[index];
  const rest = index === -1 ? argv : [...argv.slice(0, index), ...argv.slice(index + 1)];
  const own = command === undefined ? {} : commandOptions(command);
  if (own === undefined) throw new CliError(EXIT.usage, `unknown command "${command}"; see ajel --help`);
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...own }, strict: true, allowPositionals: true });
    return { command, values: values as Parsed['values'], positionals };
  } catch (error) {
    const reason = (error as Error).message.split('. ')[0];
    throw new CliError(EXIT.usage, `${reason}; see ${command ? `ajel ${command} --help` : 'ajel --help'}`);
  }
}

/** Where the command word is: the first argument that is neither a flag nor a global flag's value. */
function commandIndex(argv: string[]): number {
  const takesValue = new Set(
    Object.entries(GLOBAL_OPTIONS).flatMap(([name, option]) => (option.type === 'string' ? [`--${name}`, `-${'short' in option ? option.short : ''}`] : [])),
  );
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (takesValue.has(arg)) i++;
    else if (!arg.startsWith('-') || arg === '-') return i;
  }
  return -1;
}

/** "90", "90s", "30m", "2h", "1d" as seconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d{1,7})([smhd]?)$/.exec(value.trim());
  if (!match) throw new CliError(EXIT.usage, `${flag}: expected a duration such as 90, 30m, 2h or 1d, got "${value}"`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
