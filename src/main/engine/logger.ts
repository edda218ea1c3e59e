import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** JSON lines in `<logDir>/shotline.log`, mirrored to stderr for warnings and errors. */
export function createFileLogger(logDir: string, opts: { echo?: boolean } = {}): Logger {
  mkdirSync(logDir, { recursive: true });
  const file = join(logDir, 'shotline.log');
  const write = (level: LogLevel, message: string, context?: Record<string, unknown>) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, message, ...context });
    try {
      appendFileSync(file, line + '\n');
    } catch {
      // A full disk must not take the studio down with it; stderr still gets the line.
    }
    if (opts.echo && (level === 'warn' || level === 'error')) process.stderr.write(line + '\n');
  };
  return {
    debug: (m, c) => write('debug', m, c),
    info: (m, c) => write('info', m, c),
    warn: (m, c) => write('warn', m, c),
    error: (m, c) => write('error', m, c),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
