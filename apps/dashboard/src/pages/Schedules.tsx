import { useQueryClient } from '@tanstack/react-query';
import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';
import { Link } from 'wouter';
import { $api, type Schedule } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { TagList } from '../components/table/JobRows.tsx';
import { fromNow } from '../format.ts';
import { useCanWrite } from '../session.tsx';
import { useNow } from '../use-now.ts';
import { LastRun } from './schedules/LastRun.tsx';
import { Said } from './schedules/Said.tsx';
import { type Ask, ScheduleDialogs } from './schedules/ScheduleDialogs.tsx';
import { Drift, LastMiss, Origin, PauseNote } from './schedules/ScheduleNotes.tsx';
import { untilNextChange, useScheduleCommands } from './schedules/use-schedule-commands.ts';
import './schedules/schedules.css';

/** Every schedule: where it comes from, when it runs next, how its last run went, and its controls. */
export default function Schedules() {
  const now = useNow(5000);
  // A schedule whose next run has come has run (or is about to), and one whose pause ends runs
  // again: read the list again just after, so neither is shown as it was before.
  const list = $api.useQuery(
    'get',
    '/api/schedules',
    {},
    {
      refetchInterval: (query) => untilNextChange(query.state.data?.schedules ?? []),
    },
  );
  const queryClient = useQueryClient();
  const [ask, setAsk] = useState<Ask | null>(null);
  const canWrite = useCanWrite();
  const commands = useScheduleCommands();
  const schedules = list.data?.schedules ?? [];

  const askToEnable = async (s: Schedule) => {
    try {
      commands.setError(null);
      // Whether its runs email people is the API's to say (and how many, read now).
      const audience = await queryClient.fetchQuery({
        ...$api.queryOptions('get', '/api/job-types/{name}/audience', { params: { path: { name: s.jobType } } }),
        staleTime: 0,
      });
      if (audience.sendsEmail) setAsk({ kind: 'enable', schedule: s, audience });
      else await commands.setEnabled(s, true);
    } catch (caught) {
      commands.setError(caught);
    }
  };
  return (
    <div className="schedules-page">
      <div className="page-head">
        <h1>Schedules</h1>
        {canWrite ? (
          <div className="actions">
            <button type="button" onClick={commands.restoreDefaults}>
              Restore defaults
            </button>
            <button type="button" className="primary" onClick={() => setAsk({ kind: 'create' })}>
              New schedule
            </button>
          </div>
        ) : null}
      </div>
      <Problem error={commands.error ?? list.error} />
      <Said outcome={commands.outcome} />
      <table className="schedules">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">when</th>
            <th scope="col">next</th>
            <th scope="col">last run</th>
            <th scope="col">enabled</th>
            {canWrite ? <th scope="col">actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.name} data-schedule={s.name}>
              <td>
                <span className="schedule-name">
                  <Link href={`/schedules/${s.name}`}>
                    <strong>{s.name}</strong>
                  </Link>{' '}
                  <Origin schedule={s} />
                </span>
                <div className="muted">
                  {s.jobType}
                  {s.description ? ` · ${s.description}` : ''}
                  {/* Each links to the jobs that carry it: this schedule's runs among them. */}
                  <TagList tags={s.tags} />
                </div>
                <Drift schedule={s} />
                <LastMiss schedule={s} />
              </td>
              <td>{s.when}</td>
              <td>
                {s.pause && s.enabled ? (
                  <PauseNote pause={s.pause} timezone={s.timezone} onResume={() => commands.resume(s.name)} />
                ) : s.nextRunAt ? (
                  // Between its time and the next read the run is under way: "now", not "1 second ago".
                  fromNow(new Date(Math.max(Date.parse(s.nextRunAt), now)).toISOString(), now)
                ) : (
                  '–'
                )}
              </td>
              <td>{s.lastRun ? <LastRun run={s.lastRun} /> : '–'}</td>
              <td>{s.enabled ? 'yes' : 'no'}</td>
              {canWrite ? (
                <td>
                  <div className="actions schedule-actions">
                    <button
                      type="button"
                      className="toggle"
                      onClick={() => (s.enabled ? commands.setEnabled(s, false) : askToEnable(s))}
                    >
                      {s.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" onClick={() => commands.runNow(s)}>
                      Run now
                    </button>
                    <button type="button" onClick={() => setAsk({ kind: 'edit', schedule: s })}>
                      Edit
                    </button>
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger asChild>
                        <button type="button" aria-label={`More for ${s.name}`}>
                          More ▾
                        </button>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Portal>
                        <DropdownMenu.Content className="menu" align="end">
                          {s.pause ? (
                            <DropdownMenu.Item className="menu-item" onSelect={() => commands.resume(s.name)}>
                              Resume now
                            </DropdownMenu.Item>
                          ) : (
                            <DropdownMenu.Item
                              className="menu-item"
                              onSelect={() => setAsk({ kind: 'pause', schedule: s })}
                            >
                              Pause until…
                            </DropdownMenu.Item>
                          )}
                          {s.override ? (
                            <DropdownMenu.Item
                              className="menu-item"
                              onSelect={() => setAsk({ kind: 'reset', schedule: s })}
                            >
                              Reset to the code's…
                            </DropdownMenu.Item>
                          ) : null}
                          <DropdownMenu.Item className="menu-item" asChild>
                            <Link href={`/schedules/${s.name}#misses`}>Missed runs</Link>
                          </DropdownMenu.Item>
                          <DropdownMenu.Item
                            className="menu-item danger"
                            onSelect={() => setAsk({ kind: 'delete', schedule: s })}
                          >
                            Delete…
                          </DropdownMenu.Item>
                        </DropdownMenu.Content>
                      </DropdownMenu.Portal>
                    </DropdownMenu.Root>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <ScheduleDialogs
        ask={ask}
        onClose={() => setAsk(null)}
        commands={commands}
        existingNames={schedules.map((s) => s.name)}
      />
    </div>
  );
}
