import type { Sql } from './client.ts';
import { uuidArray } from './sql-helpers.ts';

export const ALERT_CHANNEL_KINDS = ['webhook', 'email'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/** A channel as anyone may see it: never its secret, only whether it has one. */
export interface AlertChannel {
  id: string;
  kind: AlertChannelKind;
  name: string;
  url: string | null;
  email: string | null;
  isDefault: boolean;
  secretSet: boolean;
  /** The setting that defines it (ALERT_WEBHOOK_URL, ALERT_EMAIL), or null for one made through the API. */
  setting: string | null;
  createdAt: Date;
}

/** What a delivery needs: the channel with its signing secret. Never answered, never logged. */
export interface AlertChannelForDelivery extends AlertChannel {
  secret: string | null;
}

export interface NewAlertChannel {
  kind: AlertChannelKind;
  name: string;
  url: string | null;
  email: string | null;
  secret: string | null;
  isDefault: boolean;
}

export type AlertChannelChange = Partial<Pick<NewAlertChannel, 'name' | 'url' | 'email' | 'secret' | 'isDefault'>>;

const toChannel = (r: Record<string, unknown>): AlertChannel => ({
  id: r.id as string,
  kind: r.kind as AlertChannelKind,
  name: r.name as string,
  url: (r.url as string | null) ?? null,
  email: (r.email as string | null) ?? null,
  isDefault: r.is_default as boolean,
  secretSet: r.secret_set as boolean,
  setting: (r.setting as string | null) ?? null,
  createdAt: r.created_at as Date,
});

/** The public columns, and whether a secret is set (the secret itself stays in the table). */
const PUBLIC = (sql: Sql) =>
  sql`id, kind, name, url, email, is_default, setting, created_at, (secret IS NOT NULL) AS secret_set`;

/** The `alert_channels` table. */
export function createAlertChannels(sql: Sql) {
  return {
    async list(): Promise<AlertChannel[]> {
      const rows = await sql`SELECT ${PUBLIC(sql)} FROM alert_channels ORDER BY created_at, id`;
      return rows.map(toChannel);
    },

    async get(id: string): Promise<AlertChannel | null> {
      const [row] = await sql`SELECT ${PUBLIC(sql)} FROM alert_channels WHERE id = ${id}`;
      return row ? toChannel(row) : null;
    },

    /** The channels that exist among `ids` (to refuse a rule naming one that does not). */
    async existing(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await sql`SELECT id FROM alert_channels WHERE id = ANY(${uuidArray(sql, ids)})`;
      return new Set(rows.map((r) => r.id as string));
    },

    /** With the secret: only for sending. */
    async forDelivery(id: string): Promise<AlertChannelForDelivery | null> {
      const [row] = await sql`SELECT ${PUBLIC(sql)}, secret FROM alert_channels WHERE id = ${id}`;
      return row ? { ...toChannel(row), secret: (row.secret as string | null) ?? null } : null;
    },

    /** Null when the name is taken. */
    async create(channel: NewAlertChannel, by: string): Promise<AlertChannel | null> {
      const [row] = await sql`
        INSERT INTO alert_channels (kind, name, url, email, secret, is_default, created_by)
        VALUES (${channel.kind}, ${channel.name}, ${channel.url}, ${channel.email}, ${channel.secret},
                ${channel.isDefault}, ${by})
        ON CONFLICT (name) DO NOTHING
        RETURNING ${PUBLIC(sql)}`;
      return row ? toChannel(row) : null;
    },

    async update(id: string, change: AlertChannelChange): Promise<AlertChannel | null> {
      const [row] = await sql`
        UPDATE alert_channels SET
          name = ${change.name ?? sql`name`},
          url = ${change.url !== undefined ? change.url : sql`url`},
          email = ${change.email !== undefined ? change.email : sql`email`},
          secret = ${change.secret !== undefined ? change.secret : sql`secret`},
          is_default = ${change.isDefault ?? sql`is_default`},
          updated_at = now()
        WHERE id = ${id}
        RETURNING ${PUBLIC(sql)}`;
      return row ? toChannel(row) : null;
    },

    /** Whether another channel already has `name`. */
    async nameTaken(name: string, exceptId: string | null = null): Promise<boolean> {
      const [row] =
        await sql`SELECT 1 FROM alert_channels WHERE name = ${name} AND id IS DISTINCT FROM ${exceptId}::uuid`;
      return Boolean(row);
    },

    /**
     * Deletes a channel (its notifications go with it) and takes it off the rules that named it;
     * a rule left with none notifies the default channels again rather than nobody.
     */
    async remove(id: string): Promise<boolean> {
      return sql.begin(async (tx) => {
        const rows = await tx`DELETE FROM alert_channels WHERE id = ${id} RETURNING id`;
        await tx`
          UPDATE alert_rules SET channel_ids = nullif(array_remove(channel_ids, ${id}::uuid), '{}')
          WHERE ${id}::uuid = ANY(channel_ids)`;
        return rows.length > 0;
      });
    },

    /**
     * Keeps a channel defined by a setting in step with it: created or changed (a default
     * channel) while the setting is given, removed once it is not.
     */
    async syncSetting(
      setting: string,
      channel: Omit<NewAlertChannel, 'isDefault'> | null,
    ): Promise<AlertChannel | null> {
      if (!channel) {
        await sql`DELETE FROM alert_channels WHERE setting = ${setting}`;
        return null;
      }
      const [row] = await sql`
        INSERT INTO alert_channels (kind, name, url, email, secret, is_default, setting)
        VALUES (${channel.kind}, ${channel.name}, ${channel.url}, ${channel.email}, ${channel.secret}, TRUE, ${setting})
        ON CONFLICT (setting) DO UPDATE SET
          kind = EXCLUDED.kind, url = EXCLUDED.url, email = EXCLUDED.email, secret = EXCLUDED.secret, updated_at = now()
        RETURNING ${PUBLIC(sql)}`;
      return toChannel(row as Record<string, unknown>);
    },
  };
}

export type AlertChannels = ReturnType<typeof createAlertChannels>;
