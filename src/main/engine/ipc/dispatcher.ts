import { CALLS, type CallOutput, type Channel, type ParsedInput } from '../../../shared/ipc/contract';
import { describeIssues } from '../../../shared/domain/schemas';
import { AppError, fail, ok, type Result } from '../../../shared/result';
import type { Logger } from '../logger';

export interface CallContext {
  /** The client that made the call (window id or WebSocket client id); echoed in change events. */
  origin: string | null;
  transport: 'electron' | 'server' | 'cli';
}

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>, ctx: CallContext) => CallOutput<C> | Promise<CallOutput<C>>;
};

/**
 * The single entry point of every transport: checks the channel, parses the input with its
 * schema, runs the handler, and answers with a `Result`. Nothing thrown escapes as an exception.
 */
export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly log: Logger,
  ) {}

  async dispatch(channel: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (!Object.hasOwn(CALLS, channel)) return fail('UNKNOWN_CHANNEL', `Unknown call "${String(channel).slice(0, 80)}".`);
    const spec = CALLS[channel as Channel];
    if (spec.localOnly && ctx.transport === 'server') {
      return fail(
        'PERMISSION_DENIED',
        `"${channel}" reads or writes files by path and is only available in the desktop app. In the browser, use Import and Export instead.`,
      );
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail('INVALID_INPUT', describeIssues(parsed.error.issues), {
        issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      });
    }
    try {
      const handler = this.handlers[channel as Channel] as (input: unknown, ctx: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (e) {
      if (e instanceof AppError) {
        this.log.info('call refused', { channel, code: e.code, message: e.message });
        return { ok: false, error: e.toShape() };
      }
      const message = e instanceof Error ? e.message : String(e);
      this.log.error('call failed', { channel, message, stack: e instanceof Error ? e.stack : undefined });
      return fail('INTERNAL', `Something went wrong in "${channel}": ${message}. Details are in the log.`);
    }
  }
}
