import type { CameoUse } from '../../../shared/cameos';
import { JobFailure } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import type { ConsentService } from './consentService';

/** What a job that may show cameos carries: the cameos and the profile that queued it. */
export interface CameoCarrying {
  projectId: string;
  cameos: string[];
  profileId: string | null;
}

export interface GateOptions<P> {
  use: CameoUse;
  /** A line for the usage log ("Shot 2 'Kitchen' of 'My film'"). */
  detail: (payload: P) => string;
  /** The file the job made, so a later revocation can mark it. */
  output?: (payload: P, result: Record<string, unknown>) => { path: string; kind: 'take' | 'export' };
  /** Library-relative takes the job reads (an export): each must not be marked by a revocation. */
  inputs?: (payload: P) => string[];
}

/**
 * Wraps a job handler so consent is checked again when the job runs (a cameo can be revoked while
 * the job waits in the queue) and every successful use is logged. A refusal fails the job without
 * retries, naming the cameo and what to do.
 */
export function gateCameos<P extends CameoCarrying>(
  handler: JobHandler<P>,
  consent: () => ConsentService,
  o: GateOptions<P>,
): JobHandler<P> {
  return {
    ...handler,
    run: async (ctx) => {
      const p = ctx.payload;
      if (p.cameos.length === 0) return handler.run(ctx);
      const c = consent();
      const profileId = p.profileId ?? c.activeProfile().id;
      for (const input of o.inputs?.(p) ?? []) {
        try {
          c.assertOutputUsable(input, o.use, profileId);
        } catch (e) {
          throw new JobFailure('CAMEO_NOT_ALLOWED', e instanceof Error ? e.message : String(e), false);
        }
      }
      const denials = c.check(p.cameos, profileId, o.use);
      if (denials.length) throw new JobFailure('CAMEO_NOT_ALLOWED', denials.map((d) => d.message).join(' '), false);
      const result = await handler.run(ctx);
      const output = o.output?.(p, result);
      c.recordUse(p.cameos, profileId, o.use, { projectId: p.projectId, detail: o.detail(p), ...(output ? { output } : {}) });
      return result;
    },
  };
}
