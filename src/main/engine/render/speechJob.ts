import { z } from 'zod';
import { VoiceSchema } from '../../../shared/domain';
import { speakLine, type PackVoice } from '../dialogue/lineSpeech';
import { JobFailure } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';

export const SpeechPayloadSchema = z.object({
  text: z.string().min(1),
  voice: VoiceSchema,
  wavPath: z.string().min(1),
  phonesPath: z.string().min(1),
  label: z.string(),
});
export type SpeechPayload = z.infer<typeof SpeechPayloadSchema>;

/** Speaks one dialogue line (flite, in its own worker thread) into the speech cache. */
export function speechHandler(d: { mediaDir: string; packVoice?: PackVoice }): JobHandler<SpeechPayload> {
  return {
    kind: 'dialogue.tts',
    lane: 'cpu',
    payload: SpeechPayloadSchema,
    maxAttempts: 2,
    async run(ctx) {
      ctx.progress(0.1, `Speaking ${ctx.payload.label}`);
      try {
        const { phones } = await speakLine(ctx.payload, d.mediaDir, ctx.signal, d.packVoice);
        ctx.progress(1, 'Done');
        return { wavPath: ctx.payload.wavPath, phones: phones.length };
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        // A crashed flite instance is a retry's business; a voice that does not exist is not.
        const msg = e instanceof Error ? e.message : String(e);
        throw new JobFailure('TTS_FAILED', `Could not speak ${ctx.payload.label}: ${msg}`, /stopped|crash/i.test(msg));
      }
    },
  };
}
