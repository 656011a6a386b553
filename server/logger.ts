import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** JSON lines on stdout, or on `destination` (tests read the lines a node writes). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino({ level, base: { service: 'ajel' } }, destination) : pino({ level, base: { service: 'ajel' } });
}
