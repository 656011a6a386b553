import type { Context, Output } from './commands.js';
import { CliError, EXIT } from './exit-codes.js';

/** The actions of a command with sub-commands (`ajel <group> <action> ...`), by name. */
export type Actions = Record<string, (context: Context) => Promise<Output>>;

/** Runs the action the first word names, or `fallback` when none is given. */
export function runAction(group: string, actions: Actions, context: Context, fallback?: string): Promise<Output> {
  const action = context.positionals[0] ?? fallback;
  const run = action !== undefined && Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (run) return run(context);
  const asked = action === undefined ? 'which action?' : `unknown ${group} action "${action}":`;
  throw new CliError(EXIT.usage, `${asked} ajel ${group} ${Object.keys(actions).join(' | ')}`);
}

/** The ID after the action word (`ajel <group> <action> ID`); `thing` names it in the usage error. */
export function idArgument(context: Context, group: string, thing: string, action: string): string {
  const id = context.positionals[1];
  if (!id) throw new CliError(EXIT.usage, `${thing} ID is missing; usage: ajel ${group} ${action} ID`);
  return id;
}

/** The path of a record (and of one of its actions) under its collection: `/<id>[/action]`. */
export const recordPath = (id: string, action = '') => `/${encodeURIComponent(id)}${action}`;
