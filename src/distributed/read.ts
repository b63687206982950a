// Reading back every message of a subject filter: an ephemeral pull consumer without acks,
// fetched in large batches, stopped once it has delivered as many messages as were pending when
// it was made (the stream may still grow; what comes later is for the next reading).
import { AckPolicy, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import type { Connection } from "./jetstream.js";

export async function readAll(conn: Connection, stream: string, filter: string, each: (m: JsMsg) => void): Promise<number> {
  const info = await conn.jsm.consumers.add(stream, {
    filter_subject: filter,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: 30e9,
    mem_storage: true,
  });
  try {
    const expected = info.num_pending;
    if (expected === 0) return 0;
    const consumer = await conn.js.consumers.get(stream, info.name);
    let seen = 0;
    while (seen < expected) {
      const batch = await consumer.fetch({ max_messages: Math.min(2000, expected - seen), expires: 5000 });
      let got = 0;
      for await (const m of batch) {
        each(m);
        got++;
        seen++;
      }
      if (got === 0) throw new Error(`reading ${filter} from ${stream} stalled after ${seen} of ${expected} messages`);
    }
    return seen;
  } finally {
    await conn.jsm.consumers.delete(stream, info.name).catch(() => undefined);
  }
}
