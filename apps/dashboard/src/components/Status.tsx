const ICONS: Record<string, string> = {
  pending: '◷',
  running: '▶',
  completed: '✓',
  failed: '✕',
  cancelled: '⊘',
};

/** A job's status as an icon and a word (never colour alone). */
export function Status({ status, stopping = false }: { status: string; stopping?: boolean }) {
  const label = stopping ? 'stopping' : status;
  return (
    <span className={`status status-${stopping ? 'stopping' : status}`}>
      <span aria-hidden="true">{ICONS[status] ?? '•'}</span> {label}
    </span>
  );
}
