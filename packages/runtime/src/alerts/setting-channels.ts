import type { AlertChannels } from '@scheduler/db';

export interface AlertChannelSettings {
  ALERT_WEBHOOK_URL?: string | undefined;
  ALERT_WEBHOOK_SECRET?: string | undefined;
  ALERT_EMAIL?: string | undefined;
}

/**
 * The default channels the settings give: created or brought in step at start, removed once
 * their setting is gone. Admins add others through the API.
 */
export async function syncSettingChannels(channels: AlertChannels, settings: AlertChannelSettings): Promise<void> {
  await channels.syncSetting(
    'ALERT_WEBHOOK_URL',
    settings.ALERT_WEBHOOK_URL
      ? {
          kind: 'webhook',
          name: 'Default webhook (ALERT_WEBHOOK_URL)',
          url: settings.ALERT_WEBHOOK_URL,
          email: null,
          secret: settings.ALERT_WEBHOOK_SECRET ?? null,
        }
      : null,
  );
  await channels.syncSetting(
    'ALERT_EMAIL',
    settings.ALERT_EMAIL
      ? { kind: 'email', name: 'Default email (ALERT_EMAIL)', url: null, email: settings.ALERT_EMAIL, secret: null }
      : null,
  );
}
