// The C2PA manifest definition of an export (plain data; c2pa-rs turns it into CBOR assertions).
import type { ExportCredentials, ShotEngine } from './types';

export const DIGITAL_SOURCE_TYPE = {
  /** Made by a trained model (a model pack). */
  trained: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  /** Made by an algorithm without training data: Shotline's procedural previz. */
  algorithmic: 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
} as const;

/** The engine name of procedural previz renders; any other engine is a model pack. */
export const PREVIZ_ENGINE = 'Previz';

export const ENGINES_LABEL = 'app.shotline.engines';
export const CREATIVE_WORK_LABEL = 'stds.schema-org.CreativeWork';

export const isProcedural = (e: ShotEngine): boolean => e.engine === PREVIZ_ENGINE;

/**
 * Honest about what made the pictures: a single shot from a model pack makes the whole video
 * trained-model output; only an all-previz cut is merely algorithmic.
 */
export function digitalSourceTypeFor(engines: ShotEngine[]): string {
  return engines.every(isProcedural) ? DIGITAL_SOURCE_TYPE.algorithmic : DIGITAL_SOURCE_TYPE.trained;
}

/** The payload of the `app.shotline.engines` assertion. */
export interface EnginesAssertion {
  projectName: string;
  shots: { shotTitle: string; engine: string; kind: 'procedural' | 'model' }[];
}

export function buildManifestDefinition(m: ExportCredentials): Record<string, unknown> {
  const agent = { name: 'Shotline', version: m.appVersion };
  const creator = m.creator.trim();
  const engines: EnginesAssertion = {
    projectName: m.projectName,
    shots: m.engines.map((e) => ({ shotTitle: e.shotTitle, engine: e.engine, kind: isProcedural(e) ? 'procedural' : 'model' })),
  };
  const creativeWork: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    name: m.title,
    dateCreated: m.createdAt,
    isPartOf: { '@type': 'CreativeWork', name: m.projectName },
    // An empty creator field means the user chose not to name themselves: no author at all then.
    ...(creator ? { author: [{ '@type': 'Person', name: creator }] } : {}),
  };
  const engineList = [...new Set(m.engines.map((e) => e.engine))];
  return {
    claim_generator_info: [agent],
    title: m.title,
    format: 'video/mp4',
    assertions: [
      {
        label: 'c2pa.actions',
        data: {
          actions: [
            {
              action: 'c2pa.created',
              when: m.createdAt,
              softwareAgent: agent,
              digitalSourceType: digitalSourceTypeFor(m.engines),
              description: `Made with Shotline ${m.appVersion}; pictures by ${engineList.join(', ') || 'no shots'}`,
            },
          ],
        },
      },
      // c2pa-rs 0.90 still accepts this schema.org assertion in v2 claims; it is what current
      // C2PA readers show as the author.
      { label: CREATIVE_WORK_LABEL, kind: 'Json', data: creativeWork },
      { label: ENGINES_LABEL, data: engines },
    ],
  };
}
