import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';
import { $api, api, unwrap } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Problem } from '../components/Problem.tsx';
import { type AlertChannel, type AlertRule, useAlertChannels, useAlertRereads, useAlertRules } from '../data/alerts.ts';
import { type KeyHeader, useIntents } from '../intents.ts';
import { useCanWrite } from '../session.tsx';
import { AlertTabs, SubjectLink } from './alerts/AlertParts.tsx';
import { type ChannelBody, ChannelForm } from './alerts/ChannelForm.tsx';
import { type RuleBody, RuleForm } from './alerts/RuleForm.tsx';
import { SecretOnce } from './alerts/SecretOnce.tsx';
import { ALERT_KINDS, boundsWords, kindWords } from './alerts/words.ts';
import './alerts/alerts.css';

/** What a test send answered, per channel. */
type TestResult = { delivered: boolean; status: number | null; error: string | null };
/** What the dialog shows: a rule's form, a new channel's form, or a new webhook's secret. */
type Editing =
  | { kind: 'rule'; rule: AlertRule | null }
  | { kind: 'channel'; channelKind: 'webhook' | 'email' }
  | { kind: 'secret'; name: string; secret: string };
type Question = { kind: 'delete-rule'; rule: AlertRule } | { kind: 'delete-channel'; channel: AlertChannel };

const testWords = (result: TestResult) =>
  result.delivered
    ? `delivered${result.status !== null ? ` (HTTP ${result.status})` : ''}`
    : `not delivered: ${result.error ?? 'no answer'}${result.status !== null ? ` (HTTP ${result.status})` : ''}`;

/**
 * The alert rules (with the built-in defaults) and the channels they reach. Admins turn rules
 * on and off, change their bounds, subject and channels, add webhooks and email channels, mark
 * the default ones, and send a test alert to see a channel works.
 */
export default function AlertSettings() {
  const rules = useAlertRules();
  const channels = useAlertChannels();
  const jobTypes = $api.useQuery('get', '/api/job-types');
  const schedules = $api.useQuery('get', '/api/schedules');
  const canWrite = useCanWrite();
  const rereads = useAlertRereads();
  const sendOnce = useIntents();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tests, setTests] = useState<Record<string, TestResult | 'sending'>>({});
  // In the order of the kinds (what breaks first, then what slows down), then by name.
  const ruleList = [...(rules.data?.rules ?? [])].sort(
    (a, b) => ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
  const channelList = channels.data?.channels ?? [];
  const channelName = (id: string) => channelList.find((c) => c.id === id)?.name ?? 'a removed channel';
  const typeNames = (jobTypes.data?.jobTypes ?? []).map((t) => t.name);
  const subjectNames = {
    job_type: typeNames,
    queue: typeNames,
    schedule: (schedules.data?.schedules ?? []).map((s) => s.name),
  };

  /** A command sent once per intent; a refusal shows where the reader looks. */
  const act = async <T,>(intent: string, work: (headers: KeyHeader) => Promise<T>, reread: () => Promise<void>) => {
    try {
      setError(null);
      const answer = await sendOnce(intent, work);
      if (answer !== undefined) await reread();
      return answer;
    } catch (caught) {
      setError(caught);
      return undefined;
    }
  };

  const saveRule = async (rule: AlertRule | null, body: RuleBody) => {
    // A form's refusal shows in the form: this throws it there.
    const { kind, ...change } = body;
    const saved = await sendOnce(`rule:${rule?.id ?? 'new'}:${JSON.stringify(body)}`, (headers) =>
      rule
        ? unwrap(api.PUT('/api/alert-rules/{id}', { params: { path: { id: rule.id } }, body: change, headers }))
        : unwrap(api.POST('/api/alert-rules', { body: { ...change, kind: kind ?? 'final_failure' }, headers })),
    );
    if (!saved) return;
    setEditing(null);
    setOutcome(rule ? `${saved.name} saved.` : `${saved.name} added.`);
    await rereads.rules();
  };
  const setRuleEnabled = (rule: AlertRule, enabled: boolean) =>
    act(
      `rule-enabled:${rule.id}:${enabled}`,
      (headers) =>
        unwrap(api.PUT('/api/alert-rules/{id}', { params: { path: { id: rule.id } }, body: { enabled }, headers })),
      async () => {
        setOutcome(`${rule.name} ${enabled ? 'enabled' : 'disabled'}.`);
        await rereads.rules();
      },
    );
  const deleteRule = (rule: AlertRule) =>
    act(
      `rule-delete:${rule.id}`,
      (headers) => unwrap(api.DELETE('/api/alert-rules/{id}', { params: { path: { id: rule.id } }, headers })),
      async () => {
        setOutcome(`${rule.name} removed; its alerts stay in the history.`);
        await rereads.rules();
      },
    );

  const addChannel = async (body: ChannelBody) => {
    const added = await sendOnce(`channel:new:${JSON.stringify(body)}`, (headers) =>
      unwrap(api.POST('/api/alert-channels', { body, headers })),
    );
    if (!added) return;
    await rereads.channels();
    const secret = (added as { secret?: string | null }).secret;
    if (secret) setEditing({ kind: 'secret', name: added.name, secret });
    else {
      setEditing(null);
      setOutcome(`${added.name} added.`);
    }
  };
  const setDefault = (channel: AlertChannel, isDefault: boolean) =>
    act(
      `channel-default:${channel.id}:${isDefault}`,
      (headers) =>
        unwrap(
          api.PUT('/api/alert-channels/{id}', { params: { path: { id: channel.id } }, body: { isDefault }, headers }),
        ),
      async () => {
        setOutcome(`${channel.name} is ${isDefault ? 'now' : 'no longer'} a default channel.`);
        await rereads.channels();
      },
    );
  const deleteChannel = (channel: AlertChannel) =>
    act(
      `channel-delete:${channel.id}`,
      (headers) => unwrap(api.DELETE('/api/alert-channels/{id}', { params: { path: { id: channel.id } }, headers })),
      async () => {
        setOutcome(`${channel.name} removed.`);
        await rereads.channels();
      },
    );
  const sendTest = async (channel: AlertChannel) => {
    setTests((t) => ({ ...t, [channel.id]: 'sending' }));
    const result = await act(
      `channel-test:${channel.id}`,
      (headers) => unwrap(api.POST('/api/alert-channels/{id}/test', { params: { path: { id: channel.id } }, headers })),
      async () => {},
    );
    setTests((t) => {
      const { [channel.id]: _, ...rest } = t;
      return result ? { ...t, [channel.id]: result } : rest;
    });
    if (result) setOutcome(`Test alert to ${channel.name}: ${testWords(result)}.`);
  };

  return (
    <div className="alerts-page">
      <div className="alerts-head">
        <h1>Alert settings</h1>
        <AlertTabs />
      </div>
      <Problem error={error ?? rules.error ?? channels.error} />
      <p className="outcome" role="status">
        {outcome}
      </p>

      <section aria-labelledby="alert-rules">
        <div className="section-head">
          <h2 id="alert-rules">Rules</h2>
          {canWrite ? (
            <button type="button" onClick={() => setEditing({ kind: 'rule', rule: null })}>
              Add a rule
            </button>
          ) : null}
        </div>
        <table className="alert-rules">
          <caption className="visually-hidden">Alert rules</caption>
          <thead>
            <tr>
              <th scope="col">rule</th>
              <th scope="col">for</th>
              <th scope="col">fires</th>
              <th scope="col">sent to</th>
              <th scope="col">enabled</th>
              {canWrite ? <th scope="col">actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {ruleList.map((rule) => (
              <tr key={rule.id} data-rule-id={rule.id} data-kind={rule.kind} data-enabled={rule.enabled}>
                <td>
                  <strong>{rule.name}</strong>
                  <div className="muted">
                    {kindWords(rule.kind)}
                    {rule.builtIn ? ' · built in' : ''}
                  </div>
                </td>
                <td>
                  <SubjectLink subject={rule.subject} />
                </td>
                <td>{boundsWords(rule.params, rule.kind)}</td>
                <td>
                  {rule.channelIds === null ? (
                    <span className="muted">default channels</span>
                  ) : (
                    rule.channelIds.map(channelName).join(', ')
                  )}
                </td>
                <td>{rule.enabled ? 'yes' : 'no'}</td>
                {canWrite ? (
                  <td className="actions">
                    <button
                      type="button"
                      className="toggle"
                      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.name}`}
                      onClick={() => void setRuleEnabled(rule, !rule.enabled)}
                    >
                      {rule.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      aria-label={`Edit ${rule.name}`}
                      onClick={() => setEditing({ kind: 'rule', rule })}
                    >
                      Edit
                    </button>
                    {rule.builtIn ? null : (
                      <button
                        type="button"
                        aria-label={`Delete ${rule.name}`}
                        onClick={() => setQuestion({ kind: 'delete-rule', rule })}
                      >
                        Delete…
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="alert-channels">
        <div className="section-head">
          <h2 id="alert-channels">Channels</h2>
          {canWrite ? (
            <div className="actions">
              <button type="button" onClick={() => setEditing({ kind: 'channel', channelKind: 'webhook' })}>
                Add a webhook
              </button>
              <button type="button" onClick={() => setEditing({ kind: 'channel', channelKind: 'email' })}>
                Add an email channel
              </button>
            </div>
          ) : null}
        </div>
        {channels.data && channelList.length === 0 ? (
          <p className="muted">No channel yet: alerts show here, and reach nobody else.</p>
        ) : null}
        {channelList.length > 0 ? (
          <table className="alert-channels">
            <caption className="visually-hidden">Alert channels</caption>
            <thead>
              <tr>
                <th scope="col">channel</th>
                <th scope="col">sends to</th>
                <th scope="col">default</th>
                <th scope="col">last test</th>
                {canWrite ? <th scope="col">actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {channelList.map((channel) => {
                const test = tests[channel.id];
                return (
                  <tr key={channel.id} data-channel-id={channel.id} data-channel={channel.name}>
                    <td>
                      <strong>{channel.name}</strong>
                      <div className="muted">
                        {channel.kind}
                        {channel.kind === 'webhook' && channel.secretSet ? ' · signed' : ''}
                        {channel.setting ? ` · set by ${channel.setting}` : ''}
                      </div>
                    </td>
                    <td className="channel-target">{channel.url ?? channel.email}</td>
                    <td>
                      {channel.isDefault ? <span className="badge">default</span> : <span className="muted">no</span>}
                    </td>
                    <td
                      data-test-result={
                        test === undefined ? undefined : test === 'sending' ? 'sending' : test.delivered
                      }
                    >
                      {test === undefined ? (
                        <span className="muted">–</span>
                      ) : test === 'sending' ? (
                        'sending…'
                      ) : (
                        <span className={`delivery delivery-${test.delivered ? 'delivered' : 'retrying'}`}>
                          <span aria-hidden="true">{test.delivered ? '✓' : '✕'}</span> {testWords(test)}
                        </span>
                      )}
                    </td>
                    {canWrite ? (
                      <td className="actions">
                        <button
                          type="button"
                          aria-label={`Send a test alert to ${channel.name}`}
                          disabled={test === 'sending'}
                          onClick={() => void sendTest(channel)}
                        >
                          Send a test alert
                        </button>
                        {/* A channel from a setting changes with the setting, not here. */}
                        {channel.setting ? null : (
                          <DropdownMenu.Root>
                            <DropdownMenu.Trigger asChild>
                              <button type="button" aria-label={`More for ${channel.name}`}>
                                More ▾
                              </button>
                            </DropdownMenu.Trigger>
                            <DropdownMenu.Portal>
                              <DropdownMenu.Content className="menu" align="end">
                                <DropdownMenu.Item
                                  className="menu-item"
                                  onSelect={() => void setDefault(channel, !channel.isDefault)}
                                >
                                  {channel.isDefault ? 'No longer a default' : 'Make it a default'}
                                </DropdownMenu.Item>
                                <DropdownMenu.Item
                                  className="menu-item danger"
                                  onSelect={() => setQuestion({ kind: 'delete-channel', channel })}
                                >
                                  Delete…
                                </DropdownMenu.Item>
                              </DropdownMenu.Content>
                            </DropdownMenu.Portal>
                          </DropdownMenu.Root>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>

      <Dialog
        open={editing !== null}
        onOpenChange={(open) => (open ? null : setEditing(null))}
        title={
          editing?.kind === 'rule'
            ? editing.rule
              ? `Rule ${editing.rule.name}`
              : 'New rule'
            : editing?.kind === 'channel'
              ? editing.channelKind === 'webhook'
                ? 'New webhook'
                : 'New email channel'
              : 'Webhook added'
        }
      >
        {editing?.kind === 'rule' ? (
          <RuleForm
            key={editing.rule?.id ?? 'new'}
            rule={editing.rule}
            rules={ruleList}
            channels={channelList}
            subjectNames={subjectNames}
            onSubmit={(body) => saveRule(editing.rule, body)}
          />
        ) : editing?.kind === 'channel' ? (
          <ChannelForm
            key={editing.channelKind}
            kind={editing.channelKind}
            // The built-in rules send to the default channels: a first channel is one unless unticked.
            defaultAtFirst={!channelList.some((channel) => channel.isDefault)}
            onSubmit={addChannel}
          />
        ) : editing?.kind === 'secret' ? (
          <SecretOnce name={editing.name} secret={editing.secret} />
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={question !== null}
        onOpenChange={(open) => (open ? null : setQuestion(null))}
        title={
          question?.kind === 'delete-rule'
            ? `Delete the rule ${question.rule.name}?`
            : `Delete the channel ${question?.kind === 'delete-channel' ? question.channel.name : ''}?`
        }
        confirmLabel={question?.kind === 'delete-rule' ? 'Delete the rule' : 'Delete the channel'}
        onConfirm={() => {
          if (question?.kind === 'delete-rule') void deleteRule(question.rule);
          else if (question?.kind === 'delete-channel') void deleteChannel(question.channel);
        }}
      >
        <p>
          {question?.kind === 'delete-rule'
            ? 'It stops firing; its past alerts stay in the history.'
            : 'Rules that name it send to their other channels; notifications not yet delivered to it are dropped.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}
