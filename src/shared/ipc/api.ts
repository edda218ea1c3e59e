import type { Result } from '../result';
import type { CallInput, CallOutput, Channel, EventName, EventPayload } from './contract';
import { CHANNELS, EVENT_NAMES } from './contract';
import { splitChannel } from './define';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
export type Domain = DomainOf<Channel>;

/** Unsubscribes; calling it twice is harmless. */
export type Disposer = () => void;

/** The typed api the renderer uses: `api.shots.update(input)` for the `shots:update` channel. */
export type ShotlineApi = {
  [D in Domain]: {
    [C in Channel as C extends `${D}:${infer V}` ? V : never]: (input: CallInput<C>) => Promise<Result<CallOutput<C>>>;
  };
} & {
  events: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => Disposer };
};

/** What a transport must provide; the api object is generated from the contract on top of it. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Disposer;
}

/** Builds the domain api from the contract's channel list. Used by the preload and the WebSocket client. */
export function buildApi(transport: Transport): ShotlineApi {
  const api: Record<string, Record<string, unknown>> = { events: {} };
  for (const channel of CHANNELS) {
    const { domain, verb } = splitChannel(channel);
    api[domain] ??= {};
    api[domain][verb] = (input: unknown) => transport.invoke(channel, input ?? {});
  }
  for (const name of EVENT_NAMES) {
    api.events![name] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  return api as unknown as ShotlineApi;
}
