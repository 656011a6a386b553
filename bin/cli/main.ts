import { parseCommandLine } from './args.js';
import { AjelClient } from './client.js';
import { COMMANDS, type Command } from './commands.js';
import { CliError, EXIT } from './exit-codes.js';

const DEFAULT_SERVER = 'http://localhost:8080';
const DEFAULT_CHANNEL = 'ar-main';

const GLOBAL_HELP = `Flags for every command:
  -s, --server URL    the Ajel server (env AJEL_SERVER, default ${DEFAULT_SERVER})
  -k, --key KEY       an editor key (env AJEL_KEY); prefer the environment, flags show in process lists
  -c, --channel C     the channel (env AJEL_CHANNEL, default ${DEFAULT_CHANNEL})
      --json          print the API's JSON answer instead of text
  -h, --help          this help

Exit codes: 0 done, 1 other failure, 2 usage, 3 input refused, 4 key missing/invalid/not allowed,
5 not found, 6 rate limited, 7 server unreachable or unavailable.`;

function help(command?: Command): string {
  if (command) return `usage: ${command.usage}\n${command.summary}\n\n${GLOBAL_HELP}`;
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `ajel: the Ajel newsroom from the command line\n\nusage: ajel COMMAND [flags] [arguments]\n\n${lines.join('\n')}\n\n${GLOBAL_HELP}\n\nExamples:\n  ajel publish --urgent "عاجل: ..." --url https://example.com/story\n  ajel list --channel en-world --json\n  ajel correct ID "corrected text"\n  ajel retract ID\n  ajel channels update ar-main --title "الأفق: عاجل" --link https://alofoq.example/`;
}

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(EXIT.usage, `--server: "${value}" is not a URL such as ${DEFAULT_SERVER}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(EXIT.usage, `--server: must be an http or https URL, got "${value}"`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one command line; returns the exit code, having printed the result or a one-line reason. */
export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, (name) => COMMANDS[name]?.options);
    const command = parsed.command === undefined ? undefined : COMMANDS[parsed.command];
    if (parsed.values.help) {
      process.stdout.write(`${help(command)}\n`);
      return EXIT.ok;
    }
    if (!command) throw new CliError(EXIT.usage, 'which command? see ajel --help');
    const { values } = parsed;
    const server = serverUrl((values.server as string | undefined) ?? env.AJEL_SERVER ?? DEFAULT_SERVER);
    const key = (values.key as string | undefined) ?? (env.AJEL_KEY || undefined);
    const channelFlag = values.channel as string | undefined;
    const output = await command.run({
      client: new AjelClient(server, key),
      channel: channelFlag ?? (env.AJEL_CHANNEL || DEFAULT_CHANNEL),
      channelGiven: channelFlag !== undefined,
      values,
      positionals: parsed.positionals,
      readStdin,
    });
    process.stdout.write(values.json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.human}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`ajel: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return error.code;
    }
    process.stderr.write(`ajel: unexpected error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
