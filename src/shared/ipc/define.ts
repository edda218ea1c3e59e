import type { z } from 'zod';

/** One request/response call of the contract. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Calls that only work where the studio can touch the local disk directly (Electron, CLI). */
  localOnly?: boolean;
}

/** One event pushed from the engine to every connected renderer. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
}

export const call = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  opts: { localOnly?: boolean } = {},
): CallSpec<I, O> => ({
  input,
  output,
  ...opts,
});

export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });

/** IPC channel names are `domain:verb`; events are `onSomething`. */
export const CHANNEL_PATTERN = /^[a-z]+:[a-z][A-Za-z]*$/;
export const EVENT_PATTERN = /^on[A-Z][A-Za-z]*$/;

export function splitChannel(channel: string): { domain: string; verb: string } {
  const [domain, verb] = channel.split(':') as [string, string];
  return { domain, verb };
}
