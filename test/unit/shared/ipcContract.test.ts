import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildApi, type ShotlineApi, type Transport } from '../../../src/shared/ipc/api';
import {
  CALLS,
  CHANNELS,
  EVENTS,
  EVENT_NAMES,
  type CallInput,
  type Channel,
  type EventName,
  type EventPayload,
} from '../../../src/shared/ipc/contract';
import { CHANNEL_PATTERN, EVENT_PATTERN, splitChannel } from '../../../src/shared/ipc/define';
import type { Project, ProjectSummary } from '../../../src/shared/domain/schemas';
import type { Result } from '../../../src/shared/result';

/** A transport that records what the api sends and hands back what the test says. */
function recordingTransport() {
  const invoked: { channel: Channel; input: unknown }[] = [];
  const listeners = new Map<EventName, ((payload: unknown) => void)[]>();
  const disposed: EventName[] = [];
  const transport: Transport = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input });
      return { ok: true, value: { echo: channel } };
    },
    subscribe: (event, listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => disposed.push(event);
    },
  };
  return { transport, invoked, listeners, disposed };
}

describe('the contract', () => {
  it('names every channel domain:verb', () => {
    expect(CHANNELS.length).toBeGreaterThan(20);
    for (const c of CHANNELS) expect(c).toMatch(CHANNEL_PATTERN);
  });

  it('names every event onSomething', () => {
    expect(EVENT_NAMES).toEqual(expect.arrayContaining(['onProjectChanged', 'onProjectsChanged']));
    for (const e of EVENT_NAMES) expect(e).toMatch(EVENT_PATTERN);
  });

  it('has patterns that actually reject bad names', () => {
    for (const bad of [
      'projects',
      'projects:',
      ':list',
      'Projects:list',
      'projects:List',
      'projects:list:all',
      'pro-jects:list',
      'projects:list2',
    ])
      expect(bad).not.toMatch(CHANNEL_PATTERN);
    for (const bad of ['projectChanged', 'on', 'onproject', 'on-project', 'ONProject']) expect(bad).not.toMatch(EVENT_PATTERN);
  });

  it('gives every call an input and output schema and every event a payload schema', () => {
    for (const c of CHANNELS) {
      expect(typeof CALLS[c].input.safeParse).toBe('function');
      expect(typeof CALLS[c].output.safeParse).toBe('function');
    }
    for (const e of EVENT_NAMES) expect(typeof EVENTS[e].payload.safeParse).toBe('function');
  });

  it('marks exactly the path-based file calls as local-only', () => {
    const localOnly = CHANNELS.filter((c) => (CALLS[c] as { localOnly?: boolean }).localOnly === true).sort();
    expect(localOnly).toEqual([
      'cameos:importFile',
      'cameos:importShared',
      'dialogue:importTake',
      'files:chooseFolder',
      'files:showInFolder',
      'models:analyze',
      'models:importPack',
      'models:inspectPack',
      'music:import',
      'projects:exportFile',
      'projects:importFile',
    ]);
  });

  it('validates inputs: shots:update needs projectId, shotId and patch', () => {
    const input = CALLS['shots:update'].input;
    expect(input.safeParse({ projectId: 'p', shotId: 's', patch: { prompt: 'x' } }).success).toBe(true);
    expect(input.safeParse({ projectId: 'p', patch: {} }).success).toBe(false);
    expect(input.safeParse({ projectId: 'p', shotId: 's' }).success).toBe(false);
    expect(input.safeParse({ projectId: 'p', shotId: 's', patch: { prompt: 'x'.repeat(10_001) } }).success).toBe(false);
  });
});

describe('buildApi', () => {
  it('makes one function per channel at api[domain][verb] that invokes that channel', async () => {
    const { transport, invoked } = recordingTransport();
    const api = buildApi(transport) as unknown as Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>>;
    for (const channel of CHANNELS) {
      const { domain, verb } = splitChannel(channel);
      expect(typeof api[domain]?.[verb]).toBe('function');
      const input = { marker: channel };
      await expect(api[domain]![verb]!(input)).resolves.toEqual({ ok: true, value: { echo: channel } });
      expect(invoked.at(-1)).toEqual({ channel, input });
    }
    expect(invoked).toHaveLength(CHANNELS.length);
    const domains = Object.keys(api).filter((k) => k !== 'events');
    const verbs = domains.flatMap((d) => Object.keys(api[d]!).map((v) => `${d}:${v}`));
    expect(verbs.sort()).toEqual([...CHANNELS].sort());
  });

  it('sends {} when called without input', async () => {
    const { transport, invoked } = recordingTransport();
    const api = buildApi(transport);
    await (api.projects.list as unknown as () => Promise<unknown>)();
    expect(invoked).toEqual([{ channel: 'projects:list', input: {} }]);
  });

  it('makes one subscribe function per event under api.events, returning the disposer', () => {
    const { transport, listeners, disposed } = recordingTransport();
    const api = buildApi(transport);
    expect(Object.keys(api.events).sort()).toEqual([...EVENT_NAMES].sort());
    const seen: unknown[] = [];
    const dispose = api.events.onProjectChanged((p) => seen.push(p));
    listeners.get('onProjectChanged')![0]!({ projectId: 'p', updatedAt: 't', origin: null });
    expect(seen).toEqual([{ projectId: 'p', updatedAt: 't', origin: null }]);
    dispose();
    expect(disposed).toEqual(['onProjectChanged']);
  });
});

describe('contract types (checked by tsc -p tsconfig.node.json)', () => {
  it('types every api function from the contract', () => {
    expectTypeOf<ShotlineApi['projects']['list']>().returns.resolves.toEqualTypeOf<Result<ProjectSummary[]>>();
    expectTypeOf<ShotlineApi['projects']['open']>().returns.resolves.toEqualTypeOf<Result<Project>>();
    expectTypeOf<ShotlineApi['shots']['update']>().returns.resolves.toEqualTypeOf<Result<Project>>();
    expectTypeOf<ShotlineApi['shots']['add']>().returns.resolves.toEqualTypeOf<Result<{ project: Project; shotId: string }>>();
    expectTypeOf<ShotlineApi['projects']['delete']>().returns.resolves.toEqualTypeOf<Result<{ projectId: string }>>();

    type UpdateInput = CallInput<'shots:update'>;
    expectTypeOf<ShotlineApi['shots']['update']>().parameter(0).toEqualTypeOf<UpdateInput>();
    expectTypeOf<UpdateInput['projectId']>().toEqualTypeOf<string>();
    expectTypeOf<UpdateInput['shotId']>().toEqualTypeOf<string>();
    expectTypeOf<UpdateInput>().toHaveProperty('patch');
    expectTypeOf<UpdateInput['patch']['prompt']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<UpdateInput['patch']['durationFrames']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ projectId: string; shotId: string }>().not.toExtend<UpdateInput>();
    expectTypeOf<{ projectId: string; patch: object }>().not.toExtend<UpdateInput>();
    expectTypeOf<{ projectId: string; shotId: string; patch: { prompt: string } }>().toExtend<UpdateInput>();

    expectTypeOf<EventPayload<'onProjectChanged'>>().toEqualTypeOf<{ projectId: string; updatedAt: string; origin: string | null }>();
    expectTypeOf<ShotlineApi['events']['onProjectChanged']>().returns.toEqualTypeOf<() => void>();
    expectTypeOf<keyof ShotlineApi>().toEqualTypeOf<
      | 'app'
      | 'projects'
      | 'shots'
      | 'characters'
      | 'dialogue'
      | 'sound'
      | 'continuity'
      | 'locations'
      | 'render'
      | 'models'
      | 'lipsync'
      | 'music'
      | 'queue'
      | 'files'
      | 'profiles'
      | 'cameos'
      | 'notifications'
      | 'feed'
      | 'events'
    >();
  });

  it('rejects wrong channels, verbs and inputs at compile time', () => {
    const api = buildApi(recordingTransport().transport);
    // Each line below must be a type error; if the contract loosens, tsc reports an unused directive.
    const wrong = () => {
      // @ts-expect-error there is no shots:rename verb
      void api.shots.rename({ projectId: 'p', shotId: 's' });
      // @ts-expect-error there is no "media" domain
      void api.media.list({});
      // @ts-expect-error shots:update requires shotId
      void api.shots.update({ projectId: 'p', patch: {} });
      // @ts-expect-error durationFrames is a number of frames, not text
      void api.shots.update({ projectId: 'p', shotId: 's', patch: { durationFrames: '96' } });
      // @ts-expect-error projects:open needs a projectId
      void api.projects.open({});
      // @ts-expect-error onProjectChanged payloads have no "name"
      api.events.onProjectChanged((p) => p.name);
      // @ts-expect-error there is no onShotRendered event
      api.events.onShotRendered(() => undefined);
    };
    expect(typeof wrong).toBe('function');
    const ok: Channel = 'shots:update';
    // @ts-expect-error "shots:rename" is not a Channel
    const bad: Channel = 'shots:rename';
    expect([ok, bad]).toHaveLength(2);
  });
});

describe('export file names', () => {
  const parse = (fileName: string) =>
    CALLS['render:export'].input.safeParse({ projectId: 'proj_x', preset: '720p', fileName, creator: '' });
  it.each(['Rooftop', 'Rooftop (2).mp4', 'Dächer über Köln', '屋上', 'console', 'con-test', 'a.b'])('accepts %s', (name) => {
    expect(parse(name).success).toBe(true);
  });
  it.each([
    ['', 'must not be empty'],
    ['a/b', 'must not contain /'],
    ['a:b', 'must not contain /'],
    ['tab\there', 'control characters'],
    ['CON', 'Windows reserves'],
    ['nul.mp4', 'Windows reserves'],
    ['Lpt1.tar.gz', 'Windows reserves'],
    ['ends.', 'end in a dot'],
  ])('refuses %j, saying why', (name, why) => {
    const r = parse(name);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(' ')).toContain(why);
  });
});
