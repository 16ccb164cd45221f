import type { Answer, paths } from '@scheduler/client';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { $api } from './client.ts';

/** An alert as GET /api/alerts lists it, with its notifications per channel. */
export type Alert = Answer<'/api/alerts', 'get', 200>['alerts'][number];
export type AlertNotification = Alert['notifications'][number];
export type AlertRule = Answer<'/api/alert-rules', 'get', 200>['rules'][number];
export type AlertChannel = Answer<'/api/alert-channels', 'get', 200>['channels'][number];
/** The query of GET /api/alerts as the dashboard sends it. */
export type AlertQuery = NonNullable<paths['/api/alerts']['get']['parameters']['query']>;

/**
 * No event tells of an alert: the open alerts are read again this often, by the navigation's
 * count and the alerts page alike (they share this one read).
 */
const OPEN_ALERTS_REREAD_MS = 15_000;
/** The most open alerts read at once; more than this is shown as "100+". */
export const OPEN_ALERTS_LIMIT = 100;

const OPEN_ALERTS = { params: { query: { state: 'open', limit: OPEN_ALERTS_LIMIT } } } as const;

/** Every open alert (up to OPEN_ALERTS_LIMIT), read again every 15 s. */
export const useOpenAlerts = () =>
  $api.useQuery('get', '/api/alerts', OPEN_ALERTS, { refetchInterval: OPEN_ALERTS_REREAD_MS });

/** A page of the alert history; the previous page stays shown while the next one loads. */
export const useAlertHistory = (query: AlertQuery) =>
  $api.useQuery('get', '/api/alerts', { params: { query } }, { placeholderData: keepPreviousData });

export const useAlertRules = () => $api.useQuery('get', '/api/alert-rules');
export const useAlertChannels = () => $api.useQuery('get', '/api/alert-channels');

const alertsKey = ['get', '/api/alerts'];
const rulesKey = ['get', '/api/alert-rules'];
const channelsKey = ['get', '/api/alert-channels'];

/** After a change: every read of alerts (open, history pages, the count), rules or channels again. */
export function useAlertRereads() {
  const client = useQueryClient();
  return {
    alerts: () => client.invalidateQueries({ queryKey: alertsKey }),
    rules: () => client.invalidateQueries({ queryKey: rulesKey }),
    channels: () => client.invalidateQueries({ queryKey: channelsKey }),
  };
}
