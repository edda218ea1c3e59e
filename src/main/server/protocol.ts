import { z } from 'zod';

/**
 * Messages of the server-mode WebSocket. The client authenticates with the per-launch token as
 * a WebSocket subprotocol ("token.<token>") next to the protocol name, so the token never
 * appears in a URL or a log line.
 */
export const WS_PROTOCOL = 'shotline.v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export const ClientMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  { type: 'hello'; clientId: string } | { type: 'result'; id: number; result: unknown } | { type: 'event'; name: string; payload: unknown };
