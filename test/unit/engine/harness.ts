import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../../src/main/engine/createEngine';
import type { CallContext } from '../../../src/main/engine/ipc/dispatcher';
import { silentLogger } from '../../../src/main/engine/logger';
import type { CallInput, CallOutput, Channel } from '../../../src/shared/ipc/contract';
import type { AppErrorShape, Result } from '../../../src/shared/result';

/** Engine options a test may set (the harness owns the data folder, version, logger and clock). */
export type HarnessOptions = Omit<Partial<EngineOptions>, 'dataDir' | 'appVersion' | 'logger' | 'clock'>;

export const CLI: CallContext = { origin: null, transport: 'cli' };

/** A real engine on a fresh temp data folder, with a clock that ticks one second per call. */
export class EngineHarness {
  engine: Engine;
  private tick = 0;

  constructor(
    readonly dataDir: string = mkdtempSync(join(tmpdir(), 'shotline-engine-')),
    opts: HarnessOptions = {},
  ) {
    this.engine = this.start(opts);
  }

  private start(opts: HarnessOptions = {}): Engine {
    return createEngine({
      dataDir: this.dataDir,
      appVersion: '0.0.0-test',
      logger: silentLogger,
      clock: () => new Date(Date.UTC(2025, 0, 1) + 1000 * this.tick++).toISOString(),
      ...opts,
    });
  }

  /** Closes the engine and starts a new one on the same data folder. */
  reopen(opts: HarnessOptions = {}): Engine {
    this.engine.close();
    this.engine = this.start(opts);
    return this.engine;
  }

  /** Dispatches with any input (for bad input tests). */
  raw(channel: string, input: unknown, ctx: CallContext = CLI): Promise<Result<unknown>> {
    return this.engine.dispatcher.dispatch(channel, input, ctx);
  }

  /** Dispatches a typed call and returns its value, failing the test on an error. */
  async ok<C extends Channel>(channel: C, input: CallInput<C>, ctx: CallContext = CLI): Promise<CallOutput<C>> {
    const r = await this.raw(channel, input, ctx);
    if (!r.ok) expect.fail(`${channel} failed: ${r.error.code} ${r.error.message}`);
    return r.value as CallOutput<C>;
  }

  /** Dispatches a call that must fail and returns the error. */
  async err(channel: string, input: unknown, ctx: CallContext = CLI): Promise<AppErrorShape> {
    const r = await this.raw(channel, input, ctx);
    if (r.ok) expect.fail(`${channel} succeeded but should have failed`);
    return r.error;
  }

  dispose(): void {
    this.engine.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
