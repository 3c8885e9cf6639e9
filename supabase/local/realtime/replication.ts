// The change stream: Postgres logical replication (pgoutput) of the `supabase_realtime` publication,
// read through a permanent slot. The slot is acknowledged only after a transaction's changes were
// handed out (at its commit), so a restarted service resumes where it stopped: no change is missed.
// (Handing out is asynchronous: the server batches; acknowledgements follow in commit order.)
// A transaction's changes are handed out as they arrive, a few hundred at a time, the stream paused
// until the server has taken them: Postgres sends only committed transactions, so nothing need wait
// for the commit but the acknowledgement. Holding a whole transaction first ran the service out of
// memory on a big one (a million-row restore or bulk update), again after each restart.
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';

export const slotName = 'taizhang_realtime';

export type Row = Record<string, string | null>;
export type Change = {
  kind: 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string;
  /** Column names with their type oids, in table order. */
  columns: { name: string; typeOid: number }[];
  /** The new row (insert, update) and the old one (update, delete; whole: replica identity full), values as text. */
  record: Row | null;
  old: Row | null;
  commitTimestamp: string;
  /** When the service handed the change to the server (ms since the epoch): at the commit, or as a big transaction's changes arrive. */
  receivedAt: number;
};

/** pgoutput's values left as the text Postgres sent (the database types them again for the client). */
class TextPgoutputPlugin extends PgoutputPlugin {
  constructor(options: Pgoutput.Options) {
    super(options);
    const parser = (this as unknown as { parser: { readRelationColumn: (reader: unknown) => { parser: (raw: unknown) => unknown } } }).parser;
    const read = parser.readRelationColumn.bind(parser);
    parser.readRelationColumn = (reader) => ({ ...read(reader), parser: (raw: unknown) => raw });
  }
}

export type Replication = { stop(): Promise<void> };

/** A transaction's changes go to the server this many at a time (a small one at its commit). */
export const handOutEvery = 500;

export async function startReplication(
  dbUrl: string,
  onTransaction: (changes: Change[]) => Promise<void>,
  onFatal: (why: string) => void,
): Promise<Replication> {
  const service = new LogicalReplicationService(
    { connectionString: dbUrl },
    { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
  );
  const plugin = new TextPgoutputPlugin({ protoVersion: 1, publicationNames: ['supabase_realtime'] });
  let pending: Change[] = [];
  let commitTimestamp = new Date().toISOString();
  let confirmed = '0/0';
  let acknowledged: Promise<void> = Promise.resolve();
  let stopping = false;

  // One column list per table (as pgoutput last described it), shared by its changes.
  const columnsOf = new WeakMap<Pgoutput.MessageRelation, Change['columns']>();
  const columns = (relation: Pgoutput.MessageRelation) => {
    let list = columnsOf.get(relation);
    if (!list) columnsOf.set(relation, (list = relation.columns.map((c) => ({ name: c.name, typeOid: c.typeOid }))));
    return list;
  };
  const handOut = (changes: Change[]): Promise<void> => {
    const receivedAt = Date.now();
    for (const c of changes) c.receivedAt = receivedAt;
    return changes.length ? onTransaction(changes) : Promise.resolve();
  };

  service.on('data', async (_lsn: string, message: Pgoutput.Message) => {
    switch (message.tag) {
      case 'begin':
        pending = [];
        commitTimestamp = new Date(Number((message.commitTime as bigint) / 1000n)).toISOString();
        return;
      case 'insert':
      case 'update':
      case 'delete': {
        const relation = message.relation;
        const old = message.tag === 'insert' ? null : ((message.old ?? message.key) as Row | null);
        let record = message.tag === 'delete' ? null : (message.new as Row);
        // An unchanged TOASTed value is not resent: take it from the old row.
        if (record && old) record = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === undefined ? (old[k] ?? null) : v]));
        pending.push({
          kind: message.tag.toUpperCase() as Change['kind'],
          schema: relation.schema,
          table: relation.name,
          columns: columns(relation),
          record,
          old,
          commitTimestamp,
          receivedAt: 0,
        });
        if (pending.length >= handOutEvery) {
          // Awaited: with flow control the stream stays paused until the server has taken them.
          const changes = pending;
          pending = [];
          await handOut(changes);
        }
        return;
      }
      case 'commit': {
        const changes = pending;
        pending = [];
        // Handed to the server without waiting (it batches what arrives meanwhile); the slot is
        // acknowledged once this transaction, and all before it, went out.
        const handled = handOut(changes);
        const lsn = message.commitEndLsn;
        acknowledged = acknowledged
          .then(() => handled)
          .then(async () => {
            if (!lsn || stopping) return;
            confirmed = lsn;
            await service.acknowledge(lsn);
          })
          .catch(() => undefined);
        return;
      }
      default:
        return;
    }
  });
  // Postgres asks for a reply now and then (wal_sender_timeout): the last transaction handed out.
  service.on('heartbeat', (_lsn: string, _timestamp: number, shouldRespond: boolean) => {
    if (shouldRespond) void service.acknowledge(confirmed);
  });
  service.on('error', (e: Error) => {
    if (!stopping) onFatal(`replication: ${e.message}`);
  });
  service.subscribe(plugin, slotName).then(
    () => {
      if (!stopping) onFatal('replication stream ended');
    },
    (e: unknown) => {
      if (!stopping) onFatal(`replication: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return {
    stop: async () => {
      stopping = true;
      await service.destroy().catch(() => undefined);
    },
  };
}
