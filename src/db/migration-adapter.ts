import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";

/**
 * The connection the offline schema engine migrates and diffs through. Two gaps of the pg
 * driver adapter that only the engine's schema reader meets are bridged here:
 * - the shadow database of a diff is made from `{ ...pool.options, database }`: a
 *   connectionString would win over that `database`, and pg-pool hides the password from the
 *   spread, so the config is given as fields and the client puts the password back;
 * - pg_catalog's one-byte type "char" (relkind, contype …) is not a type the adapter knows;
 *   such columns reach the engine as Character, as they do from its native driver;
 * - the shadow database is dropped only after its pool has ended.
 */
export function migrationPoolConfig(url: string): pg.PoolConfig {
  const { database, user, password, host, port, ssl } = parseConnectionString(url);
  return {
    ...(database ? { database } : {}),
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
    ...(host ? { host } : {}),
    ...(port ? { port: Number(port) } : {}),
    ...(ssl !== undefined ? { ssl } : {}),
    Client: class extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        super({ ...config, password: config?.password ?? password ?? undefined });
        markCharColumns(this);
      }
    },
  } as pg.PoolConfig;
}

export function migrationAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => restoreCharColumns(await connect());
  factory.connectToShadowDb = async () => {
    const shadow = restoreCharColumns(await connectToShadowDb());
    // Its dispose drops the shadow database before ending the pool that is still connected to
    // it ("being accessed by other users"): end the pool first, once.
    const shadowPool = (shadow as unknown as { client: pg.Pool }).client;
    const end = shadowPool.end.bind(shadowPool);
    let ended: Promise<void> | undefined;
    shadowPool.end = () => {
      ended ??= end();
      return ended;
    };
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await shadowPool.end();
      await dispose();
    };
    return shadow;
  };
  return factory;
}

const charOid = 18;
const textOid = 25;
const charMark = "\u0000char";

function markCharColumns(client: pg.Client): void {
  const mark = (result: unknown) => {
    for (const field of (result as pg.QueryResult | undefined)?.fields ?? []) {
      if (field.dataTypeID !== charOid) continue;
      field.dataTypeID = textOid;
      field.name += charMark;
    }
    return result;
  };
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        callback(error, error ? result : mark(result));
      return query(...args);
    }
    const pending = query(...args);
    return pending instanceof Promise ? pending.then(mark) : pending;
  }) as typeof client.query;
}

function restoreCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, index) => {
      if (!name.endsWith(charMark)) return;
      result.columnNames[index] = name.slice(0, -charMark.length);
      result.columnTypes[index] = ColumnTypeEnum.Character;
    });
    return result;
  };
  return queryable;
}
