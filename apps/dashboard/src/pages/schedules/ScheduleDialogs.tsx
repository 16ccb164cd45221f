import type { Answer } from '@scheduler/client';
import type { Schedule } from '../../api.ts';
import { $api } from '../../api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { PauseDialog } from './PauseDialog.tsx';
import { ScheduleForm } from './ScheduleForm.tsx';
import { driftOf } from './ScheduleNotes.tsx';
import type { useScheduleCommands } from './use-schedule-commands.ts';

type Audience = Answer<'/api/job-types/{name}/audience', 'get', 200>;

/** A dialog open over a schedules page: a form, or a question before a command. */
export type Ask =
  | { kind: 'create' }
  | { kind: 'edit' | 'pause' | 'reset' | 'delete'; schedule: Schedule }
  | { kind: 'enable'; schedule: Schedule; audience: Audience };

/**
 * The dialogs of the schedules pages (the list and one schedule's page): New schedule, Edit,
 * Pause until, and the questions asked before enabling one that emails people, resetting one
 * to the code's, or deleting one. Focus goes into each and back to what opened it.
 */
export function ScheduleDialogs({
  ask,
  onClose,
  commands,
  existingNames = [],
}: {
  ask: Ask | null;
  onClose(): void;
  commands: ReturnType<typeof useScheduleCommands>;
  existingNames?: string[];
}) {
  const catalogue = $api.useQuery('get', '/api/job-types');
  const types = catalogue.data?.jobTypes ?? [];
  const typeP90 = (jobType: string) => types.find((t) => t.name === jobType)?.duration?.p90 ?? null;
  const closeUnlessOpen = (open: boolean) => (open ? null : onClose());
  const editing = ask?.kind === 'edit' ? ask.schedule : undefined;
  const saved = (s: Schedule, created: boolean) => {
    onClose();
    commands.setOutcome({ text: created ? `${s.name} created: it runs ${lower(s.when)}.` : `${s.name} saved.` });
    void commands.refresh();
  };
  return (
    <>
      <Dialog open={ask?.kind === 'create'} onOpenChange={closeUnlessOpen} title="New schedule">
        {ask?.kind === 'create' && types.length > 0 ? (
          <ScheduleForm types={types} existingNames={existingNames} typeP90={typeP90} onSaved={saved} />
        ) : null}
      </Dialog>
      <Dialog open={editing !== undefined} onOpenChange={closeUnlessOpen} title={`Edit ${editing?.name ?? ''}`}>
        {editing && types.length > 0 ? (
          <ScheduleForm key={editing.name} schedule={editing} types={types} typeP90={typeP90} onSaved={saved} />
        ) : null}
      </Dialog>
      <PauseDialog
        schedule={ask?.kind === 'pause' ? ask.schedule : undefined}
        onOpenChange={closeUnlessOpen}
        pause={commands.pause}
      />
      <ConfirmDialog
        open={ask?.kind === 'reset'}
        onOpenChange={closeUnlessOpen}
        title={`Reset ${ask?.kind === 'reset' ? ask.schedule.name : ''} to the code's?`}
        confirmLabel="Reset to the code's"
        onConfirm={() => ask?.kind === 'reset' && void commands.reset(ask.schedule)}
      >
        {ask?.kind === 'reset' ? (
          <>
            <p>
              The changes made here by {ask.schedule.override?.by ?? 'an admin'} are dropped, and it follows the code
              again (later deploys update it):
            </p>
            <ul>
              {driftOf(ask.schedule).map((d) => (
                <li key={d.field}>
                  {d.here} → {d.code}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={ask?.kind === 'enable'}
        onOpenChange={closeUnlessOpen}
        title={`Enable ${ask?.kind === 'enable' ? ask.schedule.name : ''}?`}
        confirmLabel="Enable and send on schedule"
        onConfirm={() => ask?.kind === 'enable' && void commands.setEnabled(ask.schedule, true)}
      >
        {ask?.kind === 'enable' ? (
          <p>
            Each run of {ask.schedule.name} ({ask.schedule.jobType}) emails{' '}
            {ask.audience.recipients === null
              ? 'the users it concerns'
              : `${ask.audience.recipients} ${ask.audience.recipients === 1 ? 'user' : 'users'} (as of now)`}
            , {lower(ask.schedule.when)}.
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={ask?.kind === 'delete'}
        onOpenChange={closeUnlessOpen}
        title={`Delete ${ask?.kind === 'delete' ? ask.schedule.name : ''}?`}
        confirmLabel="Delete the schedule"
        onConfirm={() => ask?.kind === 'delete' && void commands.remove(ask.schedule)}
      >
        <p>Its past runs stay. A built-in schedule can be brought back with Restore defaults.</p>
      </ConfirmDialog>
    </>
  );
}

/** "At 03:00 (UTC)" inside a sentence. */
const lower = (when: string) => when.replace(/^A/, 'a');
