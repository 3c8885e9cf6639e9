// The Phoenix channel wire format that @supabase/realtime-js (vsn 2.0.0) speaks: text frames are
// JSON arrays [join_ref, ref, topic, event, payload]; a broadcast the client sends with a string
// event comes as a binary "user broadcast push" (kind 3, lib/serializer.js in realtime-js).

export type Message = { joinRef: string | null; ref: string | null; topic: string; event: string; payload: Record<string, unknown> };

export function encode(m: Message): string {
  return JSON.stringify([m.joinRef, m.ref, m.topic, m.event, m.payload]);
}

const userBroadcastPush = 3;
const jsonEncoding = 1;

/** A frame from the client, or null when it is not one this server understands. */
export function decode(data: Buffer, isBinary: boolean): Message | null {
  if (!isBinary) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 5) return null;
    const [joinRef, ref, topic, event, payload] = parsed as [unknown, unknown, unknown, unknown, unknown];
    if (typeof topic !== 'string' || typeof event !== 'string') return null;
    return {
      joinRef: typeof joinRef === 'string' ? joinRef : null,
      ref: typeof ref === 'string' ? ref : null,
      topic,
      event,
      payload: payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {},
    };
  }
  // kind, join_ref length, ref length, topic length, event length, metadata length, encoding, then the strings and the payload.
  if (data.length < 7 || data[0] !== userBroadcastPush) return null;
  const [joinRefLength, refLength, topicLength, eventLength, metaLength, encoding] = [data[1], data[2], data[3], data[4], data[5], data[6]];
  let offset = 7;
  const take = (n: number): string => {
    const s = data.subarray(offset, offset + n).toString('utf8');
    offset += n;
    return s;
  };
  const joinRef = take(joinRefLength);
  const ref = take(refLength);
  const topic = take(topicLength);
  const event = take(eventLength);
  const meta = take(metaLength);
  const body = data.subarray(offset);
  let payload: unknown;
  if (encoding === jsonEncoding) {
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return null;
    }
  } else {
    // Binary payloads are passed on as base64 text (this server sends JSON frames only).
    payload = body.toString('base64');
  }
  const extra = meta ? (JSON.parse(meta) as Record<string, unknown>) : {};
  return { joinRef: joinRef || null, ref: ref || null, topic, event: 'broadcast', payload: { ...extra, type: 'broadcast', event, payload } };
}

export const reply = (m: Message, status: 'ok' | 'error', response: Record<string, unknown> = {}): Message => ({
  joinRef: m.joinRef,
  ref: m.ref,
  topic: m.topic,
  event: 'phx_reply',
  payload: { status, response },
});
